import { describe, expect, it } from 'vitest';
import { medicalDepartment } from './departments.ts';
import { triageDepartments } from './triage.ts';
import { TRIAGE_DEV_SET } from './triage-dev-set.ts';

// Floors on the development set, per language: the best suggestion is acceptable for at least
// 85 % of the messages, and an acceptable one is among the first three for at least 95 %.
const FLOORS = { top1: 0.85, top3: 0.95 } as const;

describe('triage on the body-map development set', () => {
  it('has at least 150 messages per language, each with one or two known departments', () => {
    for (const locale of ['zh-CN', 'en'] as const)
      expect(TRIAGE_DEV_SET.filter((c) => c.locale === locale).length).toBeGreaterThanOrEqual(150);
    const bad = TRIAGE_DEV_SET.filter(
      (c) => c.accept.length < 1 || c.accept.length > 2 || c.accept.some((d) => !medicalDepartment(d)),
    );
    expect(bad).toEqual([]);
  });

  it('repeats no message', () => {
    const texts = TRIAGE_DEV_SET.map((c) => c.text);
    expect(new Set(texts).size).toBe(texts.length);
  });

  for (const locale of ['zh-CN', 'en'] as const)
    it(`ranks an acceptable department first for ${FLOORS.top1 * 100} % and in the top three for ${FLOORS.top3 * 100} % (${locale})`, () => {
      const cases = TRIAGE_DEV_SET.filter((c) => c.locale === locale);
      const ranked = cases.map((c) => ({ c, got: triageDepartments(c.text).map((s) => s.department) }));
      const first = ranked.filter(({ c, got }) => c.accept.includes(got[0] ?? ''));
      const within3 = ranked.filter(({ c, got }) => got.some((d) => c.accept.includes(d)));
      const misses = ranked
        .filter((r) => !within3.includes(r))
        .map(({ c, got }) => `${c.text} → ${got.join(',')}`);
      expect(first.length / cases.length, misses.join('\n')).toBeGreaterThanOrEqual(FLOORS.top1);
      expect(within3.length / cases.length, misses.join('\n')).toBeGreaterThanOrEqual(FLOORS.top3);
    });
});

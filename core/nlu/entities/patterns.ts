import type { Entity } from './entity.ts';
import { isValidResidentId } from './resident-id.ts';

export interface PatternOptions {
  /** The pack's medical-record or student number, as a regular expression source (no flags). */
  readonly recordNumber?: string;
}

interface Rule {
  readonly type: string;
  readonly pattern: RegExp;
  readonly value: (match: string) => string | undefined;
}

const digits = (s: string) => s.replace(/[^\d+]/g, '');

// Order matters: earlier rules win overlaps, so a +86 mobile is a mobile, not a generic phone.
const BUILT_IN: readonly Rule[] = [
  { type: 'email', pattern: /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/g, value: (m) => m },
  {
    type: 'resident_id',
    pattern: /(?<![\dA-Za-z])\d{17}[\dx](?![\dA-Za-z])/g,
    value: (m) => (isValidResidentId(m) ? m.toUpperCase() : undefined),
  },
  {
    type: 'mobile_cn',
    pattern: /(?<![\d+])(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)/g,
    value: (m) => `+86${digits(m).replace(/^\+?86/, '')}`,
  },
  {
    type: 'phone',
    // E.164: a plus, a country code and at most 15 digits, optionally grouped.
    pattern: /(?<![\d+])\+[1-9](?:[ -]?\d){6,14}(?!\d)/g,
    value: (m) => digits(m),
  },
];

export type PatternMatcher = (text: string) => Entity[];

export function createPatternMatcher(options: PatternOptions = {}): PatternMatcher {
  const rules: Rule[] = [...BUILT_IN];
  if (options.recordNumber) {
    // Text is case-folded before matching, so the pack's pattern is applied case-insensitively
    // and the value upper-cased, the way record numbers are printed.
    const source = options.recordNumber;
    rules.push({
      type: 'record_number',
      pattern: new RegExp(`(?<![a-z0-9])(?:${source})(?![a-z0-9])`, 'giu'),
      value: (m) => m.toUpperCase(),
    });
  }
  return (text) => {
    const found: Entity[] = [];
    const taken: [number, number][] = [];
    for (const rule of rules) {
      for (const m of text.matchAll(rule.pattern)) {
        const start = m.index;
        const end = start + m[0].length;
        if (taken.some(([s, e]) => start < e && end > s)) continue;
        const value = rule.value(m[0]);
        if (value === undefined) continue;
        taken.push([start, end]);
        found.push({ type: rule.type, value, text: m[0], start, end, source: 'pattern' });
      }
    }
    return found;
  };
}

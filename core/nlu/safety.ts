import { isNegated } from './negation.ts';

/** A pack's red flag: any pattern matching (and not negated) raises it. */
export interface SafetyRule {
  readonly id: string;
  readonly severity: 'emergency' | 'urgent';
  /** Regular-expression sources, matched case-insensitively on normalised text. */
  readonly patterns: readonly string[];
}

export interface SafetyMatch {
  readonly rule: string;
  readonly severity: SafetyRule['severity'];
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface SafetyResult {
  readonly flagged: boolean;
  readonly severity: SafetyRule['severity'] | 'none';
  readonly matches: readonly SafetyMatch[];
}

export type SafetyDetector = (text: string) => SafetyResult;

const NONE: SafetyResult = { flagged: false, severity: 'none', matches: [] };

/**
 * Tuned for recall (DESIGN §2.6: red flags always win). Each pattern is also tried on the text
 * with spaces removed, so "胸 痛" and "胸痛" both match, and only an explicit, nearby negation
 * in the same clause suppresses a match: "不胸痛" and "no chest pain" do not flag, while
 * "没有发烧但是胸痛" does.
 */
export function createSafetyDetector(rules: readonly SafetyRule[]): SafetyDetector {
  const compiled = rules.map((rule) => ({
    rule,
    patterns: rule.patterns.map((p) => new RegExp(p, 'giu')),
  }));
  if (compiled.length === 0) return () => NONE;
  return (text) => {
    const matches: SafetyMatch[] = [];
    const squeezed = squeeze(text);
    for (const { rule, patterns } of compiled) {
      let hit: SafetyMatch | undefined;
      for (const pattern of patterns) {
        hit =
          firstUnnegated(pattern, text, (i) => i, rule) ??
          firstUnnegated(pattern, squeezed.text, squeezed.map, rule, text);
        if (hit) break;
      }
      if (hit) matches.push(hit);
    }
    if (matches.length === 0) return NONE;
    const severity = matches.some((m) => m.severity === 'emergency') ? 'emergency' : 'urgent';
    return { flagged: true, severity, matches };
  };
}

function firstUnnegated(
  pattern: RegExp,
  text: string,
  toOriginal: (i: number) => number,
  rule: SafetyRule,
  original = text,
): SafetyMatch | undefined {
  for (const m of text.matchAll(pattern)) {
    if (m[0].length === 0) continue;
    const start = toOriginal(m.index);
    const end = toOriginal(m.index + m[0].length - 1) + 1;
    if (!isNegated(original, start))
      return { rule: rule.id, severity: rule.severity, text: original.slice(start, end), start, end };
  }
  return undefined;
}

// Only spaces between Chinese characters are dropped; English needs its spaces.
function squeeze(text: string): { text: string; map: (i: number) => number } {
  const kept: number[] = [];
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === ' ' && isHanAt(text, i - 1) && isHanAt(text, i + 1)) continue;
    kept.push(i);
    out += text[i];
  }
  return { text: out, map: (i) => kept[i] ?? text.length };
}

function isHanAt(text: string, i: number): boolean {
  return i >= 0 && i < text.length && /\p{Script=Han}/u.test(text[i] as string);
}

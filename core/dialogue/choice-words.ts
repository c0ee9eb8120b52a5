import type { Choice } from './dialogue-state.ts';

/** A `choose` state shows at most this many options: more is a list nobody reads on a phone. */
export const MAX_CHOICES = 5;

const ZH_DIGITS: Readonly<Record<string, number>> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5 };
const EN_ORDINALS: Readonly<Record<string, number>> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
};

// "2", "第2个", "2号", "#2", "option 2", "no. 2", "2nd", "2 please".
const NUMBERED =
  /^(?:第|选|选择|要|option|number|no\.?|#)?\s*([1-9])\s*(?:个|号|项|种|st|nd|rd|th)?\s*(?:吧|的|那个|one|please|pls)?$/u;
// "第二个", "二", "选三", "第一个吧".
const ZH_ORDINAL = /^(?:第|选|选择|要)?([一二两三四五])(?:个|项|种)?(?:吧|的|那个)?$/u;
// "the second one", "second", "first please", "option two".
const EN_ORDINAL = /^(?:the\s+)?(?:option\s+)?([a-z]+)(?:\s+(?:one|option|slot|time))?(?:\s+please)?$/u;
const LAST = /^(?:最后一个|最后那个|the\s+last(?:\s+one)?|last(?:\s+one)?)$/u;
// 9:30, 9：30, 9点30, 9点半, 14:00.
const CLOCK = /(\d{1,2})\s*(?:[:：]\s*(\d{2})|点\s*(半|\d{1,2})?)/u;

const fold = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .trim()
    .replace(/[\s。.!！?？,，;；~～]+$/u, '');

/**
 * Which option a reply picks, as an index into `choices`: by its number ("2", "第二个", "the
 * second one", "last") or by the time it shows ("9:30", "9点半") when exactly one option shows it.
 * Undefined when the reply picks none, or could mean several.
 */
export function pickChoice(text: string, choices: readonly Choice[]): number | undefined {
  if (choices.length === 0) return undefined;
  const reply = fold(text);
  const inRange = (n: number | undefined) =>
    n !== undefined && n >= 1 && n <= choices.length ? n - 1 : undefined;
  if (LAST.test(reply)) return choices.length - 1;
  const numbered = NUMBERED.exec(reply);
  if (numbered) return inRange(Number(numbered[1]));
  const zh = ZH_ORDINAL.exec(reply);
  if (zh) return inRange(ZH_DIGITS[zh[1] as string]);
  const en = EN_ORDINAL.exec(reply);
  if (en && EN_ORDINALS[en[1] as string] !== undefined) return inRange(EN_ORDINALS[en[1] as string]);
  const clock = CLOCK.exec(reply);
  if (clock) {
    const hour = Number(clock[1]);
    const minutes = clock[2] ?? (clock[3] === '半' ? '30' : (clock[3] ?? '00'));
    const time = `${String(hour).padStart(2, '0')}:${minutes.padStart(2, '0')}`;
    const matching = choices.flatMap((c, i) => (showsTime(c.label, time) ? [i] : []));
    if (matching.length === 1) return matching[0];
  }
  return undefined;
}

function showsTime(label: string, time: string): boolean {
  const unpadded = time.replace(/^0/, '');
  return new RegExp(`(?:^|[^\\d])(?:${time}|${unpadded})(?:[^\\d]|$)`, 'u').test(label.normalize('NFKC'));
}

/** The options as a numbered list, one per line. */
export function numberedChoices(choices: readonly Choice[]): string {
  return choices.map((c, i) => `${i + 1}. ${c.label}`).join('\n');
}

/** `und` (BCP 47 "undetermined") when the text has no letters at all: digits, emoji, symbols. */
export type Language = 'zh' | 'en' | 'mixed' | 'und';

/**
 * Script counting is enough to tell Chinese from English and is far cheaper than a character
 * n-gram language model. A message is `mixed` when both scripts carry real content — a Latin
 * word of two letters or more next to Chinese characters (我想挂cardiology的号), but not a
 * stray unit, letter or acronym (B超, 3ml, 做CT, 预约MRI).
 */
const MIXED_MIN_LETTERS = 4;

export function identifyLanguage(text: string): Language {
  let han = 0;
  let latinWords = 0;
  // Letters in words of two or more, so that a lone letter such as B超 does not count.
  let latinLetters = 0;
  let anyLatin = false;
  let run = 0;
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (isLatinLetter(code)) {
      run++;
      anyLatin = true;
      continue;
    }
    if (run >= 2) {
      latinWords++;
      latinLetters += run;
    }
    run = 0;
    if (isHan(code)) han++;
  }
  if (run >= 2) {
    latinWords++;
    latinLetters += run;
  }
  if (han > 0 && latinWords > 0 && latinLetters >= MIXED_MIN_LETTERS) return 'mixed';
  if (han > 0) return 'zh';
  if (anyLatin) return 'en';
  return 'und';
}

export function isHan(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x20000 && code <= 0x2ebef) ||
    (code >= 0xf900 && code <= 0xfaff)
  );
}

export function isLatinLetter(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7)
  );
}

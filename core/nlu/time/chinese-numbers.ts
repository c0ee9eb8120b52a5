const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** Chinese numerals as they appear in dates and times: 十五, 二十三, 两, 三十一, or ASCII digits. */
export const CN_NUMBER = '(?:\\d{1,4}|[零〇一二两三四五六七八九十]{1,4})';

/** Parses 0–99 in Chinese numerals (and plain digits); undefined if it is not one. */
export function parseChineseNumber(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if (text.length === 0) return undefined;
  const ten = text.indexOf('十');
  if (ten < 0) {
    // 二〇二五 style: digit by digit.
    let value = 0;
    for (const ch of text) {
      const d = DIGITS[ch];
      if (d === undefined) return undefined;
      value = value * 10 + d;
    }
    return value;
  }
  if (text.indexOf('十', ten + 1) >= 0) return undefined;
  const tens = ten === 0 ? 1 : DIGITS[text.slice(0, ten)];
  const rest = text.slice(ten + 1);
  const ones = rest === '' ? 0 : DIGITS[rest];
  if (tens === undefined || ones === undefined || ten > 1 || rest.length > 1) return undefined;
  return tens * 10 + ones;
}

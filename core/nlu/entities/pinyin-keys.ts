import { pinyin } from 'pinyin-pro';

const HAN = /\p{Script=Han}/u;
const ONLY_HAN = /^\p{Script=Han}+$/u;

/**
 * The Latin spellings a user may type for a Chinese name when no IME is at hand: full pinyin
 * with and without spaces (wang xiao ming, wang xiaoming, wangxiaoming) and initials (wxm). Initials need two letters at
 * least, and only whole words match (see the gazetteer), so "zw" does not fire inside a word.
 * Computed once per vocabulary entry, never per message: pinyin-pro is too slow for the hot path.
 */
export function pinyinKeys(form: string): string[] {
  if (!HAN.test(form) || !ONLY_HAN.test(form)) return [];
  const syllables = pinyin(form, { toneType: 'none', type: 'array', v: true }).map((s) => s.toLowerCase());
  // A name is written surname first, given name joined: "wang xiaoming".
  const keys = new Set([
    syllables.join(''),
    syllables.join(' '),
    `${syllables[0]} ${syllables.slice(1).join('')}`,
  ]);
  if (syllables.length >= 2) keys.add(syllables.map((s) => s[0]).join(''));
  return [...keys];
}

import { isHan } from '../nlu/language.ts';
import { normalizeText } from '../nlu/normalize.ts';
import { getSegmenter, type Segmenter } from '../nlu/segmenter.ts';
import { stemEnglish } from './english-stem.ts';
import { CHINESE_STOP_WORDS, ENGLISH_STOP_WORDS } from './stop-words.ts';

/**
 * Prefix of a Chinese character bigram term. Word terms consist of letters and digits only, so a
 * bigram never collides with the jieba word of the same two characters: both are kept and scored.
 */
export const BIGRAM_MARK = '~';

const WORD_CHAR = /[\p{L}\p{N}]/u;
const LATIN_WORD = /[\p{L}\p{N}]+/gu;
const DIGITS = /^\p{N}+$/u;
// Colloquial spellings of the same question word, so that 停车场在哪儿 meets 停车场在哪里.
const SYNONYMS: ReadonlyMap<string, string> = new Map(
  Object.entries({ 哪儿: '哪里', 哪: '哪里', 啥: '什么', 咋: '怎么' }).map(([from, to]) => [
    normalizeText(from).text,
    normalizeText(to).text,
  ]),
);

export interface Terms {
  /** Words: jieba words for Chinese, stemmed lower-case words for English. */
  readonly words: readonly string[];
  /** Chinese character bigrams (`~停车`), within each run of Chinese characters. */
  readonly bigrams: readonly string[];
}

function wordTerm(token: string): string | undefined {
  if (!WORD_CHAR.test(token)) return undefined;
  if (isHan(token.codePointAt(0) as number)) {
    const word = SYNONYMS.get(token) ?? token;
    return CHINESE_STOP_WORDS.has(word) ? undefined : word;
  }
  // A lone Latin letter (B超, vitamin c) says little on its own; numbers (120, 24) say a lot.
  if (token.length < 2 && !DIGITS.test(token)) return undefined;
  return ENGLISH_STOP_WORDS.has(token) ? undefined : stemEnglish(token);
}

/**
 * The search terms of a text, the same for articles and queries: the NLU's normal form (NFKC,
 * simplified Chinese, lower case), jieba words when the text has Chinese characters, and character
 * bigrams of each Chinese run so that two segmentations of the same phrase (停车场 / 停车 + 场)
 * still share terms. Bigrams that are stop words (你们) or contain a one-character stop word (门吗,
 * 的时) are dropped: they glue a particle to a content word and match nothing useful.
 */
export function searchTerms(text: string, segmenter: Segmenter = getSegmenter()): Terms {
  const normal = normalizeText(text).text;
  let hasHan = false;
  for (let i = 0; i < normal.length && !hasHan; i++) hasHan = isHan(normal.charCodeAt(i));
  const tokens = hasHan ? segmenter.cut(normal) : (normal.match(LATIN_WORD) ?? []);
  const words: string[] = [];
  for (const token of tokens) {
    // jieba passes Latin runs through whole ("ct", "covid-19" → "covid", "-", "19").
    const parts = hasHan && !isHan(token.charCodeAt(0)) ? (token.match(LATIN_WORD) ?? []) : [token];
    for (const part of parts) {
      const term = wordTerm(part);
      if (term) words.push(term);
    }
  }
  const bigrams: string[] = [];
  if (hasHan) {
    let run = 0;
    for (let i = 0; i < normal.length; i++) {
      if (!isHan(normal.charCodeAt(i))) {
        run = 0;
        continue;
      }
      if (++run >= 2) {
        const pair = normal.slice(i - 1, i + 1);
        const glue =
          CHINESE_STOP_WORDS.has(normal[i - 1] as string) || CHINESE_STOP_WORDS.has(normal[i] as string);
        if (!glue && !CHINESE_STOP_WORDS.has(pair)) bigrams.push(BIGRAM_MARK + pair);
      }
    }
  }
  return { words, bigrams };
}

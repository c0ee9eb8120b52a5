import { hashPadded, hashPair, hashRange, hashString, hashTriple } from './hash.ts';
import { isHan } from './language.ts';
import type { Segmenter } from './segmenter.ts';

/** How text becomes features; stored in the model so that parsing matches training exactly. */
export interface FeatureConfig {
  /** Character n-gram lengths over runs of Chinese characters, inclusive. */
  readonly hanCharNgrams: readonly [number, number];
  /** Character n-gram lengths inside space-padded Latin words, inclusive. */
  readonly latinCharNgrams: readonly [number, number];
  /** Adjacent word pairs (jieba words or English words). */
  readonly wordBigrams: boolean;
  /**
   * Pairs of Chinese characters with 1 to this many characters between them, within a run
   * (0 = none): 什么原因 and 什么的原因, 能吃吗 and 能不能吃 share cues that contiguous n-grams split.
   */
  readonly hanSkipBigrams: number;
  /** Prefix and suffix character n-grams up to this length (0 = none): question cues sit at the ends. */
  readonly edgeNgrams: number;
  /** Extra words for jieba, from the pack's vocabularies. */
  readonly userWords: readonly string[];
}

export const DEFAULT_FEATURES: FeatureConfig = {
  hanCharNgrams: [1, 3],
  latinCharNgrams: [2, 4],
  wordBigrams: true,
  hanSkipBigrams: 2,
  edgeNgrams: 0,
  userWords: [],
};

// One seed per feature family, so that the word 心 and the character unigram 心 stay apart.
const SEED_WORD = 0x1;
const SEED_BIGRAM = 0x2;
const SEED_HAN = 0x3;
const SEED_LATIN = 0x4;
const SEED_SHAPE = 0x5;
const SEED_PREFIX = 0x6;
const SEED_SUFFIX = 0x7;
const SEED_SKIP = 0x8;
const TRIM_END = /[^\p{L}\p{N}]+$/u;
const TRIM_START = /^[^\p{L}\p{N}]+/u;
const BOUNDARY = hashString('\u0002', SEED_WORD);

const WORD = /[\p{L}\p{N}]+(?:'\p{L}+)?/gu;
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;
const DIGITS = /^\p{N}+$/u;

export type FeatureCounts = Map<number, number>;

/** The hashed features of normalised `text`, counted (hash → count). */
export function extractFeatures(text: string, segmenter: Segmenter, config: FeatureConfig): FeatureCounts {
  const out: FeatureCounts = new Map();
  emitFeatures(text, segmenter, config, (h) => out.set(h, (out.get(h) ?? 0) + 1));
  return out;
}

/**
 * Calls `add` once per feature occurrence. Parsing passes a sink that looks hashes up in the
 * model directly, so the hot path builds no intermediate map.
 */
export function emitFeatures(
  text: string,
  segmenter: Segmenter,
  config: FeatureConfig,
  add: (h: number) => void,
): void {
  let hasHan = false;
  for (let i = 0; i < text.length && !hasHan; i++) hasHan = isHan(text.charCodeAt(i));
  const words = hasHan ? segmenter.cut(text).filter((w) => HAS_WORD_CHAR.test(w)) : (text.match(WORD) ?? []);

  let previous = BOUNDARY;
  for (const word of words) {
    // Numbers vary (3 days, 15号) while their role does not: one shape feature per length class.
    const h = DIGITS.test(word)
      ? hashString(word.length <= 2 ? 'n' : 'nnn', SEED_SHAPE)
      : hashString(word, SEED_WORD);
    add(h);
    if (config.wordBigrams) add(hashPair(previous, h, SEED_BIGRAM));
    previous = h;
    if (!isHan(word.charCodeAt(0))) addLatinNgrams(word, config.latinCharNgrams, add);
  }
  if (config.wordBigrams && words.length > 0) add(hashPair(previous, BOUNDARY, SEED_BIGRAM));
  if (hasHan) addHanNgrams(text, config.hanCharNgrams, config.hanSkipBigrams, add);
  if (config.edgeNgrams > 0) addEdgeNgrams(text, config.edgeNgrams, add);
}

function addLatinNgrams(word: string, [min, max]: readonly [number, number], add: (h: number) => void) {
  // Padding marks word starts and ends, as scikit-learn's char_wb analyser does; the padded
  // word is hashed in place rather than built, which is the same hash as hashing ` ${word} `.
  const length = word.length + 2;
  for (let n = min; n <= max; n++) {
    for (let i = 0; i + n <= length; i++) add(hashPadded(word, i, i + n, SEED_LATIN));
  }
}

function addHanNgrams(
  text: string,
  [min, max]: readonly [number, number],
  maxGap: number,
  add: (h: number) => void,
) {
  let start = 0;
  while (start < text.length) {
    while (start < text.length && !isHan(text.charCodeAt(start))) start++;
    let end = start;
    while (end < text.length && isHan(text.charCodeAt(end))) end++;
    for (let n = min; n <= max; n++) {
      for (let i = start; i + n <= end; i++) add(hashRange(text, i, i + n, SEED_HAN));
    }
    for (let gap = 1; gap <= maxGap; gap++) {
      for (let i = start; i + gap + 1 < end; i++)
        add(hashTriple(text.charCodeAt(i), gap, text.charCodeAt(i + gap + 1), SEED_SKIP));
    }
    start = end;
  }
}

function addEdgeNgrams(text: string, max: number, add: (h: number) => void) {
  const core = text.replace(TRIM_END, '').replace(TRIM_START, '');
  for (let n = 1; n <= Math.min(max, core.length); n++) {
    add(hashRange(core, 0, n, SEED_PREFIX));
    add(hashRange(core, core.length - n, core.length, SEED_SUFFIX));
  }
}

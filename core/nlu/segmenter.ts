import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

/** Cuts Chinese text into words; one per distinct user dictionary (see `getSegmenter`). */
export interface Segmenter {
  cut(text: string): string[];
}

const cache = new Map<string, Segmenter>();

/**
 * A jieba instance with the default dictionary plus the given user words (department names,
 * drug names, course titles from a pack). Instances are cached by dictionary: loading words
 * into a shared instance would change how a model trained earlier tokenises, so each model
 * keeps the exact dictionary it was trained with.
 */
export function getSegmenter(userWords: readonly string[] = []): Segmenter {
  const words = [
    ...new Set(userWords.map((w) => w.trim()).filter((w) => w.length > 0 && !/\s/.test(w))),
  ].sort();
  const key = words.join('\n');
  const existing = cache.get(key);
  if (existing) return existing;
  const jieba = Jieba.withDict(dict);
  // A high frequency makes a user word win over the default dictionary's split of it.
  if (words.length > 0) jieba.loadDict(Buffer.from(words.map((w) => `${w} 200000 n`).join('\n')));
  const segmenter: Segmenter = { cut: (text) => jieba.cut(text, true) };
  cache.set(key, segmenter);
  return segmenter;
}

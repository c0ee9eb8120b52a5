import { isLatinLetter } from '../language.ts';
import { normalizeText } from '../normalize.ts';
import type { Entity, EntityVocabulary } from './entity.ts';
import { pinyinKeys } from './pinyin-keys.ts';

interface Target {
  readonly type: string;
  readonly value: string;
  readonly source: 'vocabulary' | 'pinyin';
}

interface TrieNode {
  children: Map<number, TrieNode>;
  target?: Target;
}

/**
 * Longest-match lookup of every surface form of every vocabulary entry, in one trie over the
 * normalised text. Forms are normalised like the input, so 心內科, 心内科 and ＣＡＲＤＩＯ meet.
 * A form that starts or ends with a Latin letter only matches at word boundaries, so that
 * "ent" (ear, nose and throat) is not found inside "appointment".
 */
export interface Gazetteer {
  find(text: string): Entity[];
}

export function createGazetteer(vocabularies: readonly EntityVocabulary[]): Gazetteer {
  const root: TrieNode = { children: new Map() };
  const insert = (form: string, target: Target) => {
    const key = normalizeText(form).text;
    if (key.length === 0) return;
    let node = root;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      let next = node.children.get(c);
      if (!next) {
        next = { children: new Map() };
        node.children.set(c, next);
      }
      node = next;
    }
    // A written form beats a pinyin reading of the same letters; the first entry wins ties.
    if (!node.target || (node.target.source === 'pinyin' && target.source === 'vocabulary'))
      node.target = target;
  };
  for (const vocabulary of vocabularies) {
    for (const entry of vocabulary.entries) {
      const target = { type: vocabulary.type, value: entry.value };
      for (const form of [entry.value, ...entry.synonyms]) insert(form, { ...target, source: 'vocabulary' });
      if (vocabulary.pinyin)
        for (const form of entry.synonyms)
          for (const key of pinyinKeys(form)) insert(key, { ...target, source: 'pinyin' });
    }
  }

  return {
    find(text) {
      const found: Entity[] = [];
      let i = 0;
      while (i < text.length) {
        let node: TrieNode | undefined = root;
        let match: { end: number; target: Target } | undefined;
        for (let j = i; j < text.length; j++) {
          node = node.children.get(text.charCodeAt(j));
          if (!node) break;
          if (node.target && atBoundary(text, i, j + 1)) match = { end: j + 1, target: node.target };
        }
        if (match) {
          const { type, value, source } = match.target;
          found.push({ type, value, text: text.slice(i, match.end), start: i, end: match.end, source });
          i = match.end;
        } else i++;
      }
      return found;
    },
  };
}

function atBoundary(text: string, start: number, end: number): boolean {
  const latin = (at: number) => at >= 0 && at < text.length && isLatinOrDigit(text.charCodeAt(at));
  if (isLatinOrDigit(text.charCodeAt(start)) && latin(start - 1)) return false;
  if (isLatinOrDigit(text.charCodeAt(end - 1)) && latin(end)) return false;
  return true;
}

function isLatinOrDigit(code: number): boolean {
  return isLatinLetter(code) || (code >= 0x30 && code <= 0x39);
}

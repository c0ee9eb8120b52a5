import { normalizeText } from '../../../core/index.ts';

/** A phrase found in normalised text: where it stands and what it stands for. */
export interface GazetteerMatch<T> {
  readonly start: number;
  readonly end: number;
  readonly value: T;
}

interface TrieNode<T> {
  readonly next: Map<number, TrieNode<T>>;
  value?: T;
}

/**
 * A phrase finder over normalised text: leftmost-longest matches, English phrases on whole words
 * only ("rash" is not in "crash"). The first entry of a phrase wins. Built once, it reads a
 * message in one pass, so it can run on every message.
 */
export function createGazetteer<T>(entries: Iterable<readonly [phrase: string, value: T]>) {
  const root: TrieNode<T> = { next: new Map() };
  for (const [phrase, value] of entries) {
    const key = normalizeText(phrase).text;
    if (key === '') throw new Error(`empty phrase for ${String(value)}`);
    let node = root;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      let child = node.next.get(c);
      if (!child) {
        child = { next: new Map() };
        node.next.set(c, child);
      }
      node = child;
    }
    node.value ??= value;
  }
  return function find(normalized: string): GazetteerMatch<T>[] {
    const found: GazetteerMatch<T>[] = [];
    let i = 0;
    while (i < normalized.length) {
      let node: TrieNode<T> | undefined = root;
      let match: GazetteerMatch<T> | undefined;
      for (let j = i; j < normalized.length && node; j++) {
        node = node.next.get(normalized.charCodeAt(j));
        if (node?.value !== undefined && atWordBoundary(normalized, i, j + 1))
          match = { start: i, end: j + 1, value: node.value };
      }
      if (match) {
        found.push(match);
        i = match.end;
      } else i++;
    }
    return found;
  };
}

function atWordBoundary(text: string, start: number, end: number): boolean {
  const word = (at: number) => at >= 0 && at < text.length && /[a-z0-9]/.test(text[at] as string);
  return !(word(start) && word(start - 1)) && !(word(end - 1) && word(end));
}

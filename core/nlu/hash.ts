/**
 * FNV-1a over UTF-16 code units. Features are hashed straight from slices of the normalised
 * text, so no n-gram string is ever allocated on the hot path. `seed` separates feature
 * families (word, char n-gram, bigram) that would otherwise collide on equal spellings.
 */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export function hashRange(text: string, start: number, end: number, seed: number): number {
  let h = (FNV_OFFSET ^ seed) >>> 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return finalize(h);
}

/** `hashRange(\` ${text} \`, start, end, seed)` without building the padded string. */
export function hashPadded(text: string, start: number, end: number, seed: number): number {
  let h = (FNV_OFFSET ^ seed) >>> 0;
  const last = text.length + 1;
  for (let i = start; i < end; i++) {
    const c = i === 0 || i === last ? 0x20 : text.charCodeAt(i - 1);
    h = Math.imul(h ^ c, FNV_PRIME);
  }
  return finalize(h);
}

export function hashString(text: string, seed: number): number {
  return hashRange(text, 0, text.length, seed);
}

/** Combines two hashes (for word bigrams) without building the joined string. */
export function hashPair(left: number, right: number, seed: number): number {
  let h = (FNV_OFFSET ^ seed) >>> 0;
  h = Math.imul(h ^ left, FNV_PRIME);
  h = Math.imul(h ^ right, FNV_PRIME);
  return finalize(h);
}

/** Combines three small values (a character pair and the gap between them) into one hash. */
export function hashTriple(a: number, b: number, c: number, seed: number): number {
  let h = (FNV_OFFSET ^ seed) >>> 0;
  h = Math.imul(h ^ a, FNV_PRIME);
  h = Math.imul(h ^ b, FNV_PRIME);
  h = Math.imul(h ^ c, FNV_PRIME);
  return finalize(h);
}

// FNV's low bits mix poorly for short keys; a murmur3 finaliser spreads them before masking.
function finalize(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * An open-addressing map from 32-bit feature hashes to rows. Most hashes are above 2^30, which
 * V8 stores as heap numbers, making `Map` lookups several times slower than a probe into two
 * typed arrays; this lookup is the inner loop of every parse.
 */
export interface RowTable {
  readonly size: number;
  get(hash: number): number;
  keys(): Uint32Array;
}

export function createRowTable(hashes: Uint32Array): RowTable {
  let capacity = 16;
  while (capacity < hashes.length * 2) capacity *= 2;
  const mask = capacity - 1;
  const keys = new Uint32Array(capacity);
  const rows = new Int32Array(capacity).fill(-1);
  for (let row = 0; row < hashes.length; row++) {
    const h = hashes[row] as number;
    let at = h & mask;
    while ((rows[at] as number) >= 0) {
      if (keys[at] === h) throw new Error(`duplicate feature hash ${h}`);
      at = (at + 1) & mask;
    }
    keys[at] = h;
    rows[at] = row;
  }
  return {
    size: hashes.length,
    get(hash) {
      let at = hash & mask;
      for (;;) {
        const row = rows[at] as number;
        if (row < 0 || keys[at] === hash) return row;
        at = (at + 1) & mask;
      }
    },
    keys: () => hashes,
  };
}

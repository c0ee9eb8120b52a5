import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A POSIX ustar archive (IEEE Std 1003.1-2017, pax "ustar Interchange Format") of regular files,
 * streamed from disk: one 512-byte header per file, its bytes padded to 512, and two zero
 * blocks at the end. Enough for an export directory; `tar -xf` reads it.
 */
const BLOCK = 512;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(name: string, size: number, mtime: number): Buffer {
  if (Buffer.byteLength(name) > 100) throw new RangeError(`tar member name too long: ${name}`);
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 100, 'utf8');
  block.write(octal(0o644, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii');
  block.write(octal(0, 8), 116, 'ascii');
  block.write(octal(size, 12), 124, 'ascii');
  block.write(octal(Math.floor(mtime / 1000), 12), 136, 'ascii');
  block.write('        ', 148, 'ascii'); // the checksum is computed with its own field as spaces
  block.write('0', 156, 'ascii');
  block.write('ustar\u000000', 257, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return block;
}

export async function* tarFiles(
  directory: string,
  names: readonly string[],
  mtime = Date.now(),
): AsyncGenerator<Buffer> {
  for (const name of names) {
    const path = join(directory, name);
    const { size } = await stat(path);
    yield header(name, size, mtime);
    for await (const chunk of createReadStream(path)) yield chunk as Buffer;
    if (size % BLOCK !== 0) yield Buffer.alloc(BLOCK - (size % BLOCK));
  }
  yield Buffer.alloc(2 * BLOCK);
}

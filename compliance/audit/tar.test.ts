import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tarFiles } from './tar.ts';

describe('tarFiles', () => {
  it('writes a ustar archive that tar extracts byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'custos-tar-'));
    mkdirSync(join(dir, 'proofs'));
    const files: Record<string, Buffer> = {
      'empty.txt': Buffer.alloc(0),
      'block.bin': Buffer.alloc(512, 7),
      'proofs/odd.json': Buffer.from('{"a":"二"}\n'),
    };
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    const chunks: Buffer[] = [];
    for await (const chunk of tarFiles(dir, Object.keys(files))) chunks.push(chunk);
    const archive = Buffer.concat(chunks);
    expect(archive.length % 512).toBe(0);
    const out = mkdtempSync(join(tmpdir(), 'custos-untar-'));
    writeFileSync(join(out, 'a.tar'), archive);
    execFileSync('tar', ['-xf', 'a.tar'], { cwd: out });
    for (const [name, content] of Object.entries(files))
      expect(readFileSync(join(out, name))).toEqual(content);
    expect(execFileSync('tar', ['-tf', 'a.tar'], { cwd: out }).toString()).toBe(
      `${Object.keys(files).join('\n')}\n`,
    );
  });

  it('refuses a member name that ustar cannot hold', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'custos-tar-'));
    const name = 'x'.repeat(101);
    writeFileSync(join(dir, name), 'x');
    await expect(tarFiles(dir, [name]).next()).rejects.toThrow(/too long/);
  });
});

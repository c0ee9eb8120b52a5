import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidKeyMaterial } from './errors.ts';
import { generateRootKey, parseRootKey, parseRootKeySet, readRootKeyFile } from './root-key.ts';

const a = randomBytes(32);
const b = randomBytes(32);

describe('root keys', () => {
  it('parses base64 and base64url of exactly 32 bytes', () => {
    expect(parseRootKey(a.toString('base64'))).toEqual(a);
    expect(parseRootKey(`  ${a.toString('base64url')}\n`)).toEqual(a);
    expect(parseRootKey(generateRootKey())).toHaveLength(32);
  });

  it.each([
    ['too short', randomBytes(31).toString('base64')],
    ['too long', randomBytes(33).toString('base64')],
    ['a typo outside the alphabet', `${a.toString('base64').slice(0, 10)}!${a.toString('base64').slice(11)}`],
    ['hex instead of base64', a.toString('hex')],
    ['empty', ''],
  ])('rejects %s', (_, text) => {
    expect(() => parseRootKey(text)).toThrow(InvalidKeyMaterial);
  });

  it('reads a single bare key as version 1, and versioned lines with comments', () => {
    expect(parseRootKeySet(a.toString('base64'))).toEqual([{ version: 1, key: a }]);
    const file = `# root keys\n2:${b.toString('base64')}\n\n1:${a.toString('base64')}\n`;
    expect(parseRootKeySet(file)).toEqual([
      { version: 1, key: a },
      { version: 2, key: b },
    ]);
    expect(parseRootKeySet(`1:${a.toString('base64')},2:${b.toString('base64')}`)).toHaveLength(2);
  });

  it.each([
    ['no key', '# nothing\n'],
    ['a repeated version', `1:${a.toString('base64')}\n1:${b.toString('base64')}`],
    ['version 0', `0:${a.toString('base64')}\n1:${b.toString('base64')}`],
    ['a malformed line', `1:${a.toString('base64')}\nv2 ${b.toString('base64')}`],
  ])('rejects a key set with %s', (_, text) => {
    expect(() => parseRootKeySet(text)).toThrow(InvalidKeyMaterial);
  });

  describe('keyfile', () => {
    let dir = '';
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'custos-root-key-'));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('reads a mode-0600 keyfile and refuses a group- or world-readable one', async () => {
      const path = join(dir, 'root.key');
      await writeFile(path, `1:${a.toString('base64')}\n`, { mode: 0o600 });
      expect(await readRootKeyFile(path)).toEqual([{ version: 1, key: a }]);
      await chmod(path, 0o644);
      await expect(readRootKeyFile(path)).rejects.toThrow(/chmod 600/);
      expect(await readRootKeyFile(path, { allowInsecureMode: true })).toHaveLength(1);
    });
  });
});

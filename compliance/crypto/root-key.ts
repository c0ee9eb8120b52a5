import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { InvalidKeyMaterial } from './errors.ts';

/**
 * Loading local root keys. A root key is 32 random bytes written as base64, in a keyfile or an
 * environment value. Several versions may be listed so that rotation can run online: new wraps
 * use the active (highest, unless chosen) version, old wraps still open with theirs.
 *
 *   # custos root keys — one `version:base64` per line; keep mode 0600
 *   1:q2Vx…=
 *   2:Zm9v…=
 *
 * A single bare base64 value is version 1. In an environment value, entries may also be
 * separated by commas.
 */
export const ROOT_KEY_BYTES = 32;

export interface RootKeyVersion {
  readonly version: number;
  readonly key: Buffer;
}

/** A fresh root key, base64, for `custos keys init`-style tooling. */
export function generateRootKey(): string {
  return randomBytes(ROOT_KEY_BYTES).toString('base64');
}

/** Decodes one base64 (or base64url) root key and insists on exactly 32 bytes. */
export function parseRootKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  // Buffer.from skips characters outside the alphabet; re-encoding catches typos and truncation.
  const canonical = (s: string) => s.replace(/=+$/, '').replaceAll('-', '+').replaceAll('_', '/');
  if (key.length !== ROOT_KEY_BYTES || canonical(key.toString('base64')) !== canonical(trimmed)) {
    throw new InvalidKeyMaterial(`a root key is ${ROOT_KEY_BYTES} bytes of base64 (44 characters)`);
  }
  return key;
}

/** Parses a keyfile or environment value into root key versions, sorted by version. */
export function parseRootKeySet(text: string): RootKeyVersion[] {
  const entries = text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
  if (entries.length === 0) throw new InvalidKeyMaterial('no root key found');
  if (entries.length === 1 && !entries[0]!.includes(':'))
    return [{ version: 1, key: parseRootKey(entries[0]!) }];
  const versions = entries.map((entry, i) => {
    const match = /^(\d{1,9}):(.+)$/.exec(entry);
    if (!match) throw new InvalidKeyMaterial(`root key entry ${i + 1} is not "version:base64"`);
    return { version: Number(match[1]), key: parseRootKey(match[2]!) };
  });
  const seen = new Set<number>();
  for (const { version } of versions) {
    if (version < 1 || seen.has(version))
      throw new InvalidKeyMaterial(`root key version ${version} is invalid or repeated`);
    seen.add(version);
  }
  return versions.sort((a, b) => a.version - b.version);
}

export interface ReadRootKeyFileOptions {
  /** Accept a keyfile readable by group or others. Off by default, as ssh does for its keys. */
  readonly allowInsecureMode?: boolean;
}

export async function readRootKeyFile(
  path: string,
  options: ReadRootKeyFileOptions = {},
): Promise<RootKeyVersion[]> {
  if (process.platform !== 'win32' && !options.allowInsecureMode) {
    const { mode } = await stat(path);
    if ((mode & 0o077) !== 0) {
      throw new InvalidKeyMaterial(
        `root key file ${path} is accessible by group or others (mode ${(mode & 0o777).toString(8)}); chmod 600 it`,
      );
    }
  }
  return parseRootKeySet(await readFile(path, 'utf8'));
}

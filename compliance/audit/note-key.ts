import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { MalformedKey, MalformedNote } from './errors.ts';

/**
 * Ed25519 keys for C2SP signed notes (c2sp.org/signed-note), in the string forms of Go's
 * golang.org/x/mod/sumdb/note, so that keys and notes are interchangeable with the Go tools:
 *
 *   key id       = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ 32-byte public key)[:4], big-endian uint32
 *   verifier key = <name>+<8 lowercase hex key id>+<base64(0x01 ‖ public key)>
 *   signer key   = PRIVATE+KEY+<name>+<8 lowercase hex key id>+<base64(0x01 ‖ 32-byte seed)>
 *
 * Key names are non-empty and contain no Unicode space and no '+' (signed-note §Format).
 */
export const ED25519_SIGNATURE_TYPE = 0x01;

export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  sign(text: Uint8Array): Uint8Array;
}

export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  verify(text: Uint8Array, signature: Uint8Array): boolean;
}

// DER prefixes of RFC 8410 SubjectPublicKeyInfo and PKCS #8 for Ed25519 (OID 1.3.101.112).
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const NAME_FORBIDDEN = /[\s+\p{Cc}]/u;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const KEY_ID_HEX = /^[0-9a-f]{8}$/;

export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !NAME_FORBIDDEN.test(name) && !LONE_SURROGATE.test(name);
}

/** signed-note §Ed25519 signatures: the recommended key id with signature type 0x01. */
export function ed25519KeyId(name: string, publicKey: Uint8Array): number {
  return createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.of(0x0a, ED25519_SIGNATURE_TYPE))
    .update(publicKey)
    .digest()
    .readUInt32BE(0);
}

/** RFC 4648 §4 base64 with padding, rejecting anything that does not re-encode identically. */
export function decodeBase64Strict(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}

export function rawPublicKey(key: KeyObject): Buffer {
  if (key.asymmetricKeyType !== 'ed25519') throw new MalformedKey('not an Ed25519 key');
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
}

const hexId = (id: number) => id.toString(16).padStart(8, '0');

export function formatVerifierKey(name: string, publicKey: KeyObject): string {
  if (!isValidKeyName(name)) throw new MalformedKey('invalid key name');
  const raw = rawPublicKey(publicKey);
  const material = Buffer.concat([Buffer.of(ED25519_SIGNATURE_TYPE), raw]).toString('base64');
  return `${name}+${hexId(ed25519KeyId(name, raw))}+${material}`;
}

/** Splits `<name>+<hex id>+<base64>`: the base64 may itself contain '+'. */
function splitKey(text: string): { name: string; keyId: number; material: Buffer } {
  const first = text.indexOf('+');
  const second = text.indexOf('+', first + 1);
  if (first < 0 || second < 0) throw new MalformedKey('expected <name>+<key id>+<key>');
  const [name, id] = [text.slice(0, first), text.slice(first + 1, second)];
  const material = decodeBase64Strict(text.slice(second + 1));
  if (!isValidKeyName(name)) throw new MalformedKey('invalid key name');
  if (!KEY_ID_HEX.test(id)) throw new MalformedKey('key id must be 8 lowercase hex digits');
  if (material?.length !== 33 || material[0] !== ED25519_SIGNATURE_TYPE) {
    throw new MalformedKey('key must be base64 of 0x01 and 32 Ed25519 bytes');
  }
  return { name, keyId: Number.parseInt(id, 16), material: material.subarray(1) };
}

export function parseVerifierKey(text: string): NoteVerifier {
  const { name, keyId, material } = splitKey(text);
  if (ed25519KeyId(name, material) !== keyId) throw new MalformedKey(`key id does not match key ${name}`);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, material]), format: 'der', type: 'spki' });
  } catch {
    throw new MalformedKey(`not an Ed25519 public key: ${name}`);
  }
  return {
    name,
    keyId,
    verify: (message, signature) => signature.length === 64 && verify(null, message, key, signature),
  };
}

export function signerFromPrivateKey(name: string, privateKey: KeyObject): NoteSigner {
  if (!isValidKeyName(name)) throw new MalformedKey('invalid key name');
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new MalformedKey('signer needs an Ed25519 private key');
  }
  const keyId = ed25519KeyId(name, rawPublicKey(privateKey));
  return { name, keyId, sign: (message) => sign(null, message, privateKey) };
}

export function parseSignerKey(text: string): NoteSigner {
  if (!text.startsWith('PRIVATE+KEY+')) throw new MalformedKey('signer key must start with PRIVATE+KEY+');
  const { name, keyId, material } = splitKey(text.slice('PRIVATE+KEY+'.length));
  const key = createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, material]),
    format: 'der',
    type: 'pkcs8',
  });
  const signer = signerFromPrivateKey(name, key);
  if (signer.keyId !== keyId) throw new MalformedKey(`key id does not match key ${name}`);
  return signer;
}

/** The published verifier key string of a signer key string (both in the Go note forms). */
export function verifierKeyFor(signerKey: string): string {
  const signer = parseSignerKey(signerKey);
  const { material } = splitKey(signerKey.slice('PRIVATE+KEY+'.length));
  const key = createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, material]),
    format: 'der',
    type: 'pkcs8',
  });
  return formatVerifierKey(signer.name, createPublicKey(key));
}

/** A new Ed25519 note key: the signer string is a secret; the verifier string is published. */
export function generateNoteKey(name: string): { signerKey: string; verifierKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const verifierKey = formatVerifierKey(name, publicKey);
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);
  const material = Buffer.concat([Buffer.of(ED25519_SIGNATURE_TYPE), seed]).toString('base64');
  const [, id] = verifierKey.split('+');
  return { signerKey: `PRIVATE+KEY+${name}+${id}+${material}`, verifierKey };
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) return true;
  }
  return false;
}

export function assertValidNoteText(text: string): void {
  if (!text.endsWith('\n')) throw new MalformedNote('note text must end with a newline');
  // signed-note §Format: valid UTF-8, no control characters other than newline.
  if (hasControlCharacter(text) || LONE_SURROGATE.test(text)) {
    throw new MalformedNote('note text has control characters or is not valid Unicode');
  }
}

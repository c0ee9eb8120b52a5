import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidNoteSignature, MalformedKey, MalformedNote, UnknownNoteKey } from './errors.ts';
import {
  ed25519KeyId,
  formatVerifierKey,
  generateNoteKey,
  parseSignerKey,
  parseVerifierKey,
  signerFromPrivateKey,
} from './note-key.ts';
import { openNote, parseNote, signNote } from './signed-note.ts';

// Known answers from golang.org/x/mod/sumdb/note (note.go package doc, note_test.go). Ed25519
// is deterministic (RFC 8032), so signing must reproduce the published bytes exactly.
const peterSigner = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const peterKey = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
// GenerateKey(zeroReader, "EnochRoot"): the seed is 32 zero bytes.
const enochSigner = `PRIVATE+KEY+EnochRoot+af0cfe78+${Buffer.concat([Buffer.of(1), Buffer.alloc(32)]).toString('base64')}`;
const enochKey = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const text =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const peterSig =
  '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const enochSig =
  '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

describe('C2SP signed notes', () => {
  it('reproduces the Go reference signatures byte for byte', () => {
    expect(signNote(text, [parseSignerKey(peterSigner)])).toBe(`${text}\n${peterSig}`);
    expect(signNote(text, [parseSignerKey(peterSigner), parseSignerKey(enochSigner)])).toBe(
      `${text}\n${peterSig}${enochSig}`,
    );
  });

  it('derives the reference key ids and verifier keys', () => {
    const peter = parseVerifierKey(peterKey);
    expect(peter.name).toBe('PeterNeumann');
    expect(peter.keyId).toBe(0xc74f20a3);
    const raw = Buffer.from('ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW', 'base64').subarray(1);
    expect(ed25519KeyId('PeterNeumann', raw)).toBe(0xc74f20a3);
    expect(parseSignerKey(peterSigner).keyId).toBe(0xc74f20a3);
  });

  it('opens a note, ignoring signatures by keys it does not know', () => {
    const note = `${text}\n${peterSig}${enochSig}`;
    const one = openNote(note, [parseVerifierKey(peterKey)]);
    expect(one.text).toBe(text);
    expect(one.verified.map((s) => s.name)).toEqual(['PeterNeumann']);
    expect(one.unknown.map((s) => [s.name, s.keyId])).toEqual([['EnochRoot', 0xaf0cfe78]]);
    const both = openNote(Buffer.from(note), [parseVerifierKey(peterKey), parseVerifierKey(enochKey)]);
    expect(both.verified.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
  });

  it('rejects a note signed by no trusted key', () => {
    expect(() => openNote(`${text}\n${enochSig}`, [parseVerifierKey(peterKey)])).toThrow(UnknownNoteKey);
  });

  it('rejects a changed text, and a bad signature by a trusted key even next to a good one', () => {
    const changed = `${text.replace('cryptography', 'cryptographY')}\n${peterSig}`;
    expect(() => openNote(changed, [parseVerifierKey(peterKey)])).toThrow(InvalidNoteSignature);
    // Enoch's signature line under Peter's name and key id: a forged signature by a known key.
    const enochBlob = Buffer.from(enochSig.split(' ')[2]!.trim(), 'base64');
    const peterId = Buffer.from(peterSig.split(' ')[2]!.trim(), 'base64').subarray(0, 4);
    const blob = Buffer.concat([peterId, enochBlob.subarray(4)]).toString('base64');
    const forged = `${text}\n${enochSig}— PeterNeumann ${blob}\n`;
    expect(() => parseNote(forged)).not.toThrow();
    expect(() => openNote(forged, [parseVerifierKey(peterKey)])).toThrow(InvalidNoteSignature);
  });

  it('treats a signature with the right name but another key id as unknown (another key)', () => {
    const other = generateNoteKey('PeterNeumann');
    const note = signNote(text, [parseSignerKey(other.signerKey)]);
    expect(() => openNote(note, [parseVerifierKey(peterKey)])).toThrow(UnknownNoteKey);
    expect(openNote(note, [parseVerifierKey(other.verifierKey)]).text).toBe(text);
  });

  it('signs and opens with generated keys and with KeyObjects', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const signer = signerFromPrivateKey('audit.example/custos/t1', privateKey);
    const verifier = parseVerifierKey(formatVerifierKey('audit.example/custos/t1', publicKey));
    expect(verifier.keyId).toBe(signer.keyId);
    expect(openNote(signNote('hello\n\nworld\n', [signer]), [verifier]).text).toBe('hello\n\nworld\n');
  });

  it.each([
    ['no blank line', `${text}${peterSig}`],
    ['no signature', `${text}\n`],
    ['a signature line without a newline', `${text}\n${peterSig.trimEnd()}`],
    ['a hyphen instead of an em dash', `${text}\n${peterSig.replace('—', '-')}`],
    ['two spaces', `${text}\n${peterSig.replace('PeterNeumann ', 'PeterNeumann  ')}`],
    ['bad base64', `${text}\n${peterSig.replace('x08go', 'x08g!')}`],
    ['unpadded base64', `${text}\n${peterSig.replace('AM=\n', 'AM\n')}`],
    ['a too-short signature', `${text}\n— PeterNeumann AAAA\n`],
    ['a carriage return', `${text.replace('\n', '\r\n')}\n${peterSig}`],
    ['a control character', `\u0007${text}\n${peterSig}`],
    ['a trailing line after the signatures', `${text}\n${peterSig}junk\n`],
    ['101 signatures', `${text}\n${peterSig.repeat(101)}`],
  ])('rejects a malformed note: %s', (_, note) => {
    expect(() => openNote(note, [parseVerifierKey(peterKey)])).toThrow(MalformedNote);
  });

  it('rejects invalid UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from(text), Buffer.of(0xff, 0x0a, 0x0a), Buffer.from(peterSig)]);
    expect(() => openNote(bytes, [parseVerifierKey(peterKey)])).toThrow(MalformedNote);
  });

  it.each([
    ['a wrong key id', peterKey.replace('c74f20a3', 'c74f20a4')],
    ['an upper-case key id', peterKey.replace('c74f20a3', 'C74F20A3')],
    ['a name with a space', `Peter Neumann+c74f20a3+${peterKey.split('+')[2]}`],
    ['an empty name', `+c74f20a3+${peterKey.split('+')[2]}`],
    ['a missing key', 'PeterNeumann+c74f20a3+'],
    ['another algorithm byte', peterKey.replace('+ARpc', '+Axpc')],
    ['a truncated key', peterKey.slice(0, -4)],
  ])('rejects a verifier key with %s', (_, key) => {
    expect(() => parseVerifierKey(key)).toThrow(MalformedKey);
  });

  it('rejects every truncation of the verifier key', () => {
    for (let end = 0; end < peterKey.length; end++) {
      expect(() => parseVerifierKey(peterKey.slice(0, end))).toThrow(MalformedKey);
    }
  });

  it('refuses to sign text that cannot be a note', () => {
    const signer = parseSignerKey(peterSigner);
    expect(() => signNote('no newline', [signer])).toThrow(MalformedNote);
    expect(() => signNote('tab\there\n', [signer])).toThrow(MalformedNote);
    expect(() => signNote(text, [])).toThrow(MalformedKey);
  });
});

import { execFile } from 'node:child_process';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExportSigningCertificate, signManifest } from './cms.ts';

const run = promisify(execFile);
// A 2048-bit key keeps the test fast; production keys default to 3072 bits.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signer = createExportSigningCertificate({
  commonName: 'Custos audit export signer',
  organization: 'Example Hospital',
  privateKey,
});
const manifest = Buffer.from(
  JSON.stringify({
    tenant: 'tenant-1',
    checkpoint: 'audit.example/custos/tenant-1\n8\n…',
    files: ['a.jsonl'],
  }),
);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custos-cms-'));
  await run('openssl', ['version']);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function opensslVerify(
  content: Uint8Array,
  signature: string,
  inform: 'PEM' | 'DER' = 'PEM',
  pinned = signer.certificatePem,
) {
  const [contentPath, sigPath, certPath] = ['manifest.json', `sig.${inform.toLowerCase()}`, 'cert.pem'].map(
    (f) => join(dir, f),
  ) as [string, string, string];
  await writeFile(contentPath, content);
  await writeFile(sigPath, inform === 'PEM' ? signature : Buffer.from(signature, 'base64'));
  await writeFile(certPath, pinned);
  const args = ['cms', '-verify', '-binary', '-inform', inform, '-in', sigPath, '-content', contentPath];
  return run('openssl', [...args, '-CAfile', certPath, '-purpose', 'any', '-out', '/dev/null']);
}

describe('CMS detached signature of an export manifest', () => {
  it('issues a self-signed X.509 v3 certificate for the signing key', () => {
    const cert = new X509Certificate(signer.certificatePem);
    expect(cert.subject).toContain('CN=Custos audit export signer');
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkPrivateKey(privateKey)).toBe(true);
    expect(Buffer.from(signer.certificateDer)).toEqual(cert.raw);
    expect(cert.ca).toBe(false);
  });

  it('is accepted by `openssl cms -verify`', async () => {
    const signature = signManifest(manifest, signer);
    expect(signature.pem).toMatch(/^-----BEGIN PKCS7-----/);
    const { stderr } = await opensslVerify(manifest, signature.pem);
    expect(stderr).toMatch(/Verification successful/);
  });

  it('is accepted in DER form too', async () => {
    const { der } = signManifest(manifest, signer);
    await expect(opensslVerify(manifest, Buffer.from(der).toString('base64'), 'DER')).resolves.toBeDefined();
  });

  it('is rejected by openssl when the manifest is modified', async () => {
    const signature = signManifest(manifest, signer);
    const modified = Buffer.from(manifest);
    modified[10]! ^= 0x01;
    await expect(opensslVerify(modified, signature.pem)).rejects.toThrow(
      /Verification failure|digest failure/i,
    );
  });

  it('is rejected by openssl when another certificate is pinned', async () => {
    const other = createExportSigningCertificate({
      commonName: 'Custos audit export signer',
      organization: 'Example Hospital',
      privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
    });
    const signature = signManifest(manifest, signer);
    await expect(opensslVerify(manifest, signature.pem, 'PEM', other.certificatePem)).rejects.toThrow(
      /Verification failure/i,
    );
  });

  it('carries content-type, message-digest and the given signing-time as signed attributes', async () => {
    const signingTime = new Date('2025-06-01T12:00:00Z');
    const { pem } = signManifest(manifest, signer, { signingTime });
    const path = join(dir, 'attrs.pem');
    await writeFile(path, pem);
    const { stdout } = await run('openssl', ['cms', '-cmsout', '-print', '-inform', 'PEM', '-in', path]);
    expect(stdout).toMatch(/contentType/);
    expect(stdout).toMatch(/messageDigest/);
    expect(stdout).toMatch(/signingTime[\s\S]*UTCTIME:Jun {2}1 12:00:00 2025 GMT/);
    expect(stdout).toMatch(/sha256/);
  });

  it('refuses keys that are not RSA or are too short', () => {
    const ed = generateKeyPairSync('ed25519').privateKey;
    expect(() => createExportSigningCertificate({ commonName: 'x', privateKey: ed })).toThrow(TypeError);
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    expect(() => createExportSigningCertificate({ commonName: 'x', privateKey: small })).toThrow(RangeError);
  });
});

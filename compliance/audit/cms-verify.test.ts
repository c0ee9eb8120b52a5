import { describe, expect, it } from 'vitest';
import { createExportSigningCertificate, signManifest } from './cms.ts';
import { SignatureInvalid, verifyDetachedSignature } from './cms-verify.ts';

const signer = createExportSigningCertificate({ commonName: 'Custos audit export signer (test)' });
const other = createExportSigningCertificate({ commonName: 'Someone else' });
const manifest = Buffer.from(
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  entries.ndjson\n',
);

describe('verifyDetachedSignature', () => {
  it('accepts the signature signManifest made', () => {
    const { pem } = signManifest(manifest, signer);
    expect(() => verifyDetachedSignature(manifest, pem, signer.certificatePem)).not.toThrow();
  });

  it('rejects changed content, another certificate, and garbage', () => {
    const { pem } = signManifest(manifest, signer);
    const changed = Buffer.from(manifest);
    changed[0] = changed[0]! ^ 1;
    expect(() => verifyDetachedSignature(changed, pem, signer.certificatePem)).toThrow(
      /digest does not match/,
    );
    expect(() => verifyDetachedSignature(manifest, pem, other.certificatePem)).toThrow(
      /not by the given certificate/,
    );
    const forged = signManifest(manifest, {
      certificatePem: signer.certificatePem,
      privateKey: other.privateKey,
    }).pem;
    expect(() => verifyDetachedSignature(manifest, forged, signer.certificatePem)).toThrow(/does not verify/);
    for (const garbage of ['', 'not pem', '-----BEGIN PKCS7-----\nAAAA\n-----END PKCS7-----\n']) {
      expect(() => verifyDetachedSignature(manifest, garbage, signer.certificatePem)).toThrow(
        SignatureInvalid,
      );
    }
  });
});

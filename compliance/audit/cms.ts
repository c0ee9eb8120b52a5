import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/**
 * Signing of evidence exports for auditors who verify with standard tools (DESIGN §1: "evidence
 * that holds up offline, with standard tools"): a CMS SignedData (RFC 5652) detached signature
 * over the export manifest, SHA-256 and RSASSA-PKCS1-v1_5 (RFC 8017 §8.2), by a self-signed
 * X.509 v3 certificate (RFC 5280) that the auditor pins. Verified with:
 *
 *   openssl cms -verify -binary -inform PEM -in manifest.sig.pem -content manifest.sha256 \
 *     -CAfile export-signer.pem -purpose any
 *
 * RSA rather than Ed25519 because node-forge's PKCS#7 signer, and older OpenSSL builds still
 * found in hospitals, support only RSA in CMS. Keys are generated natively (node:crypto).
 */
export interface ExportSigningCertificate {
  readonly certificatePem: string;
  readonly certificateDer: Uint8Array;
  readonly privateKey: KeyObject;
}

export interface CertificateOptions {
  /** e.g. "Custos audit export signer — Example Hospital". */
  readonly commonName: string;
  readonly organization?: string;
  readonly validityDays?: number;
  /** An existing RSA private key (≥ 2048 bits); a 3072-bit key is generated otherwise. */
  readonly privateKey?: KeyObject;
  readonly now?: Date;
}

export interface DetachedSignature {
  readonly pem: string;
  readonly der: Uint8Array;
}

const DAY_MS = 86_400_000;

function forgeKey(privateKey: KeyObject): forge.pki.rsa.PrivateKey {
  if (privateKey.asymmetricKeyType !== 'rsa') throw new TypeError('export signing needs an RSA private key');
  const bits = privateKey.asymmetricKeyDetails?.modulusLength ?? 0;
  // NIST SP 800-57 Part 1 Rev. 5 Table 2: 2048 bits is the floor; 3072 for use beyond 2030.
  if (bits < 2048) throw new RangeError('RSA export signing keys must have at least 2048 bits');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  return forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
}

const binary = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('binary');

export function createExportSigningCertificate(options: CertificateOptions): ExportSigningCertificate {
  const privateKey = options.privateKey ?? generateKeyPairSync('rsa', { modulusLength: 3072 }).privateKey;
  const key = forgeKey(privateKey);
  const now = options.now ?? new Date();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.rsa.setPublicKey(key.n, key.e);
  // RFC 5280 §4.1.2.2: a positive serial of at most 20 octets; 16 random bytes, top bit clear.
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  cert.serialNumber = serial.toString('hex');
  // Back-dated by a minute so that a verifier whose clock is slightly behind still accepts it.
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + (options.validityDays ?? 3 * 365) * DAY_MS);
  const subject = [
    { shortName: 'CN', value: options.commonName },
    ...(options.organization ? [{ shortName: 'O', value: options.organization }] : []),
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(key, forge.md.sha256.create());
  const certificatePem = forge.pki.certificateToPem(cert);
  const certificateDer = Buffer.from(
    forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(),
    'binary',
  );
  return { certificatePem, certificateDer, privateKey };
}

/**
 * A detached CMS SignedData over `manifest` with the signed attributes of RFC 5652 §11
 * (content-type, message-digest) and RFC 2985 §5.3.3 signing-time.
 */
export function signManifest(
  manifest: Uint8Array,
  signer: Pick<ExportSigningCertificate, 'certificatePem' | 'privateKey'>,
  options: { signingTime?: Date } = {},
): DetachedSignature {
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(binary(manifest));
  const certificate = forge.pki.certificateFromPem(signer.certificatePem);
  p7.addCertificate(certificate);
  p7.addSigner({
    key: forgeKey(signer.privateKey),
    certificate,
    digestAlgorithm: forge.pki.oids.sha256!,
    // Listed in DER SET OF order (X.690 §11.6, by encoding): OpenSSL re-encodes the signed
    // attributes before checking the signature, so any other order fails verification.
    authenticatedAttributes: [
      { type: forge.pki.oids.contentType!, value: forge.pki.oids.data },
      { type: forge.pki.oids.signingTime!, value: (options.signingTime ?? new Date()) as unknown as string },
      { type: forge.pki.oids.messageDigest! },
    ],
  });
  p7.sign({ detached: true });
  const der = Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
  return { pem: forge.pkcs7.messageToPem(p7), der };
}

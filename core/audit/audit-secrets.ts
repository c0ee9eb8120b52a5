import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { createExportSigningCertificate, generateNoteKey, parseSignerKey } from '../../compliance/index.ts';

/**
 * The audit log's two secrets. `CUSTOS_AUDIT_SIGNING_KEY` signs checkpoints (C2SP signed-note,
 * Ed25519, in Go's `PRIVATE+KEY+<name>+<id>+<base64>` form); its name prefixes every tenant's
 * log origin, so in production it should name the deployment, e.g. `audit.hospital.example`.
 * `CUSTOS_AUDIT_EXPORT_SIGNER` signs exports (CMS): the PEM of an X.509 certificate and its
 * RSA private key, or the base64 of that PEM for environments that cannot hold newlines.
 */
export const DEVELOPMENT_LOG_NAME = 'localhost/custos/audit';

export function generateAuditSigningKey(): string {
  return generateNoteKey(DEVELOPMENT_LOG_NAME).signerKey;
}

export function parseAuditSigningKey(value: string): string {
  try {
    parseSignerKey(value);
  } catch {
    throw new Error(
      'expected an Ed25519 note signer key PRIVATE+KEY+<name>+<key id>+<base64> (custos audit keygen prints one)',
    );
  }
  return value;
}

export function generateExportSigner(): string {
  const { certificatePem, privateKey } = createExportSigningCertificate({
    commonName: 'Custos audit export signer (development)',
  });
  return `${certificatePem.trim()}\n${privateKey.export({ format: 'pem', type: 'pkcs8' }).toString().trim()}\n`;
}

export interface ExportSigner {
  readonly certificatePem: string;
  readonly privateKey: KeyObject;
}

const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;
const PRIVATE_KEY = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/;

export function loadExportSigner(value: string): ExportSigner {
  const pem = value.includes('-----BEGIN') ? value : Buffer.from(value, 'base64').toString('utf8');
  const certificatePem = CERTIFICATE.exec(pem)?.[0];
  const keyPem = PRIVATE_KEY.exec(pem)?.[0];
  const problem = 'expected the PEM (or base64 of the PEM) of an X.509 certificate and its PKCS #8 RSA key';
  if (!certificatePem || !keyPem) throw new Error(problem);
  let certificate: X509Certificate;
  let privateKey: KeyObject;
  try {
    certificate = new X509Certificate(certificatePem);
    privateKey = createPrivateKey(keyPem);
  } catch {
    throw new Error(problem);
  }
  if (
    privateKey.asymmetricKeyType !== 'rsa' ||
    (privateKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048
  ) {
    throw new Error('the export signing key must be RSA with at least 2048 bits');
  }
  if (!certificate.checkPrivateKey(privateKey))
    throw new Error('the certificate is not for this private key');
  return { certificatePem: `${certificatePem}\n`, privateKey };
}

export function parseExportSigner(value: string): string {
  loadExportSigner(value);
  return value;
}

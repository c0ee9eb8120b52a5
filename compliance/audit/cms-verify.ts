import { createHash, verify, X509Certificate } from 'node:crypto';
import forge from 'node-forge';

/**
 * Verification of the detached CMS SignedData that `signManifest` writes (RFC 5652 §5.4 and
 * §11), for the offline verifier: node-forge parses PKCS #7 but does not verify it. Accepts
 * exactly the shape Custos produces: one signer, SHA-256, RSASSA-PKCS1-v1_5, signed attributes
 * with content-type `data` and the message digest, by the pinned certificate.
 */
const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  data: '1.2.840.113549.1.7.1',
};

export class SignatureInvalid extends Error {
  override readonly name = 'SignatureInvalid';
}

type Node = forge.asn1.Asn1;
const children = (node: Node | undefined): Node[] =>
  Array.isArray(node?.value) ? (node.value as Node[]) : [];
const bytes = (node: Node | undefined) =>
  Buffer.from(typeof node?.value === 'string' ? node.value : '', 'binary');
const oidOf = (node: Node | undefined) =>
  typeof node?.value === 'string' ? forge.asn1.derToOid(node.value) : '';

function signerInfo(signaturePem: string): Node {
  try {
    const message = forge.pkcs7.messageFromPem(signaturePem) as unknown as {
      rawCapture?: { signerInfos?: Node[] };
    };
    const infos = message.rawCapture?.signerInfos ?? [];
    if (infos.length !== 1) throw new Error('expected one signer');
    return infos[0]!;
  } catch (error) {
    throw new SignatureInvalid(`not a CMS signature Custos can check: ${(error as Error).message}`);
  }
}

/** Throws `SignatureInvalid` unless `signaturePem` is `certificatePem`'s signature over `content`. */
export function verifyDetachedSignature(
  content: Uint8Array,
  signaturePem: string,
  certificatePem: string,
): void {
  const certificate = new X509Certificate(certificatePem);
  // SignerInfo ::= SEQUENCE { version, sid, digestAlgorithm, [0] signedAttrs, signatureAlgorithm, signature }
  const [, sid, digestAlgorithm, signedAttrs, , signature] = children(signerInfo(signaturePem));
  if (signedAttrs?.tagClass !== forge.asn1.Class.CONTEXT_SPECIFIC || signedAttrs.type !== 0) {
    throw new SignatureInvalid('the signature has no signed attributes');
  }
  if (oidOf(children(digestAlgorithm)[0]) !== OID.sha256)
    throw new SignatureInvalid('the digest is not SHA-256');
  const serial = bytes(children(sid)[1]).toString('hex').replace(/^0+/, '').toUpperCase();
  if (serial !== certificate.serialNumber.replace(/^0+/, '').toUpperCase()) {
    throw new SignatureInvalid('the signature is not by the given certificate');
  }
  const attributes = new Map(
    children(signedAttrs).map((a) => [oidOf(children(a)[0]), children(children(a)[1])[0]]),
  );
  if (oidOf(attributes.get(OID.contentType)) !== OID.data)
    throw new SignatureInvalid('the content type is not data');
  const digest = createHash('sha256').update(content).digest();
  if (!bytes(attributes.get(OID.messageDigest)).equals(digest)) {
    throw new SignatureInvalid('the signed digest does not match the content');
  }
  // RFC 5652 §5.4: the signature covers the DER of the attributes with the SET OF tag.
  const set = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, children(signedAttrs));
  const signed = Buffer.from(forge.asn1.toDer(set).getBytes(), 'binary');
  if (!verify('sha256', signed, certificate.publicKey, bytes(signature))) {
    throw new SignatureInvalid('the signature does not verify');
  }
}

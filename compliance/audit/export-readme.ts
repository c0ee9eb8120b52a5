/** The README inside every export: how to verify it with standard tools, without Custos. */
export function exportReadme(origin: string, size: number, consistencyFiles: readonly string[]): string {
  const proofs =
    consistencyFiles.length === 0
      ? ''
      : `
5. Consistency with an earlier checkpoint you hold (${consistencyFiles.join(', ')}): the file
   carries that checkpoint ("earlierCheckpoint") and the RFC 9162 §2.1.4 proof ("proof", base64
   hashes). Check the earlier checkpoint is byte-identical to yours, then run the algorithm of
   docs/compliance/audit-log.md §3.2 from its size and root to the size and root of
   checkpoint.txt. Failure means the log was rewritten.
`;
  return `Custos audit log export
=======================

Log (origin):  ${origin}
Entries:       ${size} (sequence numbers 0 to ${size - 1})

Files
  entries.ndjson     one audit event per line, in sequence order; each line (without its
                     newline) is exactly the leaf that was hashed: RFC 8785 canonical JSON
  checkpoint.txt     the log's signed tree head for these entries (C2SP tlog-checkpoint in a
                     C2SP signed note, Ed25519)
  log-key.txt        the verifier key the log published; compare it with the one you pinned
  export-signer.pem  the X.509 certificate of the export signer; compare it with yours
  manifest.sha256    SHA-256 of every other file, in sha256sum format
  manifest.sig.pem   detached CMS (RFC 5652) signature of manifest.sha256

How to verify without Custos
1. The manifest is signed by the export signer:
     openssl cms -verify -binary -inform PEM -in manifest.sig.pem -content manifest.sha256 \\
       -CAfile export-signer.pem -purpose any -out /dev/null
   (use your pinned copy of the certificate as -CAfile).
2. Every file is the one signed:   sha256sum -c manifest.sha256
3. The checkpoint is signed by the log's key (log-key.txt, "<name>+<key id>+<base64 key>"):
   its last line is "— <name> <base64(4-byte key id ‖ 64-byte Ed25519 signature)>" over the
   text above the blank line. Its first line must be the origin above.
4. Recompute the Merkle tree (RFC 9162 §2.1): for each line i of entries.ndjson, check it is
   canonical JSON with "seq": i, hash it as SHA-256(0x00 ‖ line), and fold the hashes into
   the tree; the number of lines must equal the checkpoint's size (its second line) and the
   root must equal its third line (base64).
${proofs}
docs/compliance/audit-log.md in the Custos source specifies every step precisely; the Custos
command \`custos audit verify --export <this directory> --key <pinned key>\` runs them all.
`;
}

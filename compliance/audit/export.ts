import { createHash, type KeyObject } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { type AuditDatabase, auditDb } from './audit.table.ts';
import { openCheckpoint } from './checkpoint.ts';
import { signManifest } from './cms.ts';
import { exportReadme } from './export-readme.ts';
import { TreeBuilder } from './frontier.ts';
import { logOrigin } from './log-keys.ts';
import { checkpointAt, latestCheckpoint } from './log-reader.ts';
import { equalHashes, hashLeaf } from './merkle.ts';
import type { NoteVerifier } from './note-key.ts';
import { consistencyProof } from './proofs.ts';
import { createSqlNodeStore } from './sql-node-store.ts';

/**
 * Writes an auditor's export of one tenant's log (docs/compliance/audit-log.md §5–6): every
 * entry up to the latest checkpoint, streamed in keyset pages with O(log n) memory, recomputed
 * on the way so that a log that does not match its own checkpoint is never exported as if it did.
 */
export interface ExportOptions {
  readonly keyName: string;
  readonly verifier: NoteVerifier;
  readonly verifierKey: string;
  readonly signer: { readonly certificatePem: string; readonly privateKey: KeyObject };
  /** Also prove consistency from this earlier checkpointed size (the auditor's last export). */
  readonly sinceSize?: number;
  readonly pageSize?: number;
  readonly now?: Date;
}

export interface ExportSummary {
  readonly size: number;
  readonly files: readonly string[];
}

export class ExportRefused extends Error {
  override readonly name = 'ExportRefused';
}

async function writeEntries<DB extends AuditDatabase>(
  db: Kysely<DB>,
  tenantId: string,
  size: number,
  file: string,
  pageSize: number,
): Promise<{ sha256: string; root: Uint8Array }> {
  const out = createWriteStream(file, { flags: 'wx' });
  const digest = createHash('sha256');
  const tree = TreeBuilder.empty();
  const newline = Buffer.from('\n');
  try {
    while (tree.size < size) {
      const { rows } = await sql<{ seq: number; leaf: Buffer }>`
        select seq, leaf from audit_events
        where tenant_id = ${tenantId} and seq >= ${tree.size} and seq < ${Math.min(size, tree.size + pageSize)}
        order by seq`.execute(auditDb(db));
      if (rows.length === 0) throw new ExportRefused(`the log has no entry ${tree.size}`);
      for (const { seq, leaf } of rows) {
        if (seq !== tree.size) throw new ExportRefused(`the log has no entry ${tree.size}`);
        tree.push(hashLeaf(leaf));
        digest.update(leaf).update(newline);
        if (!out.write(leaf)) await once(out, 'drain');
        if (!out.write(newline)) await once(out, 'drain');
      }
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return { sha256: digest.digest('hex'), root: tree.root() };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function writeExport<DB extends AuditDatabase>(
  db: Kysely<DB>,
  tenantId: string,
  directory: string,
  options: ExportOptions,
): Promise<ExportSummary> {
  await mkdir(directory, { recursive: true });
  if ((await readdir(directory)).length > 0) throw new ExportRefused(`${directory} is not empty`);
  const latest = await latestCheckpoint(db, tenantId);
  if (!latest) throw new ExportRefused('the log has no signed checkpoint yet');
  const origin = logOrigin(options.keyName, tenantId);
  const { checkpoint } = openCheckpoint(latest.note, [options.verifier], { origin });

  const entries = await writeEntries(
    db,
    tenantId,
    checkpoint.size,
    join(directory, 'entries.ndjson'),
    options.pageSize ?? 2000,
  );
  if (!equalHashes(entries.root, checkpoint.root)) {
    throw new ExportRefused(
      `the stored entries do not give the root of the checkpoint of size ${checkpoint.size}; run custos audit verify`,
    );
  }
  const files = new Map<string, string>([
    ['checkpoint.txt', latest.note],
    ['log-key.txt', `${options.verifierKey}\n`],
    ['export-signer.pem', options.signer.certificatePem],
  ]);
  const proofFiles: string[] = [];
  if (options.sinceSize !== undefined) {
    const earlier = await checkpointAt(db, tenantId, options.sinceSize);
    if (!earlier || options.sinceSize > checkpoint.size) {
      throw new ExportRefused(`the log signed no checkpoint of size ${options.sinceSize}`);
    }
    const proof = await consistencyProof(
      createSqlNodeStore(db, tenantId),
      options.sinceSize,
      checkpoint.size,
    );
    const name = `proofs/consistency-${options.sinceSize}-${checkpoint.size}.json`;
    const body = {
      from: options.sinceSize,
      to: checkpoint.size,
      earlierCheckpoint: earlier.note,
      proof: proof.map((h) => Buffer.from(h).toString('base64')),
    };
    files.set(name, `${JSON.stringify(body, null, 2)}\n`);
    proofFiles.push(name);
    await mkdir(join(directory, 'proofs'));
  }
  files.set('README.txt', exportReadme(origin, checkpoint.size, proofFiles));
  for (const [name, content] of files) await writeFile(join(directory, name), content, { flag: 'wx' });

  const hashes = [
    ['entries.ndjson', entries.sha256] as const,
    ...[...files].map(([name, content]) => [name, sha256(content)] as const),
  ];
  // sha256sum's format, so that `sha256sum -c manifest.sha256` checks the files.
  const manifest = hashes
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, hash]) => `${hash}  ${name}\n`)
    .join('');
  await writeFile(join(directory, 'manifest.sha256'), manifest, { flag: 'wx' });
  const signature = signManifest(Buffer.from(manifest), options.signer, {
    signingTime: options.now ?? new Date(),
  });
  await writeFile(join(directory, 'manifest.sig.pem'), signature.pem, { flag: 'wx' });
  return {
    size: checkpoint.size,
    files: [...hashes.map(([name]) => name), 'manifest.sha256', 'manifest.sig.pem'],
  };
}

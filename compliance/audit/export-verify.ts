import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { assertConsistentCheckpoints, openCheckpoint } from './checkpoint.ts';
import { verifyDetachedSignature } from './cms-verify.ts';
import { type NoteVerifier, parseVerifierKey } from './note-key.ts';
import { auditEventCheck, type Divergence, verifyExport } from './verify.ts';

/**
 * Offline verification of an export directory (docs/compliance/audit-log.md §5): no database,
 * only the files and the keys the auditor pinned. Each step is also possible with OpenSSL and
 * sha256sum (the export's README.txt).
 */
export interface ExportCheckOptions {
  /** The pinned verifier key; without it, log-key.txt from the export is used (and noted). */
  readonly verifierKey?: string;
  /** The pinned export-signing certificate; without it, export-signer.pem is used (and noted). */
  readonly certificatePem?: string;
}

export interface ExportReport {
  readonly ok: boolean;
  readonly size: number;
  readonly origin?: string;
  readonly firstBadSequence?: number;
  readonly problems: readonly string[];
  /** Things the auditor should know, e.g. that a key came from the export itself. */
  readonly notes: readonly string[];
}

const MANIFEST_LINE = /^([0-9a-f]{64}) {2}([A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*)$/;
const UNSIGNED = new Set(['manifest.sha256', 'manifest.sig.pem']);

async function fileHash(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function listFiles(directory: string, under = directory): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await readdir(under, { withFileTypes: true })) {
    const path = join(under, entry.name);
    if (entry.isDirectory()) names.push(...(await listFiles(directory, path)));
    else names.push(relative(directory, path));
  }
  return names;
}

function parseManifest(text: string): Map<string, string> {
  if (!text.endsWith('\n')) throw new Error('manifest.sha256 must end with a newline');
  const entries = new Map<string, string>();
  for (const line of text.slice(0, -1).split('\n')) {
    const match = MANIFEST_LINE.exec(line);
    if (!match || match[2]!.split('/').includes('..') || entries.has(match[2]!)) {
      throw new Error('manifest.sha256 has a malformed or repeated line');
    }
    entries.set(match[2]!, match[1]!);
  }
  return entries;
}

async function* lines(path: string): AsyncGenerator<Uint8Array> {
  for await (const line of createInterface({
    input: createReadStream(path),
    crlfDelay: Number.POSITIVE_INFINITY,
  })) {
    yield Buffer.from(line, 'utf8');
  }
}

function describe(divergence: Divergence): { firstBadSequence: number; problem: string } {
  if (divergence.kind === 'leaf')
    return {
      firstBadSequence: divergence.sequence,
      problem: `entry ${divergence.sequence}: ${divergence.reason}`,
    };
  if (divergence.kind === 'root') {
    return {
      firstBadSequence: divergence.sequence,
      problem: `the entries do not give the checkpoint's root (entries ${divergence.firstSuspect}..${divergence.sequence})`,
    };
  }
  return {
    firstBadSequence: Math.min(divergence.actualSize, divergence.expectedSize),
    problem: `the export has ${divergence.actualSize} entries, the checkpoint ${divergence.expectedSize}`,
  };
}

export async function verifyExportDirectory(
  directory: string,
  options: ExportCheckOptions = {},
): Promise<ExportReport> {
  const notes: string[] = [];
  const problems: string[] = [];
  const fail = (problem: string, extra: Partial<ExportReport> = {}): ExportReport => ({
    ok: false,
    size: 0,
    ...extra,
    problems: [...problems, problem],
    notes,
  });
  const read = (name: string) => readFile(join(directory, name), 'utf8');

  // 1. The manifest is signed, and every file is the one it lists — and nothing else is there.
  let manifestText: string;
  let manifest: Map<string, string>;
  try {
    manifestText = await read('manifest.sha256');
    manifest = parseManifest(manifestText);
  } catch (error) {
    return fail(`manifest: ${(error as Error).message}`);
  }
  for (const required of ['entries.ndjson', 'checkpoint.txt']) {
    if (!manifest.has(required)) return fail(`the manifest does not list ${required}`);
  }
  try {
    if (!options.certificatePem)
      notes.push('the export signer certificate was taken from the export, not pinned');
    const certificate = options.certificatePem ?? (await read('export-signer.pem'));
    verifyDetachedSignature(Buffer.from(manifestText), await read('manifest.sig.pem'), certificate);
  } catch (error) {
    return fail(`manifest signature: ${(error as Error).message}`);
  }
  for (const name of await listFiles(directory)) {
    if (!manifest.has(name) && !UNSIGNED.has(name)) return fail(`${name} is not in the manifest`);
  }
  for (const [name, hash] of manifest) {
    const actual = await fileHash(join(directory, name)).catch(() => 'missing');
    if (actual !== hash)
      return fail(`${name} does not match the manifest (${actual === 'missing' ? 'missing' : 'changed'})`);
  }

  // 2. The checkpoint, with the pinned key; the origin names the tenant.
  let verifier: NoteVerifier;
  try {
    if (!options.verifierKey) notes.push('the log key was taken from the export, not pinned');
    verifier = parseVerifierKey((options.verifierKey ?? (await read('log-key.txt'))).trim());
  } catch (error) {
    return fail(`log key: ${(error as Error).message}`);
  }
  const note = await read('checkpoint.txt');
  let origin: string;
  try {
    origin = openCheckpoint(note, [verifier]).checkpoint.origin;
    if (!origin.startsWith(`${verifier.name}/`)) throw new Error(`origin is not under ${verifier.name}`);
  } catch (error) {
    return fail(`checkpoint: ${(error as Error).message}`);
  }
  const tenantId = origin.slice(verifier.name.length + 1);

  // 3. Every entry, recomputed into the signed root.
  const result = await verifyExport(lines(join(directory, 'entries.ndjson')), note, [verifier], {
    origin,
    checkLeaf: auditEventCheck(tenantId),
  });
  if (!result.ok && result.divergence) {
    const { firstBadSequence, problem } = describe(result.divergence);
    return fail(problem, { size: result.size, origin, firstBadSequence });
  }

  // 4. Consistency proofs from earlier checkpoints.
  for (const name of [...manifest.keys()].filter((n) => n.startsWith('proofs/consistency-'))) {
    try {
      const body = JSON.parse(await read(name)) as { earlierCheckpoint: string; proof: string[] };
      const earlier = openCheckpoint(body.earlierCheckpoint, [verifier], { origin }).checkpoint;
      assertConsistentCheckpoints(
        earlier,
        result.checkpoint,
        body.proof.map((p) => Buffer.from(p, 'base64')),
      );
      notes.push(`consistent with the checkpoint of size ${earlier.size} (compare it with the one you hold)`);
    } catch (error) {
      return fail(`${name}: ${(error as Error).message}`, { size: result.size, origin });
    }
  }
  return { ok: true, size: result.size, origin, problems, notes };
}

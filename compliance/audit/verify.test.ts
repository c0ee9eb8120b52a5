import { describe, expect, it } from 'vitest';
import { signCheckpoint } from './checkpoint.ts';
import { UnknownNoteKey } from './errors.ts';
import { type AuditEvent, encodeLeaf } from './event.ts';
import { appendLeaves, EMPTY_FRONTIER, frontierRoot, TreeBuilder } from './frontier.ts';
import { EMPTY_ROOT, hashLeaf } from './merkle.ts';
import { generateNoteKey, parseSignerKey, parseVerifierKey } from './note-key.ts';
import { auditEventCheck, recomputeLog, recomputeLogSync, verifyExport } from './verify.ts';

const leaves = Array.from({ length: 1000 }, (_, i) => Buffer.from(`{"seq":${i}}`));
const rootAt = (data: readonly Uint8Array[], n: number) =>
  frontierRoot(appendLeaves(EMPTY_FRONTIER, data.slice(0, n).map(hashLeaf)).frontier);
const checkpointsAt = (sizes: number[]) => sizes.map((size) => ({ size, root: rootAt(leaves, size) }));

async function* slowly(data: readonly Uint8Array[]) {
  for (const leaf of data) yield leaf;
}

describe('offline log recomputation', () => {
  it('matches every stored checkpoint of an intact log', () => {
    const result = recomputeLogSync(leaves, { checkpoints: checkpointsAt([1000, 0, 10, 100, 777]) });
    expect(result).toMatchObject({ ok: true, size: 1000, checkpointsMatched: 5 });
    expect(result.root).toEqual(rootAt(leaves, 1000));
  });

  it('gives the same answer from an async source', async () => {
    const checkpoints = checkpointsAt([10, 1000]);
    expect(await recomputeLog(slowly(leaves), { checkpoints })).toEqual(
      recomputeLogSync(leaves, { checkpoints }),
    );
  });

  it('names the first checkpoint that diverges and the range of suspect sequence numbers', () => {
    const tampered = [...leaves];
    tampered[150] = Buffer.from('{"seq":150,"edited":true}');
    const result = recomputeLogSync(tampered, { checkpoints: checkpointsAt([10, 100, 200, 1000]) });
    expect(result.ok).toBe(false);
    expect(result.divergence).toMatchObject({
      kind: 'root',
      checkpointSize: 200,
      sequence: 199,
      firstSuspect: 100,
    });
    expect(result.size).toBe(200);
    expect(result.checkpointsMatched).toBe(2);
  });

  it('pins a change to one leaf when a checkpoint follows every leaf', () => {
    const tampered = leaves.filter((_, i) => i !== 42);
    const builder = TreeBuilder.empty();
    const every = [{ size: 0, root: builder.root() }];
    for (const leaf of leaves) {
      builder.push(hashLeaf(leaf));
      every.push({ size: builder.size, root: builder.root() });
    }
    const result = recomputeLogSync(tampered, { checkpoints: every });
    expect(result.divergence).toMatchObject({ kind: 'root', sequence: 42, firstSuspect: 42 });
  });

  it('reports a log that ends before a checkpoint', () => {
    const result = recomputeLogSync(leaves.slice(0, 500), { checkpoints: checkpointsAt([100, 1000]) });
    expect(result.divergence).toEqual({ kind: 'length', expectedSize: 1000, actualSize: 500 });
  });

  it('checks the empty tree against a size-0 checkpoint', () => {
    expect(recomputeLogSync([], { checkpoints: [{ size: 0, root: EMPTY_ROOT }] }).ok).toBe(true);
    const wrong = recomputeLogSync(leaves, { checkpoints: [{ size: 0, root: rootAt(leaves, 1) }] });
    expect(wrong.divergence).toMatchObject({ kind: 'root', checkpointSize: 0, sequence: -1 });
  });

  it('runs a per-leaf check and stops at the first leaf it rejects', () => {
    const event = (seq: number): AuditEvent => ({
      v: 1,
      tenantId: 'tenant-1',
      seq,
      time: '2025-01-01T00:00:00.000Z',
      actor: { id: 'u-1', role: 'agent', kind: 'staff' },
      action: 'read',
      purpose: 'PATADMIN',
      outcome: { result: 'success' },
    });
    const events = [0, 1, 2, 4, 5].map((seq) => encodeLeaf(event(seq)));
    const result = recomputeLogSync(events, { checkLeaf: auditEventCheck('tenant-1') });
    expect(result.divergence).toMatchObject({ kind: 'leaf', sequence: 3 });
    expect(
      recomputeLogSync(events.slice(0, 3), { checkLeaf: auditEventCheck('tenant-2') }).divergence,
    ).toMatchObject({ kind: 'leaf', sequence: 0 });
  });
});

describe('export verification against a signed checkpoint', () => {
  const origin = 'audit.school.example/custos/district-9';
  const key = generateNoteKey(origin);
  const verifiers = [parseVerifierKey(key.verifierKey)];
  const note = signCheckpoint({ origin, size: 300, root: rootAt(leaves, 300) }, [
    parseSignerKey(key.signerKey),
  ]);

  it('accepts exactly the leaves the checkpoint signs', async () => {
    const result = await verifyExport(slowly(leaves.slice(0, 300)), note, verifiers, { origin });
    expect(result.ok).toBe(true);
    expect(result.checkpoint.size).toBe(300);
  });

  it('rejects an export with a leaf too many or too few', async () => {
    const long = await verifyExport(leaves, note, verifiers);
    expect(long.divergence).toEqual({ kind: 'length', expectedSize: 300, actualSize: 301 });
    const short = await verifyExport(leaves.slice(0, 299), note, verifiers);
    expect(short.divergence).toEqual({ kind: 'length', expectedSize: 300, actualSize: 299 });
  });

  it('rejects a checkpoint signed by another key', async () => {
    const other = [parseVerifierKey(generateNoteKey(origin).verifierKey)];
    await expect(verifyExport(leaves.slice(0, 300), note, other)).rejects.toThrow(UnknownNoteKey);
  });
});

import { describe, expect, it } from 'vitest';
import {
  assertConsistentCheckpoints,
  type Checkpoint,
  formatCheckpoint,
  openCheckpoint,
  parseCheckpoint,
  signCheckpoint,
} from './checkpoint.ts';
import {
  InconsistentCheckpoints,
  InvalidNoteSignature,
  MalformedCheckpoint,
  UnknownNoteKey,
} from './errors.ts';
import { appendLeaves, EMPTY_FRONTIER, frontierRoot } from './frontier.ts';
import { hashLeaf } from './merkle.ts';
import { MemoryNodeStore } from './node-store.ts';
import { generateNoteKey, parseSignerKey, parseVerifierKey } from './note-key.ts';
import { consistencyProof } from './proofs.ts';
import { consistencyProofs, emptyRoot, roots } from './testdata/rfc6962.ts';

const origin = 'audit.hospital.example/custos/tenant-1';
const logKey = generateNoteKey(origin);
const signer = parseSignerKey(logKey.signerKey);
const verifier = parseVerifierKey(logKey.verifierKey);

describe('C2SP tlog-checkpoint', () => {
  it('formats the body as origin, decimal size and base64 root, one per line', () => {
    const body = formatCheckpoint({ origin, size: 8, root: roots[7]! });
    expect(body).toBe(`${origin}\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n`);
    expect(formatCheckpoint({ origin, size: 0, root: emptyRoot })).toBe(
      `${origin}\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n`,
    );
    expect(parseCheckpoint(body)).toEqual({ origin, size: 8, root: roots[7] });
  });

  it('round-trips extension lines', () => {
    const checkpoint = { origin, size: 2, root: roots[1]!, extensions: ['ext one', 'ext two'] };
    expect(parseCheckpoint(formatCheckpoint(checkpoint))).toEqual(checkpoint);
  });

  it('parses the example of the specification', () => {
    const body = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
    const checkpoint = parseCheckpoint(body);
    expect(checkpoint.origin).toBe('example.com/behind-the-sofa');
    expect(checkpoint.size).toBe(20852163);
    expect(formatCheckpoint(checkpoint)).toBe(body);
  });

  it.each([
    ['no final newline', `${origin}\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=`],
    ['two lines', `${origin}\n8\n`],
    ['an empty origin', '\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n'],
    ['a leading zero', `${origin}\n08\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n`],
    ['a sign', `${origin}\n+8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n`],
    ['a size beyond 2^53', `${origin}\n9007199254740993\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n`],
    ['a 31-byte root', `${origin}\n8\n${Buffer.alloc(31).toString('base64')}\n`],
    ['a base64url root', `${origin}\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz-Nw7_RgQyg=\n`],
    ['an empty extension line', `${origin}\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n`],
  ])('rejects a body with %s', (_, body) => {
    expect(() => parseCheckpoint(body)).toThrow(MalformedCheckpoint);
  });

  it('signs with the origin as key name, and opens only with the log key', () => {
    const note = signCheckpoint({ origin, size: 8, root: roots[7]! }, [signer]);
    expect(note).toMatch(new RegExp(`\n\n— ${origin.replace(/\./g, '\\.')} [A-Za-z0-9+/]{91}=\n$`));
    const { checkpoint, verified } = openCheckpoint(note, [verifier], { origin });
    expect(checkpoint.size).toBe(8);
    expect(Buffer.from(checkpoint.root)).toEqual(roots[7]);
    expect(verified[0]?.name).toBe(origin);
    expect(() => openCheckpoint(note, [parseVerifierKey(generateNoteKey(origin).verifierKey)])).toThrow(
      UnknownNoteKey,
    );
    expect(() =>
      openCheckpoint(note, [verifier], { origin: 'audit.hospital.example/custos/tenant-2' }),
    ).toThrow(MalformedCheckpoint);
  });

  it('rejects a checkpoint whose size or root was changed after signing', () => {
    const note = signCheckpoint({ origin, size: 8, root: roots[7]! }, [signer]);
    expect(() => openCheckpoint(note.replace('\n8\n', '\n7\n'), [verifier])).toThrow(InvalidNoteSignature);
    expect(() => openCheckpoint(note.replace('Xcna', 'Xcnb'), [verifier])).toThrow(InvalidNoteSignature);
  });

  it('accepts a witness co-signature next to the log signature', () => {
    const witness = generateNoteKey('witness.example/w1');
    const note = signCheckpoint({ origin, size: 8, root: roots[7]! }, [
      signer,
      parseSignerKey(witness.signerKey),
    ]);
    expect(openCheckpoint(note, [verifier]).verified).toHaveLength(1);
    expect(openCheckpoint(note, [verifier, parseVerifierKey(witness.verifierKey)]).verified).toHaveLength(2);
  });
});

describe('checkpoint consistency', () => {
  const cp = (size: number): Checkpoint => ({ origin, size, root: roots[size - 1]! });

  it.each(consistencyProofs.filter((v) => v.size1 < v.size2))(
    'accepts the published proof from $size1 to $size2',
    (v) => {
      expect(() => assertConsistentCheckpoints(cp(v.size1), cp(v.size2), v.proof)).not.toThrow();
    },
  );

  it('rejects a forked history, a shrinking log and another log', () => {
    const v = consistencyProofs[2]!;
    const fork = { ...cp(v.size2), root: roots[v.size2 - 2]! };
    expect(() => assertConsistentCheckpoints(cp(v.size1), fork, v.proof)).toThrow(InconsistentCheckpoints);
    expect(() => assertConsistentCheckpoints(cp(v.size2), cp(v.size1), v.proof)).toThrow(
      InconsistentCheckpoints,
    );
    expect(() =>
      assertConsistentCheckpoints(cp(v.size1), { ...cp(v.size2), origin: 'elsewhere.example/log' }, v.proof),
    ).toThrow(InconsistentCheckpoints);
  });

  it('connects two signed checkpoints of a growing log end to end', async () => {
    const store = new MemoryNodeStore();
    const first = appendLeaves(
      EMPTY_FRONTIER,
      ['a', 'b', 'c'].map((s) => hashLeaf(Buffer.from(s))),
    );
    store.write(first.nodes);
    const second = appendLeaves(
      first.frontier,
      ['d', 'e', 'f', 'g'].map((s) => hashLeaf(Buffer.from(s))),
    );
    store.write(second.nodes);
    const older = signCheckpoint({ origin, size: 3, root: frontierRoot(first.frontier) }, [signer]);
    const newer = signCheckpoint({ origin, size: 7, root: frontierRoot(second.frontier) }, [signer]);
    const proof = await consistencyProof(store, 3, 7);
    const [a, b] = [
      openCheckpoint(older, [verifier]).checkpoint,
      openCheckpoint(newer, [verifier]).checkpoint,
    ];
    expect(() => assertConsistentCheckpoints(a, b, proof)).not.toThrow();
  });
});

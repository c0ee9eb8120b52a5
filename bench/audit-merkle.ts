/**
 * Hashing throughput of the offline verifier: `node --import tsx bench/audit-merkle.ts [leaves]`.
 * Prints entries per second and the ratio to a bare SHA-256 of the same bytes measured in the
 * same run (these machines are noisy: compare ratios, not absolute figures). Target: ≥ 300,000
 * entries/s for recomputation on one core.
 */
import { createHash } from 'node:crypto';
import {
  appendLeaves,
  canonicalBytes,
  EMPTY_FRONTIER,
  hashLeaf,
  recomputeLogSync,
} from '../compliance/index.ts';

const count = Number(process.argv[2] ?? 500_000);
const distinct = 10_000;
const pool = Array.from({ length: distinct }, (_, i) =>
  canonicalBytes({
    v: 1,
    tenantId: 'tenant-hospital-0001',
    seq: i,
    time: '2025-03-01T08:15:30.123Z',
    actor: { id: `u-${i % 97}`, role: 'clinician', kind: 'staff' },
    action: 'read',
    purpose: 'TREAT',
    resource: { type: 'Patient', id: '5b0c1f9e-6b1c-4c55-9d4e-2b8f8f5a1c11' },
    subject: { type: 'patient', pseudonym: 'k3Jd8W0sV1oHq2c9ZyXbT4uPnR6mLaE5fGhIjKlMnOp' },
    outcome: { result: 'success' },
    requestId: `req-${i}`,
    network: { address: '10.0.4.17' },
  }),
);
const leaves = Array.from({ length: count }, (_, i) => pool[i % distinct]!);
const meanBytes = pool.reduce((n, l) => n + l.length, 0) / distinct;

function measure(name: string, run: () => void): number {
  run(); // warm-up
  const start = process.hrtime.bigint();
  run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rate = count / seconds;
  console.log(`${name.padEnd(38)} ${Math.round(rate).toLocaleString('en-US').padStart(11)} entries/s`);
  return rate;
}

console.log(
  `${count.toLocaleString('en-US')} leaves of ~${Math.round(meanBytes)} bytes, Node ${process.version}`,
);
const baseline = measure('baseline: SHA-256(leaf)', () => {
  for (const leaf of leaves) createHash('sha256').update(leaf).digest();
});
const leafOnly = measure('RFC 9162 leaf hashes', () => {
  for (const leaf of leaves) hashLeaf(leaf);
});
const recompute = measure('recomputeLogSync (leaf + tree)', () => {
  recomputeLogSync(leaves);
});
const append = measure('appendLeaves (+ nodes to persist)', () => {
  appendLeaves(EMPTY_FRONTIER, leaves.map(hashLeaf));
});
console.log(
  `ratios to baseline: leaf ${(leafOnly / baseline).toFixed(2)}, recompute ${(recompute / baseline).toFixed(2)}, ` +
    `append ${(append / baseline).toFixed(2)}`,
);

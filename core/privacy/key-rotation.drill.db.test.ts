import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlKeyStore, keyStatus, runRotation, startRotation } from '../../compliance/index.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { insertTenant, staff, syntheticContact, testProvider } from '../contacts/contact.fixture.ts';
import type { Database } from '../db/schema.ts';
import { ENCRYPTED_TABLES } from './encrypted-tables.ts';
import { rotationWorld } from './key-rotation.fixture.ts';

/**
 * The rotation drill: 8 writers and 8 readers work on the contact store for the whole of a
 * rotation of every key of a tenant. Nothing may fail and nothing may be lost. The grace before
 * old keys are destroyed sets the drill's length: CUSTOS_ROTATION_DRILL_MS (default 1 s; the
 * 30-second drill is `node --import tsx bench/crypto-rotation.ts`).
 */
let handle: TestDb;
let db: Kysely<Database>;
beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
});
afterAll(async () => {
  await handle?.destroy();
});

const WRITERS = 8;
const READERS = 8;
const SEEDED = 96;
const GRACE_MS = Number(process.env.CUSTOS_ROTATION_DRILL_MS ?? 1000);

describe(`key rotation drill (${testDialect()})`, () => {
  it('rotates under 8 writers and 8 readers: no failed read, no lost write, old keys destroyed', async () => {
    const tenantId = await insertTenant(db);
    const world = rotationWorld(db, testProvider());
    const access = staff(tenantId);
    // Each writer owns its contacts, so the last acknowledged value of each is known.
    const acknowledged = new Map<string, string>();
    const owned: string[][] = Array.from({ length: WRITERS }, () => []);
    for (let n = 0; n < SEEDED; n++) {
      const contact = await world.service.create(access, syntheticContact(n + 1));
      acknowledged.set(contact.id, contact.displayName);
      owned[n % WRITERS]!.push(contact.id);
    }
    for (let n = 1; n <= 4; n++) await world.addUser(tenantId, n);
    const before = await createSqlKeyStore<Database>(db).list({ tenantId });

    let running = true;
    const failures: string[] = [];
    let reads = 0;
    let writes = 0;
    // Requests arrive through I/O; yielding like one keeps 16 loops from starving timers.
    const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
    const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;

    const writer = async (w: number) => {
      for (let n = 1; running; n++) {
        await nextTurn();
        try {
          if (n % 4 === 0) {
            const contact = await world.service.create(access, syntheticContact(1000 + w * 1000 + n));
            acknowledged.set(contact.id, contact.displayName);
            owned[w]!.push(contact.id);
          } else {
            const id = pick(owned[w]!);
            const displayName = `测试患者${w}-${n}`;
            const read = await world.service.update(access, id, { displayName });
            if (read.status !== 'found') failures.push(`write ${id}: ${read.status}`);
            else acknowledged.set(id, displayName);
          }
          writes++;
        } catch (error) {
          failures.push(`write: ${(error as Error).message}`);
        }
      }
    };
    const reader = async () => {
      while (running) {
        await nextTurn();
        const id = pick([...acknowledged.keys()]);
        try {
          const read = await world.service.get(access, id);
          if (read.status !== 'found') failures.push(`read ${id}: ${read.status}`);
          reads++;
        } catch (error) {
          failures.push(`read: ${(error as Error).message}`);
        }
      }
    };

    const load = [
      ...Array.from({ length: WRITERS }, (_, w) => writer(w)),
      ...Array.from({ length: READERS }, () => reader()),
    ];
    const job = await startRotation({ db }, tenantId, 'all');
    const done = await runRotation(world.rotation({ graceMs: GRACE_MS, batchSize: 20 }), job);
    running = false;
    await Promise.all(load);

    expect(failures).toEqual([]);
    expect(reads).toBeGreaterThan(0);
    expect(writes).toBeGreaterThan(0);
    expect(done.phase).toBe('finished');

    // Zero lost writes: every acknowledged value is what a fresh process reads.
    world.keyring.clearCache();
    for (const [id, displayName] of acknowledged) {
      expect(await world.service.get(access, id)).toMatchObject({
        status: 'found',
        contact: { displayName },
      });
    }
    // Every row on the new keys; every key live before the rotation destroyed.
    const report = await keyStatus(db, createSqlKeyStore<Database>(db), ENCRYPTED_TABLES, tenantId);
    expect(report.subjects.retired.keys).toBe(0);
    expect(report.subjects.destroyed.rows).toBe(0);
    expect(report.versions.filter((v) => v.status !== 'destroyed' && v.kind !== 'blind_index')).toEqual([
      expect.objectContaining({ kind: 'tenant', status: 'active' }),
      expect.objectContaining({ kind: 'tenant_data', status: 'active', rows: 4 }),
    ]);
    const after = new Map((await createSqlKeyStore<Database>(db).list({ tenantId })).map((k) => [k.id, k]));
    for (const old of before.filter((k) => k.kind !== 'blind_index'))
      expect(after.get(old.id)?.status).toBe('destroyed');
  });
});

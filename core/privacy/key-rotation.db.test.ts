import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSqlKeyStore,
  isSensitive,
  type KeyRecord,
  keyStatus,
  type NewAuditEvent,
  RotationBusy,
  type RotationJob,
  runRotation,
  startRotation,
} from '../../compliance/index.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { contactColumns } from '../contacts/contact.columns.ts';
import { insertTenant, staff, syntheticContact, testProvider } from '../contacts/contact.fixture.ts';
import type { Database } from '../db/schema.ts';
import { userColumns } from '../identity/user.columns.ts';
import { ENCRYPTED_TABLES } from './encrypted-tables.ts';
import { KEY_RESOURCE, RETIRED_KEY_RESOURCE } from './key-audit.ts';
import { rotationWorld } from './key-rotation.fixture.ts';

let handle: TestDb;
let db: Kysely<Database>;
beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
});
afterAll(async () => {
  await handle?.destroy();
});

const provider = testProvider();

async function populated(people: number, events: NewAuditEvent[] = []) {
  const tenantId = await insertTenant(db);
  const world = rotationWorld(db, provider, events);
  const ids: string[] = [];
  for (let n = 1; n <= people; n++)
    ids.push((await world.service.create(staff(tenantId), syntheticContact(n))).id);
  for (let n = 1; n <= 3; n++) await world.addUser(tenantId, n);
  return { tenantId, ids, ...world };
}

const keysOf = (tenantId: string) => createSqlKeyStore<Database>(db).list({ tenantId });

/** Every key a stored value names is active, and every key that was live before is destroyed. */
async function expectAllOnNewKeys(tenantId: string, before: readonly KeyRecord[], kinds: readonly string[]) {
  const report = await keyStatus(db, createSqlKeyStore<Database>(db), ENCRYPTED_TABLES, tenantId);
  const after = new Map((await keysOf(tenantId)).map((k) => [k.id, k]));
  for (const old of before.filter((k) => kinds.includes(k.kind) && k.status !== 'destroyed'))
    expect(after.get(old.id)?.status).toBe('destroyed');
  expect(report.subjects.retired).toEqual({ keys: 0, rows: 0 });
  expect(report.versions.filter((v) => v.status === 'retired')).toEqual([]);
  for (const v of report.versions) if (v.status === 'destroyed') expect(v.rows).toBe(0);
  expect(report.subjects.destroyed.rows).toBe(0);
  return report;
}

describe(`key rotation (${testDialect()})`, () => {
  it('registers every table that has sealed columns', async () => {
    // Each migrated bytea column of a classified table that is sealed must be reachable.
    for (const columns of [contactColumns, userColumns]) {
      const sealed = Object.values(columns.columns).filter((c) => isSensitive(c.spec.classification));
      const registered = ENCRYPTED_TABLES.find((t) => t.table === columns.table);
      expect(registered?.sealed.map((c) => c.column).sort()).toEqual(sealed.map((c) => c.column).sort());
    }
  });

  it('rotates every scope, re-encrypts every row and destroys the old keys; values are unchanged', async () => {
    const world = await populated(30);
    const before = await keysOf(world.tenantId);
    const job = await startRotation({ db }, world.tenantId, 'all');
    const done = await runRotation(world.rotation(), job);
    expect(done).toMatchObject({ phase: 'finished', rowsDone: 33, rowsTotal: 33, keysRotated: 32 });
    // 30 subject keys and the tenant data key, then the tenant key once nothing is under it.
    expect(done.keysDestroyed).toBe(32);
    await expectAllOnNewKeys(world.tenantId, before, ['tenant', 'tenant_data', 'subject']);
    world.keyring.clearCache();
    for (const [i, id] of world.ids.entries()) {
      const read = await world.service.get(staff(world.tenantId), id);
      expect(read).toMatchObject({
        status: 'found',
        contact: { displayName: syntheticContact(i + 1).displayName },
      });
    }
    // The blind-index root was rewrapped, not rotated: lookups still find people.
    const phone = syntheticContact(7).mobilePhone;
    expect(await world.service.findBy(staff(world.tenantId), 'mobilePhone', phone)).toHaveLength(1);
  });

  it('resumes from its cursor after an interruption, and a crashed runner is taken over once its lease expires', async () => {
    const world = await populated(60);
    const before = await keysOf(world.tenantId);
    const job = await startRotation({ db }, world.tenantId, 'subjects');
    const stop = new AbortController();
    const seen: RotationJob[] = [];
    const interrupted = await runRotation(
      world.rotation({
        batchSize: 10,
        signal: stop.signal,
        onProgress(p) {
          seen.push(p);
          if (p.phase === 'reencrypt' && p.rowsDone >= 20) stop.abort();
        },
      }),
      job,
    );
    expect(interrupted).toMatchObject({ phase: 'reencrypt', rowsDone: 20, rowsTotal: 60, leaseOwner: null });
    expect(interrupted.cursor).toMatchObject({ table: 'contacts' });
    // Starting again resumes the same job.
    const resumed = await startRotation({ db }, world.tenantId, 'subjects');
    expect(resumed.jobId).toBe(job.jobId);
    await expect(startRotation({ db }, world.tenantId, 'tenant')).rejects.toThrow(
      /resume it with --scope subjects/,
    );

    // A runner that died holding the lease: nobody else may run until the lease expires.
    const expires = new Date(Date.now() + 60_000);
    await db
      .updateTable('crypto_rotation_jobs')
      .set({ lease_owner: 'crashed-runner', lease_expires_at: expires })
      .where('tenant_id', '=', world.tenantId)
      .where('job_id', '=', resumed.jobId)
      .execute();
    await expect(runRotation(world.rotation(), resumed)).rejects.toThrow(RotationBusy);
    const later = () => expires.getTime() + 1;
    const finished = await runRotation(world.rotation({ now: later, batchSize: 10 }), resumed);
    expect(finished).toMatchObject({ phase: 'finished', rowsDone: 60, rowsTotal: 60, keysRotated: 60 });
    await expectAllOnNewKeys(world.tenantId, before, ['subject']);
    // The tenant data key (users' TOTP secrets) was out of scope and is untouched.
    const tenantData = before.find((k) => k.kind === 'tenant_data')!;
    expect((await keysOf(world.tenantId)).find((k) => k.id === tenantData.id)?.status).toBe('active');
  });

  it('audits key create, unwrap, rotate, rewrap and destroy, with the subject as a pseudonym', async () => {
    const events: NewAuditEvent[] = [];
    const world = await populated(2, events);
    const creates = events.filter((e) => e.resource?.type === KEY_RESOURCE['key.create']);
    // tenant key, blind-index root, two subject keys, the tenant data key
    expect(creates).toHaveLength(5);
    expect(creates.filter((e) => e.subject?.type === 'contact')).toHaveLength(2);
    world.keyring.clearCache();
    const mark = events.length;
    await world.service.get(staff(world.tenantId), world.ids[0]!);
    await world.service.get(staff(world.tenantId), world.ids[0]!); // cached now: no second unwrap
    const unwraps = events.slice(mark).filter((e) => e.resource?.type === KEY_RESOURCE['key.unwrap']);
    expect(unwraps).toHaveLength(2); // the tenant key, then the subject key under it
    expect(unwraps[1]?.subject?.type).toBe('contact');
    const done = await runRotation(world.rotation(), await startRotation({ db }, world.tenantId, 'all'));
    expect(done.phase).toBe('finished');
    const count = (type: string) => events.filter((e) => e.resource?.type === type).length;
    expect(count(KEY_RESOURCE['key.rotate'])).toBe(4);
    expect(count(RETIRED_KEY_RESOURCE)).toBe(4);
    expect(count(KEY_RESOURCE['key.rewrap'])).toBeGreaterThanOrEqual(4); // every child of the old tenant key
    expect(count(KEY_RESOURCE['key.destroy'])).toBe(4);
    for (const e of events.filter((e) => e.action === 'key-operation')) {
      expect(e).toMatchObject({ purpose: 'HSYSADMIN', outcome: { result: 'success' } });
      expect(JSON.stringify(e)).not.toContain(world.ids[0]); // the contact id never reaches the log
    }
    // And they were written, in the transactions of the operations.
    const pending = await db
      .selectFrom('audit_pending')
      .select('body')
      .where('tenant_id', '=', world.tenantId)
      .execute();
    const written = pending.map((p) => JSON.parse(p.body.toString('utf8')) as NewAuditEvent);
    expect(written.filter((e) => e.resource?.type === KEY_RESOURCE['key.destroy'])).toHaveLength(4);
  });

  it('creates a contact and its key in one transaction: a failed insert leaves no key behind', async () => {
    const tenantId = await insertTenant(db);
    const world = rotationWorld(db, provider);
    await world.service.create(staff(tenantId), syntheticContact(1)); // tenant-level keys exist now
    const subjectKeys = async () => (await keysOf(tenantId)).filter((k) => k.kind === 'subject').length;
    expect(await subjectKeys()).toBe(1);
    const failing = {
      ...world.audit,
      async record() {
        throw new Error('audit unavailable');
      },
    };
    const { createContactService } = await import('../contacts/contact.service.ts');
    const service = createContactService({
      db,
      contacts: world.contacts,
      audit: failing,
      keyring: world.keyring,
      pseudonymKey: async () => Buffer.alloc(32, 1),
    });
    await expect(service.create(staff(tenantId), syntheticContact(2))).rejects.toThrow('audit unavailable');
    expect(await subjectKeys()).toBe(1);
  });
});

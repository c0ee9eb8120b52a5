import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptField, readSealed } from '../../compliance/index.ts';
import { createTestApp } from '../../testing/test-app.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { contactPseudonym } from '../contacts/contact-audit.ts';
import type { Actor } from '../context/request-context.ts';
import { isAppError } from '../errors/app-error.ts';
import { asSubject } from './ability.ts';
import { abilityOf } from './actor-ability.ts';
import { breakGlassColumns, breakGlassReasonSealer } from './break-glass.columns.ts';
import {
  type BreakGlassService,
  type BreakGlassTenant,
  createBreakGlassService,
} from './break-glass.service.ts';

let db: TestDb;
let t: ReturnType<typeof createTestApp>;
let service: BreakGlassService;
let tenant: BreakGlassTenant;
let patient: string;
let otherPatient: string;
let clock = new Date('2026-03-01T08:00:00.000Z');
const minutes = (n: number) => new Date(clock.getTime() + n * 60_000);

const staff = (id: string, roles: string[], mfa = true) =>
  ({ kind: 'staff', id, role: roles[0], tenantId: tenant.id, roles, mfa }) as Actor;
const clinician = () => staff(CLINICIAN, ['clinician']);
const CLINICIAN = randomUUID();
const COLLEAGUE = randomUUID();
const AUDITOR = randomUUID();
const reason = 'Patient unconscious in the emergency room; care team unreachable.';

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
    return 'succeeded';
  } catch (error) {
    return isAppError(error) ? error.code : String(error);
  }
}

async function auditTrail() {
  await t.runtime.audit.sequenceNow();
  const rows = await db.db
    .selectFrom('audit_events')
    .select('leaf')
    .where('tenant_id', '=', tenant.id)
    .orderBy('seq')
    .execute();
  return rows.map((row) => JSON.parse(Buffer.from(row.leaf).toString('utf8')));
}

beforeAll(async () => {
  db = await createTestDb();
  t = createTestApp(db);
  const created = await t.runtime.tenants.create(
    { kind: 'service', id: 'platform-operator', role: 'platform_operator' },
    {
      slug: 'break-glass-hospital',
      name: '示例急诊医院',
      vertical: 'medical',
      locale: 'zh-CN',
      timeZone: 'Asia/Shanghai',
    },
  );
  tenant = { id: created.id, vertical: created.vertical };
  const access = {
    actor: { kind: 'staff', id: 'u-clerk-1', role: 'clerk' },
    tenantId: tenant.id,
    purpose: 'PATADMIN',
  } as const;
  patient = (await t.runtime.contacts.create(access, { kind: 'patient', displayName: '测试患者一' })).id;
  otherPatient = (await t.runtime.contacts.create(access, { kind: 'patient', displayName: '测试患者二' })).id;
  service = createBreakGlassService({
    db: db.db,
    audit: t.runtime.audit,
    sealReason: breakGlassReasonSealer(t.runtime.keyring),
    pseudonymOf: (tenantId, subjectId) => contactPseudonym(t.runtime.pseudonymKey, tenantId, subjectId),
    subjectExists: async (tenantId, subjectId) =>
      (await db.db
        .selectFrom('contacts')
        .select('contact_id')
        .where('tenant_id', '=', tenantId)
        .where('contact_id', '=', subjectId)
        .executeTakeFirst()) !== undefined,
    now: () => clock,
  });
});
afterAll(async () => {
  await db?.destroy();
});

describe(`break-glass on ${testDialect()}`, () => {
  it('opens a window for one subject only, and only for a role allowed to', async () => {
    expect(
      await failure(service.open(staff(COLLEAGUE, ['agent'], false), tenant, { subjectId: patient, reason })),
    ).toBe('forbidden');
    expect(
      await failure(
        service.open(staff(CLINICIAN, ['clinician'], false), tenant, { subjectId: patient, reason }),
      ),
    ).toBe('forbidden');
    expect(await failure(service.open(clinician(), tenant, { subjectId: patient, reason: 'because' }))).toBe(
      'unprocessable',
    );
    expect(
      await failure(service.open(clinician(), tenant, { subjectId: patient, reason, minutes: 600 })),
    ).toBe('unprocessable');
    expect(await failure(service.open(clinician(), tenant, { subjectId: randomUUID(), reason }))).toBe(
      'not_found',
    );

    const window = await service.open(clinician(), tenant, { subjectId: patient, reason, minutes: 30 });
    expect(window).toMatchObject({
      subjectId: patient,
      purpose: 'ETREAT',
      requesterId: CLINICIAN,
      closedAt: null,
    });
    expect(window.expiresAt).toEqual(minutes(30));

    // Inside the window: this subject's record and conversations, nobody else's.
    const subjects = await service.activeSubjectIds(tenant.id, CLINICIAN);
    expect(subjects).toEqual([patient]);
    const ability = abilityOf({ ...clinician(), emergencySubjectIds: subjects } as Actor);
    expect(ability.can('read', asSubject('Contact', { tenantId: tenant.id, id: patient }))).toBe(true);
    expect(ability.can('read', asSubject('Contact', { tenantId: tenant.id, id: otherPatient }))).toBe(false);
    expect(ability.can('update', asSubject('Contact', { tenantId: tenant.id, id: patient }))).toBe(false);
    expect(ability.can('read', asSubject('Conversation', { tenantId: tenant.id, contactId: patient }))).toBe(
      true,
    );
    expect(
      ability.can('read', asSubject('Conversation', { tenantId: tenant.id, contactId: otherPatient })),
    ).toBe(false);
    expect(
      abilityOf(clinician()).can('read', asSubject('Contact', { tenantId: tenant.id, id: patient })),
    ).toBe(false);

    // Accesses inside the window carry the emergency purpose and point at the sealed reason.
    const tag = await service.accessTag(tenant.id, CLINICIAN, patient);
    expect(tag).toEqual({ purpose: 'ETREAT', detailsRef: { id: window.id, sha256: expect.any(String) } });
    expect(await service.accessTag(tenant.id, CLINICIAN, otherPatient)).toBeUndefined();
  });

  it('seals the reason under the subject key: no plaintext in the row', async () => {
    const row = await db.db
      .selectFrom('break_glass')
      .selectAll()
      .where('requester_id', '=', CLINICIAN)
      .executeTakeFirstOrThrow();
    expect(row.reason_sealed.toString('utf8')).not.toContain('unconscious');
    const column = breakGlassColumns.columns.reason_sealed;
    const opened = await decryptField(
      t.runtime.keyring,
      column,
      { tenantId: tenant.id, rowId: row.break_glass_id, subjectId: patient },
      readSealed(column, row.reason_sealed),
    );
    expect(opened).toBe(reason);
  });

  it('blocks a second window until the first is reviewed', async () => {
    expect(await failure(service.open(clinician(), tenant, { subjectId: otherPatient, reason }))).toBe(
      'conflict',
    );
  });

  it('expires on time: nothing is granted after the end, and the stop is recorded', async () => {
    clock = minutes(31);
    expect(await service.activeSubjectIds(tenant.id, CLINICIAN)).toEqual([]);
    expect(await service.accessTag(tenant.id, CLINICIAN, patient)).toBeUndefined();
    expect(await service.closeExpired()).toBe(1);
    expect(await service.closeExpired()).toBe(0);
    const events = await auditTrail();
    const actions = events
      .filter((e) => e.resource?.type === 'BreakGlass')
      .map((e) => [e.action, e.outcome.result]);
    expect(actions).toEqual([
      ['break-glass-start', 'success'],
      ['break-glass-start', 'failure'],
      ['break-glass-stop', 'success'],
    ]);
    const start = events.find((e) => e.action === 'break-glass-start');
    expect(start).toMatchObject({
      purpose: 'ETREAT',
      subject: { type: 'contact' },
      detailsRef: { id: expect.any(String) },
    });
    expect(JSON.stringify(events)).not.toMatch(/unconscious|测试患者/);
  });

  it('goes to the review queue; the requester cannot review their own, an auditor can, once', async () => {
    const auditor = staff(AUDITOR, ['auditor']);
    expect(await failure(service.reviewQueue(clinician(), tenant, 10))).toBe('forbidden');
    const queue = await service.reviewQueue(auditor, tenant, 10);
    expect(queue.map((w) => w.requesterId)).toEqual([CLINICIAN]);
    const id = queue[0]!.id;
    expect(await failure(service.review(clinician(), tenant, id, 'justified'))).toBe('forbidden');
    const reviewed = await service.review(auditor, tenant, id, 'justified');
    expect(reviewed).toMatchObject({ reviewerId: AUDITOR, reviewOutcome: 'justified' });
    expect(await failure(service.review(auditor, tenant, id, 'unjustified'))).toBe('forbidden');
    expect(await service.reviewQueue(auditor, tenant, 10)).toEqual([]);

    // Reviewed: the clinician may open the next one, and stop it early.
    const next = await service.open(clinician(), tenant, { subjectId: otherPatient, reason });
    expect(await failure(service.stop(staff(COLLEAGUE, ['clinician']), tenant, next.id))).toBe('forbidden');
    const stopped = await service.stop(clinician(), tenant, next.id);
    expect(stopped).toMatchObject({ closeReason: 'stopped' });
    expect(await service.activeSubjectIds(tenant.id, CLINICIAN)).toEqual([]);
  });

  it('lets two simultaneous requests open at most one window', async () => {
    const requester = randomUUID();
    const actor = staff(requester, ['clinician']);
    const results = await Promise.allSettled([
      service.open(actor, tenant, { subjectId: patient, reason }),
      service.open(actor, tenant, { subjectId: otherPatient, reason }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });
});

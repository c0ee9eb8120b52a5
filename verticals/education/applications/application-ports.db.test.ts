import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ActionPort,
  collectMigrations,
  contactPseudonym,
  currentDataScope,
  type Database,
  PortRefusal,
  withDataScope,
} from '../../../core/index.ts';
import { allMigrations, createTestDb, type TestDb, testDialect } from '../../../testing/test-db.ts';
import { demoApplications } from '../demo-school.ts';
import { createApplicationPorts } from './application-ports.ts';
import { NO_CONSENT, NOT_MATCHED, TOO_MANY_ATTEMPTS } from './application-texts.ts';
import {
  committedEvents,
  insertSchool,
  portCall,
  pseudonymKey,
  schoolStore,
} from './applications.fixture.ts';
import { applicationMigrations } from './applications.migrations.ts';
import type { ApplicationTables } from './applications.table.ts';
import { seedDemoApplications } from './demo-applications.ts';

// Once the pack registers its migrations they are part of allMigrations already.
const migrations = Object.keys(applicationMigrations).every((name) => name in allMigrations)
  ? allMigrations
  : collectMigrations(allMigrations, applicationMigrations);

let handle: TestDb;
let owner: Kysely<Database>;
let app: Kysely<Database>;
const tables = () => owner.withTables<ApplicationTables>();
beforeAll(async () => {
  handle = await createTestDb({ migrations });
  owner = handle.db;
  app = handle.rowSecured(currentDataScope);
});
afterAll(async () => {
  await handle?.destroy();
});

// Two synthetic applicants of the demo school: A (kindergarten, submitted) and B (offer).
const A = demoApplications[0]!;
const B = demoApplications[2]!;

async function school(options: { maxFailures?: number } = {}) {
  const tenantId = await insertSchool(owner);
  const store = schoolStore(app);
  await seedDemoApplications({ db: app, ...store }, tenantId, [A, B]);
  const ports = createApplicationPorts({ db: app, ...store, ...options });
  const inTenant = <T>(fn: () => Promise<T>) => withDataScope({ kind: 'tenant', tenantId }, fn);
  /** A web visitor of the school, with a chat of their own. */
  const visitor = async () => ({
    tenantId,
    contactId: await inTenant(() => store.contactService.createVisitor(tenantId, '访客 3F2A')),
    conversationId: randomUUID(),
  });
  const call = (
    port: string,
    who: Awaited<ReturnType<typeof visitor>>,
    slots: Record<string, string>,
    locale?: 'en',
  ) => inTenant(() => (ports[port] as ActionPort)(portCall(port, who, slots, locale ? { locale } : {})));
  const consent = async (who: Awaited<ReturnType<typeof visitor>>) => {
    const filed = await inTenant(() =>
      (ports['consent.record'] as ActionPort)(
        portCall('consent.record', who, {}, { args: { version: 'v2026-11', purpose: 'admissions-enquiry' } }),
      ),
    );
    return filed.values?.consent_id?.value as string;
  };
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => {
        if (error instanceof PortRefusal) return error.text;
        throw error;
      },
    );
  const pseudonymOf = (contactId: string) => contactPseudonym(pseudonymKey, tenantId, contactId);
  const childId = async (number: string) =>
    (await store.contacts.findBy(tenantId, 'studentNumber', number))[0]!.id;
  return { tenantId, ports, visitor, call, consent, refusal, pseudonymOf, childId, store };
}

const checks = (number: string, birthDate: string, consentId: string) => ({
  applicant_number: number,
  child_birth_date: birthDate,
  consent_id: consentId,
});

describe(`admissions ports (${testDialect()})`, () => {
  it('file the guardian’s consent once per flow step, audited', async () => {
    const s = await school();
    const guardian = await s.visitor();
    const args = { version: 'v2026-11', purpose: 'admissions-enquiry' };
    const port = s.ports['consent.record'] as ActionPort;
    const first = await withDataScope({ kind: 'tenant', tenantId: s.tenantId }, () =>
      port(portCall('consent.record', guardian, {}, { args, key: 'run-1/record_consent' })),
    );
    const again = await withDataScope({ kind: 'tenant', tenantId: s.tenantId }, () =>
      port(portCall('consent.record', guardian, {}, { args, key: 'run-1/record_consent' })),
    );
    const consentId = first.values?.consent_id?.value;
    expect(consentId).toMatch(/^[0-9a-f-]{36}$/);
    expect(again.values?.consent_id?.value).toBe(consentId);

    const rows = await tables()
      .selectFrom('guardian_consents')
      .selectAll()
      .where('tenant_id', '=', s.tenantId)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      consent_id: consentId,
      guardian_contact_id: guardian.contactId,
      version: 'v2026-11',
      purpose: 'admissions-enquiry',
      conversation_id: guardian.conversationId,
      withdrawn_at: null,
    });
    const events = (await committedEvents(owner, s.tenantId)).filter((e) => e.action === 'consent');
    const pseudonym = await s.pseudonymOf(guardian.contactId);
    expect(events).toEqual([
      expect.objectContaining({
        actor: { id: pseudonym, role: 'guardian', kind: 'contact' },
        resource: { type: 'GuardianConsent', id: consentId },
        subject: { type: 'contact', pseudonym },
        purpose: 'EDURQT',
        outcome: { result: 'success' },
      }),
    ]);
  });

  it('file no consent without a version and a purpose', async () => {
    const s = await school();
    const guardian = await s.visitor();
    await expect(s.call('consent.record', guardian, {})).rejects.toMatchObject({ code: 'validation_failed' });
    const rows = await tables()
      .selectFrom('guardian_consents')
      .select('consent_id')
      .where('tenant_id', '=', s.tenantId)
      .execute();
    expect(rows).toEqual([]);
  });

  it('tell the guardian of A the grade and the status of A, and link them to it', async () => {
    const s = await school();
    const guardian = await s.visitor();
    const consentId = await s.consent(guardian);
    const slots = checks(A.applicantNumber, A.child.dateOfBirth, consentId);

    const verified = await s.call('applications.verifyGuardian', guardian, slots);
    expect(verified.values?.application_grade).toEqual({ value: 'kindergarten', text: '幼儿园' });
    const status = await s.call('applications.status', guardian, slots);
    expect(status.values?.status?.value).toBe('submitted');
    expect(status.values?.status?.text).toBe(
      `申请 ${A.applicantNumber}（幼儿园）：已提交，等待审核。招生办会在 5 个工作日内完成材料初审，如需补充材料会短信通知您。`,
    );
    const english = await s.call('applications.status', guardian, slots, 'en');
    expect(english.values?.status?.text).toMatch(/^Application A2027000001 \(Kindergarten\): submitted/);

    const links = await tables()
      .selectFrom('admission_guardian_links')
      .select(['guardian_contact_id', 'via'])
      .where('tenant_id', '=', s.tenantId)
      .where('via', '=', 'verification')
      .execute();
    expect(links).toEqual([{ guardian_contact_id: guardian.contactId, via: 'verification' }]);

    const child = await s.pseudonymOf(await s.childId(A.applicantNumber));
    const reads = (await committedEvents(owner, s.tenantId)).filter((e) => e.action === 'read');
    expect(reads).toHaveLength(3);
    for (const event of reads) {
      expect(event).toMatchObject({
        actor: { id: await s.pseudonymOf(guardian.contactId), kind: 'contact' },
        resource: { type: 'AdmissionApplication' },
        subject: { type: 'contact', pseudonym: child },
        purpose: 'EDURQT',
        outcome: { result: 'success' },
      });
    }
  });

  it('never put a child’s name in a status', async () => {
    const s = await school();
    const guardian = await s.visitor();
    const consentId = await s.consent(guardian);
    for (const applicant of [A, B]) {
      for (const locale of [undefined, 'en'] as const) {
        const slots = checks(applicant.applicantNumber, applicant.child.dateOfBirth, consentId);
        const text =
          (await s.call('applications.status', guardian, slots, locale)).values?.status?.text ?? '';
        expect(text).toContain(applicant.applicantNumber);
        for (const other of [A, B]) {
          expect(text).not.toContain(other.child.names['zh-CN']);
          expect(text).not.toContain(other.child.names.en);
          expect(text).not.toContain(other.child.dateOfBirth);
        }
      }
    }
  });

  it('give the guardian of A nothing of B for B’s number and A’s birth date, and audit the attempt', async () => {
    const s = await school();
    const guardian = await s.visitor();
    const consentId = await s.consent(guardian);
    const slots = checks(B.applicantNumber, A.child.dateOfBirth, consentId);
    for (const port of ['applications.verifyGuardian', 'applications.status'])
      expect(await s.refusal(s.call(port, guardian, slots))).toEqual(NOT_MATCHED);

    const child = await s.pseudonymOf(await s.childId(B.applicantNumber));
    const failures = (await committedEvents(owner, s.tenantId)).filter((e) => e.outcome.result === 'failure');
    expect(failures).toHaveLength(2);
    for (const event of failures) {
      expect(event).toMatchObject({
        action: 'read',
        actor: { id: await s.pseudonymOf(guardian.contactId), kind: 'contact' },
        resource: { type: 'AdmissionApplication' },
        subject: { type: 'contact', pseudonym: child },
        outcome: { result: 'failure', reason: 'bad-credentials' },
      });
    }
    const linked = await tables()
      .selectFrom('admission_guardian_links')
      .select('guardian_contact_id')
      .where('tenant_id', '=', s.tenantId)
      .where('guardian_contact_id', '=', guardian.contactId)
      .execute();
    expect(linked).toEqual([]);
  });

  it('refuse an unknown number with the same words, and audit it without a subject', async () => {
    const s = await school();
    const guardian = await s.visitor();
    const consentId = await s.consent(guardian);
    const slots = checks('A2027999999', A.child.dateOfBirth, consentId);
    expect(await s.refusal(s.call('applications.status', guardian, slots))).toEqual(NOT_MATCHED);
    const [failure, ...more] = (await committedEvents(owner, s.tenantId)).filter(
      (e) => e.outcome.result === 'failure',
    );
    expect(more).toEqual([]);
    expect(failure).toMatchObject({
      action: 'read',
      outcome: { result: 'failure', reason: 'bad-credentials' },
    });
    expect(failure).not.toHaveProperty('subject');
    expect(failure).not.toHaveProperty('resource');
  });

  it('look nothing up without the caller’s own consent', async () => {
    const s = await school();
    const guardian = await s.visitor();
    const stranger = await s.visitor();
    const theirs = await s.consent(stranger);
    for (const consentId of ['', 'not-a-consent', randomUUID(), theirs]) {
      const slots = checks(A.applicantNumber, A.child.dateOfBirth, consentId);
      expect(await s.refusal(s.call('applications.status', guardian, slots))).toEqual(NO_CONSENT);
    }
    const denied = (await committedEvents(owner, s.tenantId)).filter((e) => e.outcome.result === 'failure');
    expect(denied.map((e) => e.outcome)).toEqual(Array(4).fill({ result: 'failure', reason: 'denied' }));
    expect(denied.every((e) => e.subject === undefined)).toBe(true);
  });

  it('refuse every check after five failures in an hour, even a right one, in that chat only', async () => {
    const s = await school();
    const guardian = await s.visitor();
    const consentId = await s.consent(guardian);
    for (let i = 0; i < 5; i++) {
      const wrong = checks(A.applicantNumber, `2024-03-${String(13 + i)}`, consentId);
      expect(await s.refusal(s.call('applications.status', guardian, wrong))).toEqual(NOT_MATCHED);
    }
    const right = checks(A.applicantNumber, A.child.dateOfBirth, consentId);
    expect(await s.refusal(s.call('applications.verifyGuardian', guardian, right))).toEqual(
      TOO_MANY_ATTEMPTS,
    );
    // The same contact in a new chat is still counted; another contact is not.
    const sameContact = { ...guardian, conversationId: randomUUID() };
    expect(await s.refusal(s.call('applications.status', sameContact, right))).toEqual(TOO_MANY_ATTEMPTS);
    const other = await s.visitor();
    const allowed = await s.call(
      'applications.status',
      other,
      checks(A.applicantNumber, A.child.dateOfBirth, await s.consent(other)),
    );
    expect(allowed.values?.status?.value).toBe('submitted');

    const locked = (await committedEvents(owner, s.tenantId)).filter(
      (e) => e.outcome.result === 'failure' && e.outcome.reason === 'locked-out',
    );
    expect(locked).toHaveLength(2);
  });

  it('reject a malformed applicant number without looking it up or counting it', async () => {
    const s = await school({ maxFailures: 1 });
    const guardian = await s.visitor();
    const consentId = await s.consent(guardian);
    const refused = await s.refusal(
      s.call('applications.status', guardian, checks('B2027000001', A.child.dateOfBirth, consentId)),
    );
    expect(refused?.en).toContain('A followed by 10 digits');
    // Lower case, as the NLU may hand it over, is the same number.
    const lower = checks(A.applicantNumber.toLowerCase(), A.child.dateOfBirth, consentId);
    expect((await s.call('applications.status', guardian, lower)).values?.status?.value).toBe('submitted');
  });
});

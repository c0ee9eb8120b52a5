import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import type { ContactActor } from '../channels/widget-token.ts';
import { contactPseudonym } from '../contacts/contact-audit.ts';
import { currentDataScope } from '../context/data-scope.ts';
import { isAppError } from '../errors/app-error.ts';
import {
  type ContactVerificationService,
  createContactVerificationService,
  type Visitor,
} from './contact-verification.service.ts';
import type { OneTimeCodeMessage, OneTimeCodeSender } from './contact-verification-senders.ts';
import { auditEvents, createTenant } from './identity.fixture.ts';

/**
 * Contact verification on the real database: one-time codes and knowledge checks, the limits
 * across two service instances, the audit trail, and the assurance's end. The clock is the
 * test's; the sender keeps what it is given.
 */

let db: TestDb;
let t: ReturnType<typeof createTestApp>;
let tenantId: string;
const tenant = () => ({ id: tenantId, vertical: 'medical' });
let clock = new Date('2026-12-01T02:00:00.000Z');
const later = (minutes: number) => {
  clock = new Date(clock.getTime() + minutes * 60_000);
};
const outbox: OneTimeCodeMessage[] = [];
const sender: OneTimeCodeSender = { send: async (message) => void outbox.push(message) };

// Synthetic directory records; every value is made up.
const PATIENT = { mrn: 'MRN-880001', phone: '138-0000-0091', born: '1980-01-02' };
const OTHER = { mrn: 'MRN-880002', phone: '138-0000-0092', born: '1990-05-06' };
const NO_PHONE = { mrn: 'MRN-880003', born: '1975-07-08' };
const FAMILY_PHONE = '138-0000-0099';
let patient: string;
let other: string;
let noPhone: string;
let parent: string;

const make = (options: { sender?: OneTimeCodeSender | null; assuranceMinutes?: number } = {}) =>
  createContactVerificationService({
    db: t.runtime.database.rowSecured(currentDataScope),
    audit: t.runtime.audit,
    pseudonymKey: t.runtime.pseudonymKey,
    contacts: t.runtime.contactRepository,
    rootKey: t.config.secrets.rootKey,
    sender: options.sender === null ? undefined : (options.sender ?? sender),
    now: () => clock,
    ...(options.assuranceMinutes ? { assuranceMinutes: options.assuranceMinutes } : {}),
  });
let service: ContactVerificationService;

/** A fresh widget visitor in a fresh conversation. */
async function visitor(): Promise<Visitor> {
  return {
    conversationId: randomUUID(),
    visitorId: await t.runtime.contacts.createVisitor(tenantId, '访客 TEST'),
  };
}

const mrn = (value: string) => ({ kind: 'medicalRecordNumber' as const, value });

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
    return 'succeeded';
  } catch (error) {
    if (!isAppError(error)) throw error;
    const type = (error.details as { type?: string } | undefined)?.type;
    return type ? `${error.code}:${type}` : error.code;
  }
}

/** Starts a code and returns it as the sender got it (undefined when none went out). */
async function codeFor(v: Visitor, value: string, on = service) {
  const started = await on.startCode(tenant(), v, mrn(value), 'zh-CN');
  await on.settled();
  const message = outbox.find((m) => m.verificationId === started.verificationId);
  return { ...started, code: message?.code, message };
}

const wrong = (code: string | undefined) => String((Number(code ?? '0') + 1) % 1_000_000).padStart(6, '0');

beforeAll(async () => {
  db = await createTestDb();
  t = createTestApp(db);
  tenantId = await createTenant(t, 'verification-clinic');
  const access = {
    actor: { kind: 'staff', id: 'u-registrar-1', role: 'clerk' },
    tenantId,
    purpose: 'PATADMIN',
  } as const;
  const create = (fields: Record<string, string>) =>
    t.runtime.contacts.create(access, { kind: 'patient', displayName: '测试患者', ...fields });
  patient = (
    await create({ medicalRecordNumber: PATIENT.mrn, mobilePhone: PATIENT.phone, dateOfBirth: PATIENT.born })
  ).id;
  other = (
    await create({ medicalRecordNumber: OTHER.mrn, mobilePhone: OTHER.phone, dateOfBirth: OTHER.born })
  ).id;
  noPhone = (await create({ medicalRecordNumber: NO_PHONE.mrn, dateOfBirth: NO_PHONE.born })).id;
  // A parent and a child share the family phone; their dates of birth tell them apart.
  parent = (await create({ mobilePhone: FAMILY_PHONE, dateOfBirth: '1970-03-04' })).id;
  await create({ mobilePhone: FAMILY_PHONE, dateOfBirth: '2012-09-10' });
});
afterAll(async () => {
  await db?.destroy();
});
beforeEach(() => {
  service = make();
  // Each test starts an hour and more after the last, so no window carries over.
  later(120);
});

describe(`contact verification on ${testDialect()}`, () => {
  it('verifies a visitor by a one-time code sent to the record’s phone, once', async () => {
    const v = await visitor();
    const { verificationId, expiresAt, code, message } = await codeFor(v, 'mrn 880001');
    expect(expiresAt).toEqual(new Date(clock.getTime() + 10 * 60_000));
    expect(message).toMatchObject({ tenantId, to: '+8613800000091', locale: 'zh-CN', expiresAt });
    expect(code).toMatch(/^\d{6}$/);
    expect(await service.assuranceOf(tenantId, v.conversationId, v.visitorId)).toBeUndefined();

    later(3);
    const verified = await service.confirmCode(tenant(), v, verificationId, code!);
    expect(verified).toEqual({ verified: true, until: new Date(clock.getTime() + 30 * 60_000) });
    expect(await service.assuranceOf(tenantId, v.conversationId, v.visitorId)).toMatchObject({
      subjectId: patient,
      method: 'code',
      verificationId,
    });
    // Single use: the same code again is refused.
    expect(await refusal(service.confirmCode(tenant(), v, verificationId, code!))).toBe(
      'unauthenticated:expired',
    );
    // The stored form is a MAC, never the code.
    const row = await db.db
      .selectFrom('contact_verifications')
      .selectAll()
      .where('verification_id', '=', verificationId)
      .executeTakeFirstOrThrow();
    expect(row.code_mac?.length).toBe(32);
    expect(Buffer.from(row.code_mac!).toString('latin1')).not.toContain(code);
  });

  it('burns a challenge at the fifth wrong code', async () => {
    const v = await visitor();
    const { verificationId, code } = await codeFor(v, PATIENT.mrn);
    for (let i = 0; i < 4; i++) {
      expect(await refusal(service.confirmCode(tenant(), v, verificationId, wrong(code)))).toBe(
        'unauthenticated:wrong-code',
      );
    }
    expect(await refusal(service.confirmCode(tenant(), v, verificationId, wrong(code)))).toBe(
      'unauthenticated:used-up',
    );
    // Five failures lock the conversation for the hour; after it, the burned challenge stays burned.
    expect(await refusal(service.confirmCode(tenant(), v, verificationId, code!))).toBe('rate_limited');
    later(61);
    expect(await refusal(service.confirmCode(tenant(), v, verificationId, code!))).toBe(
      'unauthenticated:used-up',
    );
    expect(await service.assuranceOf(tenantId, v.conversationId, v.visitorId)).toBeUndefined();
  });

  it('refuses a code past its ten minutes', async () => {
    const v = await visitor();
    const { verificationId, code } = await codeFor(v, PATIENT.mrn);
    later(10);
    expect(await refusal(service.confirmCode(tenant(), v, verificationId, code!))).toBe(
      'unauthenticated:expired',
    );
  });

  it('answers alike for an identifier that matches nobody, sends nothing, and accepts no code', async () => {
    const v = await visitor();
    const sent = outbox.length;
    const unknown = await codeFor(v, 'MRN-000404');
    expect(Object.keys(unknown).filter((k) => k !== 'code' && k !== 'message')).toEqual([
      'verificationId',
      'expiresAt',
    ]);
    expect(unknown.expiresAt).toEqual(new Date(clock.getTime() + 10 * 60_000));
    // A record without a phone gets no code either, and the answer is the same.
    const phoneless = await codeFor(v, NO_PHONE.mrn);
    expect(outbox.length).toBe(sent);
    for (const code of ['000000', '123456', '999999']) {
      expect(await refusal(service.confirmCode(tenant(), v, unknown.verificationId, code))).toBe(
        'unauthenticated:wrong-code',
      );
    }
    expect(await refusal(service.confirmCode(tenant(), v, phoneless.verificationId, '000000'))).toBe(
      'unauthenticated:wrong-code',
    );
    expect(await service.assuranceOf(tenantId, v.conversationId, v.visitorId)).toBeUndefined();
  });

  it('keeps the verification to its conversation and visitor', async () => {
    const v = await visitor();
    const { verificationId, code } = await codeFor(v, PATIENT.mrn);
    const stranger = await visitor();
    expect(await refusal(service.confirmCode(tenant(), stranger, verificationId, code!))).toBe('not_found');
    expect(
      await refusal(
        service.confirmCode(tenant(), { ...v, visitorId: stranger.visitorId }, verificationId, code!),
      ),
    ).toBe('not_found');
    expect(await refusal(service.confirmCode(tenant(), v, randomUUID(), code!))).toBe('not_found');
    expect(await refusal(service.confirmCode(tenant(), v, verificationId, '12345'))).toBe(
      'validation_failed',
    );
    expect(await refusal(service.startCode(tenant(), v, mrn('MRN ∞ 1'), 'en'))).toBe('validation_failed');
    expect(await refusal(service.startCode(tenant(), v, { kind: 'mobilePhone', value: '12345' }, 'en'))).toBe(
      'validation_failed',
    );
  });

  it('verifies by a knowledge check against the opened record', async () => {
    const v = await visitor();
    expect(
      await refusal(
        service.knowledgeCheck(tenant(), v, { identifier: mrn(PATIENT.mrn), dateOfBirth: '1980-01-03' }),
      ),
    ).toBe('unauthenticated:no-match');
    expect(
      await refusal(
        service.knowledgeCheck(tenant(), v, {
          identifier: mrn(PATIENT.mrn),
          dateOfBirth: PATIENT.born,
          phoneLast4: '0000',
        }),
      ),
    ).toBe('unauthenticated:no-match');
    const result = await service.knowledgeCheck(tenant(), v, {
      identifier: mrn(PATIENT.mrn),
      dateOfBirth: PATIENT.born,
      phoneLast4: '0091',
    });
    expect(result.until).toEqual(new Date(clock.getTime() + 30 * 60_000));
    expect((await service.assuranceOf(tenantId, v.conversationId, v.visitorId))?.subjectId).toBe(patient);

    // A shared phone: the date of birth picks the one person.
    const family = await visitor();
    await service.knowledgeCheck(tenant(), family, {
      identifier: { kind: 'mobilePhone', value: FAMILY_PHONE },
      dateOfBirth: '1970-03-04',
    });
    expect((await service.assuranceOf(tenantId, family.conversationId, family.visitorId))?.subjectId).toBe(
      parent,
    );
    expect(
      await refusal(
        service.knowledgeCheck(tenant(), family, { identifier: mrn(PATIENT.mrn), dateOfBirth: '1980-02-30' }),
      ),
    ).toBe('validation_failed');
  });

  it('holds the limits across two service instances on one database', async () => {
    const a = service;
    const b = make();
    // Three code starts per conversation and hour, whichever process serves them.
    const v = await visitor();
    await a.startCode(tenant(), v, mrn(OTHER.mrn), 'en');
    await b.startCode(tenant(), v, mrn(OTHER.mrn), 'en');
    await a.startCode(tenant(), v, mrn('MRN-000404'), 'en');
    const sent = outbox.length;
    try {
      await b.startCode(tenant(), v, mrn(OTHER.mrn), 'en');
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('rate_limited');
      expect(isAppError(error) && error.retryAfter).toBe(3600);
    }
    await a.settled();
    await b.settled();
    expect(outbox.length).toBe(sent);

    // Five failed checks per conversation and hour.
    const w = await visitor();
    for (const on of [a, b, a, b, a]) {
      expect(
        await refusal(
          on.knowledgeCheck(tenant(), w, { identifier: mrn(OTHER.mrn), dateOfBirth: '2000-01-01' }),
        ),
      ).toBe('unauthenticated:no-match');
    }
    expect(
      await refusal(b.knowledgeCheck(tenant(), w, { identifier: mrn(OTHER.mrn), dateOfBirth: OTHER.born })),
    ).toBe('rate_limited');

    // Five failed checks per person and hour, from any conversations: the right answer is refused
    // too (and an identifier of nobody is limited alike, so the limit tells nothing).
    later(61);
    for (const target of [OTHER.mrn, 'MRN-000405']) {
      for (const on of [a, b, a, b, a]) {
        expect(
          await refusal(
            on.knowledgeCheck(tenant(), await visitor(), {
              identifier: mrn(target),
              dateOfBirth: '2000-01-01',
            }),
          ),
        ).toBe('unauthenticated:no-match');
      }
      const answer = {
        identifier: mrn(target),
        dateOfBirth: target === OTHER.mrn ? OTHER.born : '2000-01-01',
      };
      expect(await refusal(b.knowledgeCheck(tenant(), await visitor(), answer))).toBe('rate_limited');
    }
    // A locked person gets no code, and the answer does not say so.
    const x = await visitor();
    const started = await codeFor(x, OTHER.mrn, a);
    expect(started.message).toBeUndefined();
    later(61);
    const fresh = await visitor();
    await b.knowledgeCheck(tenant(), fresh, { identifier: mrn(OTHER.mrn), dateOfBirth: OTHER.born });
    expect((await a.assuranceOf(tenantId, fresh.conversationId, fresh.visitorId))?.subjectId).toBe(other);
  });

  it('records outcomes by pseudonym, never an identifier, code, date or number', async () => {
    const before = (await auditEvents(t, tenantId)).length;
    const v = await visitor();
    const { verificationId, code } = await codeFor(v, PATIENT.mrn);
    await refusal(service.confirmCode(tenant(), v, verificationId, wrong(code)));
    await service.confirmCode(tenant(), v, verificationId, code!);
    const unknown = await codeFor(v, 'MRN-000406');
    await refusal(service.confirmCode(tenant(), v, unknown.verificationId, '000000'));
    await refusal(
      service.knowledgeCheck(tenant(), v, { identifier: mrn(PATIENT.mrn), dateOfBirth: '1999-09-09' }),
    );
    const events = (await auditEvents(t, tenantId)).slice(before);

    const visitorPseudonym = await contactPseudonym(t.runtime.pseudonymKey, tenantId, v.visitorId);
    const subject = {
      type: 'contact',
      pseudonym: await contactPseudonym(t.runtime.pseudonymKey, tenantId, patient),
    };
    const code1 = { type: 'OneTimeCode', id: verificationId };
    const asContact = { id: visitorPseudonym, role: 'contact', kind: 'contact' };
    const summary = events
      .filter((e) => ['disclose', 'login', 'login-failed'].includes(e.action))
      .map((e) => ({
        action: e.action,
        actor: e.actor,
        resource: e.resource,
        subject: e.subject,
        outcome: e.outcome,
        purpose: e.purpose,
      }));
    expect(summary).toEqual([
      {
        action: 'disclose',
        actor: { id: 'contact-verification', role: 'system', kind: 'system' },
        resource: code1,
        subject,
        outcome: { result: 'success' },
        purpose: 'PATRQT',
      },
      {
        action: 'login-failed',
        actor: asContact,
        resource: code1,
        subject,
        outcome: { result: 'failure', reason: 'bad-credentials' },
        purpose: 'PATRQT',
      },
      {
        action: 'login',
        actor: asContact,
        resource: code1,
        subject,
        outcome: { result: 'success' },
        purpose: 'PATRQT',
      },
      {
        action: 'login-failed',
        actor: asContact,
        resource: { type: 'OneTimeCode', id: unknown.verificationId },
        subject: undefined,
        outcome: { result: 'failure', reason: 'bad-credentials' },
        purpose: 'PATRQT',
      },
      {
        action: 'login-failed',
        actor: asContact,
        resource: { type: 'KnowledgeCheck', id: expect.any(String) },
        subject,
        outcome: { result: 'failure', reason: 'bad-credentials' },
        purpose: 'PATRQT',
      },
    ]);
    const text = JSON.stringify(events);
    for (const secret of [
      code!,
      '880001',
      '0091',
      '1980-01-02',
      '1999-09-09',
      '000406',
      v.visitorId,
      patient,
    ])
      expect(text).not.toContain(secret);
  });

  it('drops back to unverified when the assurance ends', async () => {
    const short = make({ assuranceMinutes: 5 });
    const v = await visitor();
    await short.knowledgeCheck(tenant(), v, { identifier: mrn(PATIENT.mrn), dateOfBirth: PATIENT.born });
    const actor: ContactActor = {
      kind: 'contact',
      id: v.visitorId,
      role: 'contact',
      tenantId,
      roles: ['contact'],
      mfa: false,
      verified: false,
      conversationId: v.conversationId,
    };
    expect(await short.enrich(actor)).toMatchObject({ verified: true, verifiedSubjectId: patient });
    // Another conversation of the same tenant is not verified by it.
    expect(await short.enrich({ ...actor, conversationId: randomUUID() })).toMatchObject({ verified: false });
    later(4);
    expect((await short.enrich(actor)).verified).toBe(true);
    later(1);
    const dropped = await short.enrich(actor);
    expect(dropped.verified).toBe(false);
    expect(dropped.verifiedSubjectId).toBeUndefined();
  });

  it('answers 503 for codes without a sender, and the knowledge check still works', async () => {
    const unsent = make({ sender: null });
    const v = await visitor();
    expect(await refusal(unsent.startCode(tenant(), v, mrn(PATIENT.mrn), 'en'))).toBe(
      'not_ready:unavailable',
    );
    await unsent.knowledgeCheck(tenant(), v, { identifier: mrn(NO_PHONE.mrn), dateOfBirth: NO_PHONE.born });
    expect((await unsent.assuranceOf(tenantId, v.conversationId, v.visitorId))?.subjectId).toBe(noPhone);
  });
});

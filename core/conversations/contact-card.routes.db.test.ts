import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestAppOptions } from '../../testing/test-app.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { currentDataScope } from '../context/data-scope.ts';
import type { Actor } from '../context/request-context.ts';
import { auditEvents, bearer, expectProblem, JSON_HEADERS } from '../identity/identity.fixture.ts';
import { type WorkspaceWorld, workspaceWorld } from './workspace.fixture.ts';
import { createWorkspace } from './workspace-runtime.ts';

let db: TestDb;
let t: ReturnType<typeof createTestApp>;
let hospital: WorkspaceWorld;
let school: WorkspaceWorld;
/** The workspace's clock (the reveal limit's hour). */
let clock = new Date(Date.UTC(2026, 11, 1, 2, 0, 0));

const actors = new Map<string, Actor>();
const staffCredential: NonNullable<TestAppOptions['credentials']>[number] = (token) => actors.get(token);

// Synthetic people only.
const PATIENT = {
  mobilePhone: '13800135678',
  email: 'synthetic.patient@example.com',
  dateOfBirth: '1990-04-01',
  medicalRecordNumber: 'MRN-00012345',
};
const APPLICANT = {
  kind: 'student' as const,
  mobilePhone: '13800134321',
  email: 'synthetic.applicant@example.com',
  dateOfBirth: '2012-09-01',
  studentNumber: 'S20260042',
};

beforeAll(async () => {
  db = await createTestDb();
  t = createTestApp(db, {
    credentials: [staffCredential],
    replace: (runtime) => ({
      workspace: createWorkspace({
        db: runtime.database.rowSecured(currentDataScope),
        store: runtime.chat.store,
        service: runtime.chat.service,
        bus: runtime.bus,
        keyring: runtime.keyring,
        contacts: runtime.contactRepository,
        audit: runtime.audit,
        pseudonymKey: runtime.pseudonymKey,
        knowledge: runtime.chat.knowledge,
        assuranceOf: runtime.contactVerification.assuranceOf,
        now: () => clock,
      }),
    }),
  });
  hospital = await workspaceWorld(t, 'card-h', actors);
  school = await workspaceWorld(t, 'card-s', actors, { vertical: 'education' });
});
afterAll(async () => {
  await t?.runtime.bus.close();
  await db?.destroy();
});

const send = (method: string, path: string, token: string, body?: unknown) =>
  t.app.request(path, {
    method,
    headers: { ...(body === undefined ? {} : JSON_HEADERS), ...bearer(token) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const path = (w: WorkspaceWorld, id: string, what: string) =>
  `${w.base}/workspace/conversations/${id}/${what}`;
type Card = {
  erased: boolean;
  kind: string;
  fields: Record<string, { value: string | null; masked: boolean }>;
  verification: { verified: boolean };
};
const card = async (w: WorkspaceWorld, id: string, token: string) => {
  const response = await send('GET', path(w, id, 'contact'), token);
  expect(response.status).toBe(200);
  return (await response.json()) as Card;
};
const reveal = (
  w: WorkspaceWorld,
  id: string,
  token: string,
  fields: string[],
  reason = 'Caller asked to confirm the booking',
) => send('POST', path(w, id, 'contact/reveal'), token, { fields, reason });
/** Care team and school are copied onto the conversation by routing; set here directly. */
const place = (w: WorkspaceWorld, id: string, set: { care_team?: string[]; school_id?: string }) =>
  t.runtime.database.db
    .updateTable('conversations')
    .set(set)
    .where('tenant_id', '=', w.tenantId)
    .where('conversation_id', '=', id)
    .execute();
const withSchools = (token: string, schoolIds: string[]) => {
  const actor = actors.get(token) as Actor & Record<string, unknown>;
  actors.set(token, { ...actor, schoolIds } as Actor);
};

describe(`contact card, reveal and suggestions over HTTP on ${testDialect()}`, () => {
  it('shows an agent every field masked, and audits the read by pseudonym', async () => {
    const agent = await hospital.staff(['agent'], ['card-q']);
    const chat = await hospital.assigned(agent.userId, {
      queueId: 'card-q',
      displayName: '张小明',
      contact: PATIENT,
    });
    const shown = await card(hospital, chat.conversationId, agent.token);
    expect(shown).toMatchObject({
      erased: false,
      kind: 'patient',
      verification: { verified: false },
      fields: {
        displayName: { value: '张*明', masked: true },
        mobilePhone: { value: '138****5678', masked: true },
        email: { value: 's***@example.com', masked: true },
        dateOfBirth: { value: '1990', masked: true },
        medicalRecordNumber: { value: '****2345', masked: true },
        studentNumber: { value: null, masked: false },
      },
    });
    const events = await auditEvents(t, hospital.tenantId);
    const read = events.find(
      (e) => e.action === 'read' && e.resource?.type === 'Contact' && e.actor.id === agent.userId,
    );
    expect(read).toMatchObject({ purpose: 'PATADMIN', subject: { type: 'contact' } });
    expect(JSON.stringify(events)).not.toContain('张小明');
  });

  it('reveals a permitted field with a reason: sealed, hashed into the audit event, never in clear', async () => {
    const agent = await hospital.staff(['agent'], ['card-r']);
    const chat = await hospital.assigned(agent.userId, {
      queueId: 'card-r',
      displayName: '李小红',
      contact: PATIENT,
    });
    const reason = 'Synthetic reason: caller spells their name';
    const response = await reveal(hospital, chat.conversationId, agent.token, ['displayName'], reason);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { revealId: string; fields: Record<string, string> };
    expect(body.fields).toEqual({ displayName: '李小红' });

    const row = await t.runtime.database.db
      .selectFrom('contact_reveals')
      .selectAll()
      .where('tenant_id', '=', hospital.tenantId)
      .where('reveal_id', '=', body.revealId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      actor_id: agent.userId,
      fields: ['displayName'],
      contact_id: chat.contactId,
    });
    expect(Buffer.from(row.reason_sealed).toString('utf8')).not.toContain('Synthetic reason');

    const events = await auditEvents(t, hospital.tenantId);
    const revealed = events.find((e) => e.action === 'reveal' && e.actor.id === agent.userId);
    expect(revealed).toMatchObject({
      outcome: { result: 'success' },
      subject: { type: 'contact' },
      detailsRef: { id: body.revealId, sha256: row.reason_sha256 },
    });
    expect(revealed.subject.pseudonym).not.toBe(chat.contactId);
    expect(JSON.stringify(events)).not.toContain('Synthetic reason');
    expect(JSON.stringify(events)).not.toContain('李小红');
  });

  it('refuses a field the role may not read (403), a short reason (400), an unknown field (400)', async () => {
    const agent = await hospital.staff(['agent'], ['card-f']);
    const chat = await hospital.assigned(agent.userId, { queueId: 'card-f', contact: PATIENT });
    const refused = await expectProblem(
      await reveal(hospital, chat.conversationId, agent.token, ['displayName', 'mobilePhone']),
      403,
    );
    expect(refused.details).toEqual({ fields: ['mobilePhone'] });
    const events = await auditEvents(t, hospital.tenantId);
    expect(events.find((e) => e.action === 'reveal' && e.actor.id === agent.userId)?.outcome).toEqual({
      result: 'failure',
      reason: 'denied',
    });
    await expectProblem(
      await reveal(hospital, chat.conversationId, agent.token, ['displayName'], 'too short'),
      400,
    );
    await expectProblem(await reveal(hospital, chat.conversationId, agent.token, ['residentId']), 400);
    await expectProblem(await reveal(hospital, chat.conversationId, agent.token, []), 400);
  });

  it('shows a supervisor the card masked; they may reveal nothing', async () => {
    const supervisor = await hospital.staff(['supervisor'], ['card-sup']);
    const chat = await hospital.chat({ queueId: 'card-sup', displayName: '王小刚', contact: PATIENT });
    const shown = await card(hospital, chat.conversationId, supervisor.token);
    expect(
      Object.values(shown.fields)
        .filter((f) => f.value !== null)
        .every((f) => f.masked),
    ).toBe(true);
    await expectProblem(await reveal(hospital, chat.conversationId, supervisor.token, ['displayName']), 403);
  });

  it('shows a clinician of the care team name, birth date and record number; contact details on reveal', async () => {
    const clinician = await hospital.staff(['clinician']);
    const chat = await hospital.chat({ queueId: 'card-c', displayName: '赵小龙', contact: PATIENT });
    await place(hospital, chat.conversationId, { care_team: [clinician.userId] });
    const shown = await card(hospital, chat.conversationId, clinician.token);
    expect(shown.fields).toMatchObject({
      displayName: { value: '赵小龙', masked: false },
      dateOfBirth: { value: '1990-04-01', masked: false },
      medicalRecordNumber: { value: 'MRN-00012345', masked: false },
      mobilePhone: { value: '138****5678', masked: true },
    });
    const response = await reveal(hospital, chat.conversationId, clinician.token, ['mobilePhone', 'email']);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { fields: unknown }).fields).toEqual({
      mobilePhone: PATIENT.mobilePhone,
      email: PATIENT.email,
    });
    // Off the care team: not found.
    const other = await hospital.staff(['clinician']);
    await expectProblem(await send('GET', path(hospital, chat.conversationId, 'contact'), other.token), 404);
  });

  it('shows an admissions officer of the school name and student number; not the birth date', async () => {
    const officer = await school.staff(['admissions_officer']);
    withSchools(officer.token, ['north-campus']);
    const chat = await school.chat({
      queueId: 'card-adm',
      displayName: 'Synthetic Applicant',
      contact: APPLICANT,
    });
    await place(school, chat.conversationId, { school_id: 'north-campus' });
    const shown = await card(school, chat.conversationId, officer.token);
    expect(shown).toMatchObject({ kind: 'student' });
    expect(shown.fields).toMatchObject({
      displayName: { value: 'Synthetic Applicant', masked: false },
      studentNumber: { value: 'S20260042', masked: false },
      dateOfBirth: { value: '2012', masked: true },
      mobilePhone: { value: '138****4321', masked: true },
    });
    const events = await auditEvents(t, school.tenantId);
    expect(events.find((e) => e.action === 'read' && e.actor.id === officer.userId)?.purpose).toBe(
      'EDUENROLL',
    );
    const response = await reveal(school, chat.conversationId, officer.token, ['dateOfBirth']);
    expect(response.status).toBe(200);
    await expectProblem(
      await reveal(school, chat.conversationId, officer.token, ['medicalRecordNumber']),
      403,
    );
  });

  it('refuses tenant admins and auditors (403), and the other tenant’s staff (404)', async () => {
    const agent = await hospital.staff(['agent'], ['card-sod']);
    const chat = await hospital.assigned(agent.userId, { queueId: 'card-sod', contact: PATIENT });
    for (const role of ['tenant_admin', 'auditor']) {
      const staff = await hospital.staff([role]);
      await expectProblem(await reveal(hospital, chat.conversationId, staff.token, ['displayName']), 403);
      await expectProblem(
        await send('GET', path(hospital, chat.conversationId, 'contact'), staff.token),
        403,
      );
    }
    const stranger = await school.staff(['agent'], ['card-sod']);
    for (const w of [hospital, school]) {
      await expectProblem(await send('GET', path(w, chat.conversationId, 'contact'), stranger.token), 404);
      await expectProblem(await reveal(w, chat.conversationId, stranger.token, ['displayName']), 404);
      await expectProblem(
        await send('GET', path(w, chat.conversationId, 'suggestions'), stranger.token),
        404,
      );
    }
  });

  it('limits reveals per staff member and hour (429 with Retry-After), counted in the database', async () => {
    const agent = await hospital.staff(['agent'], ['card-rl'], { capacity: 5 });
    const chat = await hospital.assigned(agent.userId, { queueId: 'card-rl', contact: PATIENT });
    const start = new Date(clock);
    for (let i = 0; i < 30; i += 1) {
      clock = new Date(start.getTime() + i * 1000);
      expect((await reveal(hospital, chat.conversationId, agent.token, ['displayName'])).status).toBe(200);
    }
    clock = new Date(start.getTime() + 60_000);
    const limited = await reveal(hospital, chat.conversationId, agent.token, ['displayName']);
    await expectProblem(limited, 429);
    expect(Number(limited.headers.get('retry-after'))).toBe(3600 - 60);
    // Another staff member is not limited by this one's reveals.
    const colleague = await hospital.staff(['agent'], ['card-rl']);
    const theirs = await hospital.assigned(colleague.userId, { queueId: 'card-rl', contact: PATIENT });
    expect((await reveal(hospital, theirs.conversationId, colleague.token, ['displayName'])).status).toBe(
      200,
    );
    // An hour after the first, one more is allowed.
    clock = new Date(start.getTime() + 3_600_000 + 500);
    expect((await reveal(hospital, chat.conversationId, agent.token, ['displayName'])).status).toBe(200);
  });

  it('suggests the FAQ article for a seeded FAQ question, in the conversation’s language, audited once', async () => {
    await t.runtime.chat.seedTenant({ id: hospital.tenantId, vertical: 'medical' });
    const agent = await hospital.staff(['agent'], ['card-kb']);
    const chat = await hospital.assigned(agent.userId, { queueId: 'card-kb', locale: 'zh-CN' });
    const empty = await send('GET', path(hospital, chat.conversationId, 'suggestions'), agent.token);
    expect(await empty.json()).toEqual({ basedOnSeq: null, items: [] });
    await t.runtime.chat.store.append(hospital.tenantId, chat.conversationId, {
      authorKind: 'contact',
      body: '门诊几点开门',
    });
    const before = (await auditEvents(t, hospital.tenantId)).length;
    const response = await send('GET', path(hospital, chat.conversationId, 'suggestions'), agent.token);
    expect(response.status).toBe(200);
    const found = (await response.json()) as { items: { title: string; snippet: string; score: number }[] };
    expect(found.items.length).toBeGreaterThan(0);
    expect(found.items.length).toBeLessThanOrEqual(3);
    expect(found.items[0]).toMatchObject({ title: '门诊时间' });
    expect(found.items[0]?.score).toBeGreaterThan(0);
    const events = (await auditEvents(t, hospital.tenantId)).slice(before);
    expect(events.map((e) => [e.action, e.resource?.type])).toEqual([['read', 'Message']]);
  });
});

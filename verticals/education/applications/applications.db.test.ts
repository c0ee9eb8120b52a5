import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSensitive } from '../../../compliance/index.ts';
import { collectMigrations, currentDataScope, type Database, withDataScope } from '../../../core/index.ts';
import { allMigrations, createTestDb, type TestDb, testDialect } from '../../../testing/test-db.ts';
import { demoApplications } from '../demo-school.ts';
import { APPLICATION_COLUMNS } from './applications.columns.ts';
import { committedEvents, insertSchool, schoolStore } from './applications.fixture.ts';
import { applicationMigrations, TABLES } from './applications.migrations.ts';
import type { ApplicationTables } from './applications.table.ts';
import { seedDemoApplications, stagePath } from './demo-applications.ts';

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

describe(`admissions tables (${testDialect()})`, () => {
  for (const { table, columns } of APPLICATION_COLUMNS) {
    it(`${table}: every column is classified, and none is personal`, async () => {
      const { rows } = await sql<{ column_name: string }>`
        select column_name from information_schema.columns
        where table_schema = current_schema() and table_name = ${table}`.execute(owner);
      expect(rows.map((r) => r.column_name).sort()).toEqual(Object.keys(columns).sort());
      expect(Object.values(columns).filter((c) => isSensitive(c.spec.classification))).toEqual([]);
    });
  }

  it('isolates tenants with row-level security on every table', async () => {
    const { rows } = await sql<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>`
      select relname, relrowsecurity, relforcerowsecurity from pg_class
      where relname in (${sql.join([...TABLES])}) and relkind = 'r'`.execute(owner);
    expect(rows.map((r) => r.relname).sort()).toEqual([...TABLES].sort());
    expect(rows.every((r) => r.relrowsecurity && r.relforcerowsecurity)).toBe(true);

    const school = await insertSchool(owner);
    await seedDemoApplications({ db: app, ...schoolStore(app) }, school, demoApplications.slice(0, 1));
    const other = await insertSchool(owner);
    const seen = await withDataScope({ kind: 'tenant', tenantId: other }, () =>
      app
        .withTables<ApplicationTables>()
        .selectFrom('admission_applications')
        .select('application_id')
        .execute(),
    );
    expect(seen).toEqual([]);
    const own = await withDataScope({ kind: 'tenant', tenantId: school }, () =>
      app
        .withTables<ApplicationTables>()
        .selectFrom('admission_applications')
        .select('application_id')
        .execute(),
    );
    expect(own).toHaveLength(1);
  });
});

describe(`demo applications (${testDialect()})`, () => {
  it('seed the 24 synthetic applicants once, with sealed contacts, guardians and stage histories', async () => {
    const tenantId = await insertSchool(owner);
    const store = schoolStore(app);
    const deps = { db: app, ...store, now: () => new Date('2026-11-24T06:00:00Z') };
    expect(demoApplications).toHaveLength(24);
    expect(await seedDemoApplications(deps, tenantId, demoApplications)).toEqual({ created: 24, skipped: 0 });
    expect(await seedDemoApplications(deps, tenantId, demoApplications)).toEqual({ created: 0, skipped: 24 });

    const applications = await tables()
      .selectFrom('admission_applications')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .execute();
    expect(applications).toHaveLength(24);

    for (const demo of [demoApplications[0]!, demoApplications[8]!, demoApplications[13]!]) {
      const [child, ...others] = await store.contacts.findBy(tenantId, 'studentNumber', demo.applicantNumber);
      expect(others).toEqual([]);
      expect(child).toMatchObject({
        kind: 'student',
        displayName: demo.child.names['zh-CN'],
        dateOfBirth: demo.child.dateOfBirth,
        studentNumber: demo.applicantNumber,
      });
      const application = applications.find((a) => a.applicant_contact_id === child!.id);
      expect(application).toMatchObject({ grade: demo.grade, program: demo.program, stage: demo.stage });
      const [guardian] = await store.contacts.findBy(tenantId, 'mobilePhone', demo.guardian.phone);
      expect(guardian).toMatchObject({ kind: 'guardian', displayName: demo.guardian.names['zh-CN'] });
      expect(application).toMatchObject({
        guardian_contact_id: guardian!.id,
        relationship: demo.guardian.relationship,
      });
      const history = await tables()
        .selectFrom('admission_stage_history')
        .select(['seq', 'stage', 'at'])
        .where('tenant_id', '=', tenantId)
        .where('application_id', '=', application!.application_id)
        .orderBy('seq')
        .execute();
      expect(history.map((h) => h.stage)).toEqual(stagePath(demo.stage));
      expect(history[0]!.at.toISOString()).toBe(new Date(`${demo.submittedOn}T01:00:00Z`).toISOString());
      expect(history.every((h) => h.at.getTime() <= deps.now().getTime())).toBe(true);
    }

    // The names are sealed: no row of `contacts` holds one in the clear.
    const name = demoApplications[0]!.child.names['zh-CN'];
    const { rows } = await sql<{ total: number; clear: number }>`
      select count(*)::int as total,
        count(*) filter (where position(convert_to(${name}, 'UTF8') in display_name) > 0)::int as clear
      from contacts where tenant_id = ${tenantId}`.execute(owner);
    expect(rows[0]).toEqual({ total: 48, clear: 0 });
    const created = (await committedEvents(owner, tenantId)).filter(
      (e) => e.action === 'create' && e.resource?.type === 'AdmissionApplication',
    );
    expect(created).toHaveLength(24);
  });

  it('finish an applicant whose contact exists without an application', async () => {
    const tenantId = await insertSchool(owner);
    const store = schoolStore(app);
    const demo = demoApplications[5]!;
    await store.contactService.create(
      { actor: { kind: 'system', id: 'demo-seeder' }, tenantId, purpose: 'EDUENROLL' },
      { kind: 'student', displayName: demo.child.names['zh-CN'], studentNumber: demo.applicantNumber },
    );
    expect(await seedDemoApplications({ db: app, ...store }, tenantId, [demo])).toEqual({
      created: 1,
      skipped: 0,
    });
    expect(await store.contacts.findBy(tenantId, 'studentNumber', demo.applicantNumber)).toHaveLength(1);
  });

  it('walk each stage from submission', () => {
    expect(stagePath('submitted')).toEqual(['submitted']);
    expect(stagePath('offer')).toEqual(['submitted', 'under_review', 'assessment_scheduled', 'offer']);
    expect(stagePath('waitlist')).toEqual(['submitted', 'under_review', 'assessment_scheduled', 'waitlist']);
    expect(stagePath('enrolled')).toEqual([
      'submitted',
      'under_review',
      'assessment_scheduled',
      'offer',
      'enrolled',
    ]);
  });
});

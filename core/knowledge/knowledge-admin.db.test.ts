import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { currentDataScope } from '../context/data-scope.ts';
import { createArticleRepository } from './article.repository.ts';
import type { KnowledgeTenant } from './article.ts';
import { auditIntake, createKnowledgeTenant, failure, HOSPITAL_SEEDS, staffOf } from './knowledge.fixture.ts';
import { createKnowledgeBase, type KnowledgeBase } from './knowledge.service.ts';

let db: TestDb;
let kb: KnowledgeBase;
let tenant: KnowledgeTenant;
let clock = new Date('2026-03-01T08:00:00.000Z');
const admin = () => staffOf(tenant, 'tenant_admin', '00000000-0000-4000-8000-00000000000a');
const revisionOf = (tenantId: string) =>
  createArticleRepository(db.rowSecured(currentDataScope)).revision(tenantId);

beforeAll(async () => {
  db = await createTestDb();
  const t = createTestApp(db);
  tenant = await createKnowledgeTenant(t.runtime.tenants, 'kb-admin-clinic');
  kb = createKnowledgeBase({ db: db.rowSecured(currentDataScope), audit: t.runtime.audit, now: () => clock });
});
afterAll(async () => {
  await db?.destroy();
});

describe(`knowledge articles on ${testDialect()}`, () => {
  it('stores an article as a draft at revision 1, with who wrote it and when', async () => {
    const created = await kb.create(admin(), tenant, {
      locale: 'zh-CN',
      title: '  探视时间 ',
      body: '住院部探视时间为每天 15:00–20:00。',
      questions: ['什么时候可以探视', '什么时候可以探视', ' 探病几点 '],
      tags: ['住院', '住院'],
      intent: 'visiting_hours',
    });
    expect(created).toMatchObject({
      tenantId: tenant.id,
      locale: 'zh-CN',
      key: null,
      title: '探视时间',
      questions: ['什么时候可以探视', '探病几点'],
      tags: ['住院'],
      intent: 'visiting_hours',
      status: 'draft',
      revision: 1,
      createdBy: admin().id,
      updatedBy: admin().id,
    });
    expect(created.createdAt).toEqual(clock);
    expect(await kb.get(admin(), tenant, created.id)).toEqual(created);
    const events = await auditIntake(db.db, tenant.id);
    const event = events.find((e) => (e.resource as { id: string }).id === created.id);
    expect(event).toMatchObject({
      action: 'create',
      purpose: 'HOPERAT',
      actor: { id: admin().id, role: 'tenant-admin', kind: 'staff' },
      resource: { type: 'KnowledgeArticle', id: created.id },
    });
    expect(JSON.stringify(event)).not.toMatch(/探视|住院/);
  });

  it('refuses what the role does not allow, and content that breaks the rules', async () => {
    const input = { locale: 'en' as const, title: 'Wi-Fi', body: 'Ask at the front desk.' };
    expect(await failure(kb.create(staffOf(tenant, 'agent'), tenant, input))).toBe('forbidden');
    expect(await failure(kb.create({ kind: 'anonymous', id: 'anonymous' }, tenant, input))).toBe(
      'unauthenticated',
    );
    expect(await failure(kb.create(admin(), tenant, { ...input, title: '   ' }))).toBe('unprocessable');
    expect(await failure(kb.create(admin(), tenant, { locale: 'en', title: '???', body: '!!!' }))).toBe(
      'unprocessable',
    );
    expect(await failure(kb.create(admin(), tenant, { ...input, intent: 'not an intent' }))).toBe(
      'unprocessable',
    );
    const other = await createKnowledgeTenant(createTestApp(db).runtime.tenants, 'kb-admin-other');
    expect(await failure(kb.create(admin(), other, input))).toBe('forbidden');
  });

  it('updates only at the revision the editor saw: a stale one is a conflict', async () => {
    const article = await kb.create(admin(), tenant, {
      locale: 'en',
      title: 'Wi-Fi',
      body: 'Ask at the desk.',
    });
    const edited = await kb.update(admin(), tenant, article.id, {
      revision: 1,
      body: 'The network is "Guest".',
    });
    expect(edited).toMatchObject({ revision: 2, body: 'The network is "Guest".', title: 'Wi-Fi' });
    expect(await failure(kb.update(admin(), tenant, article.id, { revision: 1, title: 'Internet' }))).toBe(
      'conflict',
    );
    // Two editors at revision 2 at once: one wins, the other is told to reload.
    const results = await Promise.all([
      failure(kb.update(admin(), tenant, article.id, { revision: 2, title: 'Internet' })),
      failure(kb.update(admin(), tenant, article.id, { revision: 2, title: 'Wireless' })),
    ]);
    expect(results.sort()).toEqual(['conflict', 'succeeded']);
    expect((await kb.get(admin(), tenant, article.id)).revision).toBe(3);
  });

  it('publishes, unpublishes and deletes, each a new revision of the tenant', async () => {
    const article = await kb.create(admin(), tenant, { locale: 'en', title: 'Cafeteria', body: 'Level 2.' });
    const before = await revisionOf(tenant.id);
    const published = await kb.publish(admin(), tenant, article.id);
    expect(published).toMatchObject({ status: 'published', revision: 2 });
    expect((await kb.unpublish(admin(), tenant, article.id)).status).toBe('draft');
    await kb.delete(admin(), tenant, article.id);
    expect(await revisionOf(tenant.id)).toBe(before + 3);
    expect(await failure(kb.get(admin(), tenant, article.id))).toBe('not_found');
    expect(await failure(kb.delete(admin(), tenant, article.id))).toBe('not_found');
    const actions = (await auditIntake(db.db, tenant.id))
      .filter((e) => (e.resource as { id: string }).id === article.id)
      .map((e) => e.action);
    expect(actions).toEqual(['create', 'update', 'update', 'delete']);
  });

  it('seeds a pack FAQ once: published, keyed, and left alone the second time', async () => {
    const seeded = await createKnowledgeTenant(createTestApp(db).runtime.tenants, 'kb-seeded', 'education');
    expect(await kb.seedArticles(seeded.id, HOSPITAL_SEEDS)).toEqual({ created: 3 });
    const revision = await revisionOf(seeded.id);
    const page = await kb.list(staffOf(seeded, 'tenant_admin'), seeded, { limit: 10 });
    expect(page.items.map((a) => [a.locale, a.key, a.status]).sort()).toEqual([
      ['en', 'hours', 'published'],
      ['zh-CN', 'hours', 'published'],
      ['zh-CN', 'parking', 'published'],
    ]);
    const edited = page.items.find((a) => a.key === 'parking')!;
    await kb.update(staffOf(seeded, 'tenant_admin'), seeded, edited.id, {
      revision: 1,
      body: '停车场已改建。',
    });
    expect(await kb.seedArticles(seeded.id, HOSPITAL_SEEDS)).toEqual({ created: 0 });
    expect(await revisionOf(seeded.id)).toBe(revision + 1);
    expect((await kb.get(staffOf(seeded, 'tenant_admin'), seeded, edited.id)).body).toBe('停车场已改建。');
    const imports = (await auditIntake(db.db, seeded.id)).filter((e) => e.action === 'import');
    expect(imports).toHaveLength(3);
    expect(imports[0]).toMatchObject({
      actor: { kind: 'system', id: 'knowledge-seed' },
      purpose: 'EDUADMIN',
    });
    // A key is unique per tenant and locale.
    const duplicate = { locale: 'zh-CN' as const, key: 'hours', title: '时间', body: '见官网。' };
    expect(await failure(kb.create(staffOf(seeded, 'tenant_admin'), seeded, duplicate))).toBe('conflict');
  });

  it('lists in pages, filtered by locale, status and tag', async () => {
    const listed = await createKnowledgeTenant(createTestApp(db).runtime.tenants, 'kb-listed');
    const boss = staffOf(listed, 'tenant_admin');
    for (let i = 0; i < 5; i++) {
      clock = new Date(clock.getTime() + 1000);
      await kb.create(boss, listed, {
        locale: i % 2 === 0 ? 'zh-CN' : 'en',
        title: `Synthetic article ${i}`,
        body: `Body ${i}`,
        tags: i < 2 ? ['first'] : [],
        status: i === 4 ? 'published' : 'draft',
      });
    }
    const first = await kb.list(boss, listed, { limit: 2 });
    const second = await kb.list(boss, listed, { limit: 2, cursor: first.nextCursor! });
    const third = await kb.list(boss, listed, { limit: 2, cursor: second.nextCursor! });
    expect([...first.items, ...second.items, ...third.items].map((a) => a.title)).toEqual(
      [0, 1, 2, 3, 4].map((i) => `Synthetic article ${i}`),
    );
    expect(third.nextCursor).toBeNull();
    expect((await kb.list(boss, listed, { limit: 10, locale: 'en' })).items).toHaveLength(2);
    expect((await kb.list(boss, listed, { limit: 10, status: 'published' })).items).toHaveLength(1);
    expect((await kb.list(boss, listed, { limit: 10, tag: 'first' })).items).toHaveLength(2);
    expect((await kb.list(staffOf(listed, 'agent'), listed, { limit: 10 })).items).toHaveLength(5);
    expect(await failure(kb.list(boss, listed, { limit: 10, cursor: 'garbage' }))).toBe('validation_failed');
    expect(await failure(kb.list(staffOf(listed, 'auditor'), listed, { limit: 10 }))).toBe('forbidden');
  });
});

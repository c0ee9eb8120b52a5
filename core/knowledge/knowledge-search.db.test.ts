import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { currentDataScope, withDataScope } from '../context/data-scope.ts';
import { createArticleRepository } from './article.repository.ts';
import type { KnowledgeTenant } from './article.ts';
import { createKnowledgeTenant, HOSPITAL_SEEDS, staffOf } from './knowledge.fixture.ts';
import { createKnowledgeBase, type KnowledgeBase, type KnowledgeBaseDeps } from './knowledge.service.ts';

let db: TestDb;
let deps: KnowledgeBaseDeps;
let kb: KnowledgeBase;
let hospital: KnowledgeTenant;
let school: KnowledgeTenant;
const admin = () => staffOf(hospital, 'tenant_admin');
const titles = async (tenantId: string, text: string, extra: object = {}) =>
  (await kb.search(tenantId, { text, ...extra })).map((hit) => hit.title);

beforeAll(async () => {
  db = await createTestDb();
  const t = createTestApp(db);
  hospital = await createKnowledgeTenant(t.runtime.tenants, 'kb-search-hospital');
  school = await createKnowledgeTenant(t.runtime.tenants, 'kb-search-school', 'education');
  deps = { db: db.rowSecured(currentDataScope), audit: t.runtime.audit };
  kb = createKnowledgeBase(deps);
  await kb.seedArticles(hospital.id, HOSPITAL_SEEDS);
  await kb.seedArticles(school.id, [
    {
      key: 'tour',
      locale: 'zh-CN',
      title: '参观校园',
      body: '示例学校每周六上午开放校园参观。',
      questions: ['可以参观学校吗', '校园开放日是什么时候'],
    },
    {
      key: 'parking',
      locale: 'zh-CN',
      title: '学校停车',
      body: '示例学校访客停车位于东门。',
      questions: ['哪里可以停车', '学校有停车场吗'],
    },
  ]);
});
afterAll(async () => {
  await db?.destroy();
});

describe(`knowledge retrieval on ${testDialect()}`, () => {
  it('answers a paraphrase with the seeded article, and nothing for an unrelated question', async () => {
    const answer = await kb.answer(hospital.id, { text: '请问医院几点开门？', locale: 'zh-CN' });
    expect(answer).toMatchObject({ key: 'hours', locale: 'zh-CN', title: '门诊时间' });
    expect(answer!.confidence).toBeGreaterThanOrEqual(0.35);
    expect(await kb.answer(hospital.id, { text: '今天天气怎么样', locale: 'zh-CN' })).toBeUndefined();
    expect(
      await kb.answer(hospital.id, { text: 'who won the football game?', locale: 'en' }),
    ).toBeUndefined();
    // The threshold is the tenant's to tune: a stricter one declines the same paraphrase.
    const strict = createKnowledgeBase({ ...deps, threshold: 0.99 });
    expect(await strict.answer(hospital.id, { text: '请问医院几点开门？', locale: 'zh-CN' })).toBeUndefined();
  });

  it('searches the locale asked for first, the other one only when it has nothing', async () => {
    expect(await titles(hospital.id, 'When does the clinic open?', { locale: 'en' })).toEqual([
      'Opening hours',
    ]);
    // No English article about parking: the Chinese one answers rather than nothing.
    expect(await titles(hospital.id, '停车', { locale: 'en' })).toEqual(['停车']);
    // Without a locale, the script of the question decides which comes first.
    expect((await titles(hospital.id, 'what time do you open'))[0]).toBe('Opening hours');
    expect((await titles(hospital.id, '几点开门'))[0]).toBe('门诊时间');
  });

  it('boosts the article linked to the message intent', async () => {
    const [plain] = await kb.search(hospital.id, { text: '门诊停车', locale: 'zh-CN' });
    const [boosted] = await kb.search(hospital.id, {
      text: '门诊停车',
      locale: 'zh-CN',
      intent: 'opening_hours',
    });
    expect(plain!.key).toBe('parking');
    expect(boosted!.key).toBe('hours');
  });

  it('never returns a draft, and sees a publication, an edit and a deletion at once', async () => {
    const draft = await kb.create(admin(), hospital, {
      locale: 'zh-CN',
      title: '核磁共振预约',
      body: '核磁共振请提前三天预约。',
      questions: ['核磁共振怎么预约'],
    });
    expect(await titles(hospital.id, '核磁共振怎么预约')).not.toContain('核磁共振预约');
    await kb.publish(admin(), hospital, draft.id);
    expect((await titles(hospital.id, '核磁共振怎么预约'))[0]).toBe('核磁共振预约');
    await kb.update(admin(), hospital, draft.id, { revision: 2, questions: ['磁共振检查要排队多久'] });
    expect((await titles(hospital.id, '磁共振排队'))[0]).toBe('核磁共振预约');
    await kb.unpublish(admin(), hospital, draft.id);
    expect(await titles(hospital.id, '磁共振排队')).not.toContain('核磁共振预约');
    await kb.delete(admin(), hospital, draft.id);
    expect(await titles(hospital.id, '核磁共振')).toEqual([]);
  });

  it('notices changes made by another process within the revision check interval', async () => {
    let now = 0;
    const other = createKnowledgeBase({ ...deps, clock: () => now });
    const article = await kb.create(admin(), hospital, {
      locale: 'en',
      title: 'Pharmacy',
      body: 'The pharmacy is on the ground floor.',
      questions: ['Where is the pharmacy?'],
      status: 'published',
    });
    expect((await other.search(hospital.id, { text: 'pharmacy', locale: 'en' }))[0]?.title).toBe('Pharmacy');
    await kb.update(admin(), hospital, article.id, { revision: 1, title: 'Dispensary' });
    now += 1000;
    expect((await other.search(hospital.id, { text: 'pharmacy', locale: 'en' }))[0]?.title).toBe('Pharmacy');
    now += 1500;
    expect((await other.search(hospital.id, { text: 'pharmacy', locale: 'en' }))[0]?.title).toBe(
      'Dispensary',
    );
  });

  it("never finds another tenant's articles, in the database or in memory", async () => {
    const inHospital = { kind: 'tenant', tenantId: hospital.id } as const;
    // Built (at platform scope) and cached in this process: the school's index is in memory.
    expect(await titles(school.id, '哪里可以停车')).toEqual(['学校停车']);
    await withDataScope(inHospital, async () => {
      expect(await titles(school.id, '哪里可以停车')).toEqual([]);
      expect(await kb.answer(school.id, { text: '可以参观学校吗' })).toBeUndefined();
      expect((await titles(hospital.id, '哪里可以停车'))[0]).toBe('停车');
      // The second wall: row-level security hides the rows even from a query that asks for them.
      const rows = createArticleRepository(deps.db);
      expect(await rows.published(school.id)).toEqual([]);
      expect(await rows.revision(school.id)).toBe(0);
    });
    // A fresh process serving a hospital request cannot build the school's index either.
    const fresh = createKnowledgeBase(deps);
    await withDataScope(inHospital, async () =>
      expect(await fresh.search(school.id, { text: '停车' })).toEqual([]),
    );
    await withDataScope({ kind: 'none' }, async () =>
      expect(await fresh.search(hospital.id, { text: '停车' })).toEqual([]),
    );
  });
});

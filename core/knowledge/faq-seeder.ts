import { randomUUID } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';
import type { FaqSeed } from './article.ts';
import { checkContent } from './article-rules.ts';
import type { KnowledgeAdminDeps } from './knowledge-admin.ts';
import { knowledgeEvent, SEED_ACTOR } from './knowledge-audit.ts';

/** Seeding a tenant's knowledge base from its pack (core/packs: `ConversationPack.faqSeeds`). */
export function createFaqSeeder(deps: KnowledgeAdminDeps) {
  const { db, articles, audit } = deps;
  const now = deps.now ?? (() => new Date());
  return {
    /**
     * Adds a pack's FAQ seeds the tenant does not have yet (by locale and key), published. Existing
     * articles are left as the tenant's editors made them, so seeding again changes nothing; an
     * unpublished seed stays unpublished, while a deleted one comes back.
     */
    async seedArticles(tenantId: string, seeds: readonly FaqSeed[]): Promise<{ created: number }> {
      const checked = seeds.map((seed) => ({
        locale: seed.locale,
        ...checkContent({
          key: seed.key,
          title: seed.title,
          body: seed.body,
          questions: seed.questions,
          tags: seed.tags ?? [],
          intent: seed.intent ?? null,
        }),
      }));
      if (checked.length === 0) return { created: 0 };
      const tenant = { id: tenantId, vertical: await articles.verticalOf(tenantId) };
      if (tenant.vertical === undefined) throw new AppError('not_found', 'No such tenant.');
      const at = now();
      const created = await db.transaction().execute(async (trx) => {
        let count = 0;
        for (const seed of checked) {
          const id = randomUUID();
          const inserted = await articles.insertIfAbsent(trx, {
            ...seed,
            tenantId,
            id,
            status: 'published',
            by: SEED_ACTOR.id,
            at,
          });
          if (!inserted) continue;
          count++;
          await audit.record(trx, knowledgeEvent(tenant, SEED_ACTOR, 'import', id));
        }
        // Seeding again changes nothing, and makes no process rebuild its index.
        if (count > 0) await articles.bumpRevision(trx, tenantId);
        return count;
      });
      if (created > 0) deps.changed(tenantId);
      return { created };
    },
  };
}

import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit-log.ts';
import type { PseudonymKeySource } from '../contacts/contact-audit.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import type { KnowledgeHit, KnowledgeQuery } from '../knowledge/article.ts';
import { abilityFor, type ConversationAccess, messageSubject, requireStaff } from './conversation-access.ts';
import { conversationAudit, conversationEvent } from './conversation-audit.ts';
import { type ConversationKeyring, openMessage } from './message-sealing.ts';

export interface SuggestionDeps {
  readonly db: Kysely<Database>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly keyring: ConversationKeyring;
  readonly pseudonymKey: PseudonymKeySource;
  /** The retrieval the assistant answers with (core/knowledge `search`). */
  readonly knowledge: { search(tenantId: string, query: KnowledgeQuery): Promise<KnowledgeHit[]> };
}

export const MAX_SUGGESTIONS = 3;
const SNIPPET = 160;

export interface Suggestion {
  readonly articleId: string;
  readonly title: string;
  readonly snippet: string;
  /** The retrieval's calibrated confidence, 0..1 (docs/knowledge.md). */
  readonly score: number;
}

export interface Suggestions {
  /** The seq of the contact's message the suggestions answer; null when there is none. */
  readonly basedOnSeq: number | null;
  readonly items: readonly Suggestion[];
}

/** The start of an article, cut at a word boundary where there is one. */
export function snippetOf(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  const chars = Array.from(text);
  if (chars.length <= SNIPPET) return text;
  const cut = chars.slice(0, SNIPPET).join('');
  const space = cut.lastIndexOf(' ');
  return `${space > SNIPPET / 2 ? cut.slice(0, space) : cut}…`;
}

/**
 * Suggested answers for staff (docs/conversations.md §6): the knowledge base's best articles for
 * the contact's latest message, in the conversation's language. Opening that message is a staff
 * read of the conversation, recorded before the answer is given, once per call.
 */
export function createSuggestionService(deps: SuggestionDeps) {
  const { db, audit, pseudonymKey } = deps;
  const { load, record, purposeOf } = conversationAudit(deps);

  return {
    async suggest(access: ConversationAccess, conversationId: string): Promise<Suggestions> {
      requireStaff(access);
      const ability = abilityFor(access);
      const row = await load(access, conversationId);
      if (!row) throw new AppError('not_found', 'No such conversation.');
      if (!ability.can('read', messageSubject(row, { internal: false }))) {
        await record(access, row, 'read', 'staff', true);
        throw new AppError('not_found', 'No such conversation.');
      }
      const latest = await db
        .selectFrom('messages')
        .selectAll()
        .where('tenant_id', '=', access.tenantId)
        .where('conversation_id', '=', row.conversation_id)
        .where('author_kind', '=', 'contact')
        .where('internal', '=', false)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!latest) return { basedOnSeq: null, items: [] };
      const message = await openMessage(deps.keyring, latest);
      // An erased person's message opens to nothing: there is nothing to read, or to record.
      if ('erased' in message || message.body.trim() === '') return { basedOnSeq: message.seq, items: [] };
      const hits = await deps.knowledge.search(access.tenantId, {
        text: message.body,
        locale: row.locale,
        limit: MAX_SUGGESTIONS,
      });
      const event = await conversationEvent(
        pseudonymKey,
        access,
        row,
        'read',
        await purposeOf(access, 'staff'),
        {
          resource: { type: 'Message', id: message.id },
        },
      );
      await db.transaction().execute((trx) => audit.record(trx, event));
      return {
        basedOnSeq: message.seq,
        items: hits.slice(0, MAX_SUGGESTIONS).map((hit) => ({
          articleId: hit.articleId,
          title: hit.title,
          snippet: snippetOf(hit.body),
          score: Math.round(hit.confidence * 1000) / 1000,
        })),
      };
    },
  };
}

export type SuggestionService = ReturnType<typeof createSuggestionService>;

import { type Kysely, sql } from 'kysely';
import { encryptField } from '../../compliance/index.ts';
import { authorize } from '../access/authorize.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { PseudonymKeySource } from '../contacts/contact-audit.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import type { ChatLocale, NewMessage } from './conversation.ts';
import {
  abilityFor,
  type ConversationAccess,
  conversationSubject,
  requireContact,
} from './conversation-access.ts';
import { conversationAudit, conversationEvent } from './conversation-audit.ts';
import { csatColumns } from './csat.columns.ts';
import type { ConversationKeyring } from './message-sealing.ts';

const COMMENT = csatColumns.columns.comment;
export const MAX_CSAT_COMMENT = 1000;

/** The client id of the request message: a conversation is asked once, and a repeated close stores nothing. */
export const CSAT_REQUEST_ID = 'csat-request';

const REQUEST: Readonly<Record<ChatLocale, string>> = {
  'zh-CN': '本次对话已结束，感谢您的咨询。请为我们的服务打分：1（很不满意）到 5（非常满意）。',
  en: 'This conversation has ended; thank you for contacting us. Please rate our service from 1 (very dissatisfied) to 5 (very satisfied).',
};

/**
 * The assistant's question at close, in the conversation's language. `kind: 'csat'` tells the
 * widget to offer the rating, which it sends to `POST …/conversations/{id}/csat` (a message in a
 * closed conversation is refused).
 */
export const csatRequest = (locale: ChatLocale): NewMessage => ({
  authorKind: 'bot',
  clientMessageId: CSAT_REQUEST_ID,
  body: REQUEST[locale],
  meta: { kind: 'csat' },
});

export interface CsatServiceDeps {
  readonly db: Kysely<Database>;
  readonly keyring: ConversationKeyring;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly pseudonymKey: PseudonymKeySource;
  readonly now?: () => Date;
}

export interface CsatAnswer {
  readonly conversationId: string;
  readonly score: number;
  readonly commented: boolean;
  readonly createdAt: Date;
}

const invalid = (path: string, message: string) =>
  new AppError('validation_failed', 'The rating is invalid.', { issues: [{ path, message }] });

/**
 * The contact's answer to the satisfaction request: once per conversation, only once the
 * conversation was closed with a request, score 1 to 5, the comment sealed under the contact's key.
 * Recorded as a `create` by the contact (by pseudonym) in the transaction that stores it.
 */
export function createCsatService(deps: CsatServiceDeps) {
  const { db, keyring, audit, pseudonymKey } = deps;
  const now = deps.now ?? (() => new Date());
  const { load, purposeOf } = conversationAudit(deps);

  return {
    async rate(
      access: ConversationAccess,
      conversationId: string,
      input: { readonly score: number; readonly comment?: string | undefined },
    ): Promise<CsatAnswer> {
      requireContact(access);
      const ability = abilityFor(access);
      const row = await load(access, conversationId);
      if (!row || !ability.can('read', conversationSubject(row)))
        throw new AppError('not_found', 'No such conversation.');
      if (!(Number.isInteger(input.score) && input.score >= 1 && input.score <= 5))
        throw invalid('score', 'expected an integer from 1 to 5');
      const comment = input.comment?.trim() || undefined;
      if (comment !== undefined && comment.length > MAX_CSAT_COMMENT)
        throw invalid('comment', `expected at most ${MAX_CSAT_COMMENT} characters`);
      const { tenantId } = access;
      const subject = {
        tenantId,
        conversationId: row.conversation_id,
        contactId: row.contact_id,
        queueId: row.queue_id,
        assigneeId: row.assignee_id,
      };
      authorize(ability, 'create', { type: 'CsatResponse', attributes: subject });
      const asked = await db
        .selectFrom('conversations')
        .select(['status', 'csat_requested_at'])
        .where('tenant_id', '=', tenantId)
        .where('conversation_id', '=', row.conversation_id)
        .executeTakeFirst();
      if (asked?.status !== 'closed' || !asked.csat_requested_at)
        throw new AppError('conflict', 'This conversation has not asked for a rating.');
      const binding = { tenantId, rowId: row.conversation_id, subjectId: row.contact_id };
      const sealed =
        comment === undefined ? null : Buffer.from(await encryptField(keyring, COMMENT, binding, comment));
      const event = await conversationEvent(
        pseudonymKey,
        access,
        row,
        'create',
        await purposeOf(access, 'contact'),
        { resource: { type: 'CsatResponse', id: row.conversation_id } },
      );
      const at = now();
      // One statement: only for a contact not erased, and only once per conversation.
      const stored = await db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ created_at: Date }>`
          insert into csat_responses (tenant_id, conversation_id, contact_id, queue_id, assignee_id, score,
                                      comment, created_at)
          select ${tenantId}::uuid, ${row.conversation_id}::uuid, ${row.contact_id}::uuid, ${row.queue_id}::text,
                 ${row.assignee_id}::uuid, ${input.score}::smallint, ${sealed}::bytea, ${at}::timestamptz
          where exists (select 1 from contacts k where k.tenant_id = ${tenantId} and k.contact_id = ${row.contact_id}
                        and k.erased_at is null)
          on conflict (tenant_id, conversation_id) do nothing
          returning created_at`.execute(trx);
        if (!rows[0]) return undefined;
        await audit.record(trx, event);
        return rows[0].created_at;
      });
      if (!stored) {
        const earlier = await db
          .selectFrom('csat_responses')
          .select('created_at')
          .where('tenant_id', '=', tenantId)
          .where('conversation_id', '=', row.conversation_id)
          .executeTakeFirst();
        if (earlier) throw new AppError('conflict', 'This conversation has already been rated.');
        // The contact was erased: sealing may have made the keyring create a key again; none may live.
        if (sealed) await keyring.eraseSubject(tenantId, row.contact_id);
        throw new AppError('conflict', 'The conversation is closed: its contact was erased.');
      }
      return {
        conversationId: row.conversation_id,
        score: input.score,
        commented: sealed !== null,
        createdAt: stored,
      };
    },
  };
}

export type CsatService = ReturnType<typeof createCsatService>;

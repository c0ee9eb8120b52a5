import { randomUUID } from 'node:crypto';
import { type Kysely, type Selectable, sql } from 'kysely';
import { decryptField, encryptField, KeyDestroyed, readSealed } from '../../compliance/index.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { PseudonymKeySource } from '../contacts/contact-audit.ts';
import type { Actor } from '../context/request-context.ts';
import type { ConversationStore } from '../conversations/conversation.ts';
import {
  abilityFor,
  type ConversationAccess,
  conversationSubject,
  messageSubject,
  requireContact,
  requireStaff,
} from '../conversations/conversation-access.ts';
import { conversationEvent, purposeResolver } from '../conversations/conversation-audit.ts';
import { type ConversationRow, isUniqueViolation } from '../conversations/conversation-write.ts';
import { type ConversationKeyring, isUuid } from '../conversations/message-sealing.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { callbackRequestColumns } from './callback-request.columns.ts';
import type { CallbackRequestTable, CallbackStatus, PreferredPart } from './callback-request.table.ts';
import { readableConversation } from './queue-position.service.ts';
import type { RoutingTenant } from './routing.service.ts';

const NOTE = callbackRequestColumns.columns.note;
export const MAX_NOTE = 500;
/** How far ahead a preferred instant may lie. */
const MAX_AHEAD_MS = 30 * 86_400_000;

/** The words a contact may give for a part of the day, in either language. */
const PARTS: Readonly<Record<string, PreferredPart>> = {
  morning: 'morning',
  上午: 'morning',
  早上: 'morning',
  afternoon: 'afternoon',
  下午: 'afternoon',
  evening: 'evening',
  晚上: 'evening',
};
export const PART_WORDS = Object.keys(PARTS);

export interface CallbackRequest {
  readonly id: string;
  readonly conversationId: string;
  readonly queueId: string | null;
  readonly requestedAt: Date;
  readonly preferredPart: PreferredPart | null;
  readonly preferredAt: Date | null;
  /** Opened for staff who may read the conversation; null when none was left, or once the contact is erased. */
  readonly note: string | null;
  readonly status: CallbackStatus;
  readonly doneAt: Date | null;
  readonly doneBy: string | null;
}

export interface CallbackRequestInput {
  /** An ISO 8601 instant with its offset, or a part of the day (`morning`, `下午`…). */
  readonly preferredTime?: string | undefined;
  readonly note?: string | undefined;
}

export interface CallbackRequestDeps {
  /** The application's row-secured view of the database. */
  readonly db: Kysely<Database>;
  /** The contact store's keyring: the note is sealed under the contact's key. */
  readonly keyring: ConversationKeyring;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly pseudonymKey: PseudonymKeySource;
  /** Where the internal "callback requested" note goes, for the agent who opens the conversation. */
  readonly store?: Pick<ConversationStore, 'appendMany'>;
  readonly now?: () => Date;
}

const invalid = (path: string, message: string) =>
  new AppError('validation_failed', 'The callback request is invalid.', { issues: [{ path, message }] });
const notFound = () => new AppError('not_found', 'No such callback request.');

/** The preferred window as stored: a part-of-day code or an instant in the next 30 days. */
export function parsePreferredTime(
  text: string | undefined,
  now: Date,
): { part: PreferredPart | null; at: Date | null } {
  if (text === undefined || text.trim() === '') return { part: null, at: null };
  const word = text.trim();
  const part = PARTS[word.toLowerCase()];
  if (part) return { part, at: null };
  const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
  const at = ISO.test(word) ? new Date(word) : undefined;
  if (!at || Number.isNaN(at.getTime()))
    throw invalid(
      'preferredTime',
      `expected an ISO 8601 time with its offset, or one of: ${PART_WORDS.join(', ')}`,
    );
  if (at.getTime() <= now.getTime()) throw invalid('preferredTime', 'expected a time in the future');
  if (at.getTime() - now.getTime() > MAX_AHEAD_MS)
    throw invalid('preferredTime', 'expected a time within 30 days');
  return { part: null, at };
}

/**
 * Callback requests (core/routing/README.md, "What the waiting contact is told"): a contact whose
 * conversation waits in a queue leaves a preferred time and a note; the conversation stays
 * queued, with an internal note for staff and the request counted in the supervisors' overview;
 * staff who may read the conversation read the requests (audited), and those who may take or
 * close it mark one done (audited). Every write records its event in its own transaction.
 */
export function createCallbackRequests(deps: CallbackRequestDeps) {
  const { db, keyring, audit, pseudonymKey } = deps;
  const now = deps.now ?? (() => new Date());
  const purposeOf = purposeResolver(db);

  async function open(row: Selectable<CallbackRequestTable>): Promise<CallbackRequest> {
    let note: string | null = null;
    if (row.note !== null) {
      try {
        const at = { tenantId: row.tenant_id, rowId: row.request_id, subjectId: row.contact_id };
        note = await decryptField(keyring, NOTE, at, readSealed(NOTE, row.note));
      } catch (error) {
        if (!(error instanceof KeyDestroyed)) throw error;
      }
    }
    return {
      id: row.request_id,
      conversationId: row.conversation_id,
      queueId: row.queue_id,
      requestedAt: row.requested_at,
      preferredPart: row.preferred_part,
      preferredAt: row.preferred_at,
      note,
      status: row.status,
      doneAt: row.done_at,
      doneBy: row.done_by,
    };
  }

  async function event(
    access: ConversationAccess,
    row: ConversationRow,
    action: 'create' | 'read' | 'update',
    id: string,
    role: 'staff' | 'contact',
  ) {
    return conversationEvent(pseudonymKey, access, row, action, await purposeOf(access, role), {
      resource: { type: 'CallbackRequest', id },
    });
  }

  return {
    /** The contact asks for a call back while their conversation waits in a queue. */
    async request(
      actor: Actor,
      tenant: RoutingTenant,
      conversationId: string,
      input: CallbackRequestInput,
    ): Promise<CallbackRequest> {
      const { access, row } = await readableConversation(db, actor, tenant, conversationId);
      requireContact(access);
      const at = now();
      const preferred = parsePreferredTime(input.preferredTime, at);
      const text = input.note?.trim() ?? '';
      if (text.length > MAX_NOTE) throw invalid('note', `expected at most ${MAX_NOTE} characters`);
      if (row.status !== 'queued')
        throw new AppError(
          'conflict',
          'A callback can be requested while the conversation waits in a queue.',
        );
      const id = randomUUID();
      // Sealed before the transaction: a key lookup must not hold a connection open.
      const binding = { tenantId: tenant.id, rowId: id, subjectId: row.contact_id };
      const note = text === '' ? null : Buffer.from(await encryptField(keyring, NOTE, binding, text));
      // Built outside the transaction too: on PGlite there is one connection, and the purpose may need a read.
      const created = await event(access, row, 'create', id, 'contact');
      const stored = await db
        .transaction()
        .execute(async (trx) => {
          const { rows } = await sql<Selectable<CallbackRequestTable>>`
            insert into callback_requests (tenant_id, request_id, conversation_id, contact_id, queue_id,
              requested_at, preferred_part, preferred_at, note)
            select c.tenant_id, ${id}::uuid, c.conversation_id, c.contact_id, c.queue_id, ${at}::timestamptz,
              ${preferred.part}::text, ${preferred.at}::timestamptz, ${note}::bytea
            from conversations c
            where c.tenant_id = ${tenant.id} and c.conversation_id = ${row.conversation_id}
              and c.contact_id = ${row.contact_id} and c.status = 'queued'
              and not exists (select 1 from contacts k where k.tenant_id = c.tenant_id
                and k.contact_id = c.contact_id and k.erased_at is not null)
            returning *`.execute(trx);
          if (rows[0]) await audit.record(trx, created);
          return rows[0];
        })
        .catch((error: unknown) => {
          if (isUniqueViolation(error))
            throw new AppError('conflict', 'A callback request of this conversation is already open.');
          throw error;
        });
      if (!stored) {
        // Sealing may have made the keyring create a key for a person erased meanwhile.
        if (note) await keyring.eraseSubject(tenant.id, row.contact_id);
        throw new AppError(
          'conflict',
          'A callback can be requested while the conversation waits in a queue.',
        );
      }
      const when = preferred.part ?? preferred.at?.toISOString() ?? 'any time';
      await deps.store?.appendMany(tenant.id, row.conversation_id, [
        {
          authorKind: 'system',
          internal: true,
          clientMessageId: `callback:${id}`,
          body: `Callback requested (preferred: ${when}${note ? '; with a note' : ''}).`,
          meta: { kind: 'callback-request' },
        },
      ]);
      return { ...(await open({ ...stored, note: null })), note: text === '' ? null : text };
    },

    /** Staff who may read the conversation's messages read its callback requests, newest first; audited. */
    async list(actor: Actor, tenant: RoutingTenant, conversationId: string): Promise<CallbackRequest[]> {
      const { access, row } = await readableConversation(db, actor, tenant, conversationId);
      requireStaff(access);
      if (!abilityFor(access).can('read', messageSubject(row, { internal: false })))
        throw new AppError('not_found', 'No such conversation.');
      const rows = await db
        .selectFrom('callback_requests')
        .selectAll()
        .where('tenant_id', '=', tenant.id)
        .where('conversation_id', '=', row.conversation_id)
        .orderBy('requested_at', 'desc')
        .orderBy('request_id')
        .execute();
      // Recorded, and committed, before anything personal is handed out (fail closed).
      const read = await event(access, row, 'read', row.conversation_id, 'staff');
      await db.transaction().execute((trx) => audit.record(trx, read));
      return Promise.all(rows.map(open));
    },

    /**
     * Marks a request done: staff who may take the waiting conversation (`assign`) or close it
     * (`update` its status). Done twice is done once: the second call changes and records nothing.
     */
    async markDone(
      actor: Actor,
      tenant: RoutingTenant,
      conversationId: string,
      requestId: string,
    ): Promise<CallbackRequest> {
      const { access, row } = await readableConversation(db, actor, tenant, conversationId);
      requireStaff(access);
      const ability = abilityFor(access);
      const subject = conversationSubject(row);
      if (!ability.can('assign', subject) && !ability.can('update', subject, 'status'))
        throw new AppError(
          'forbidden',
          'Only staff who may take or close this conversation mark its callbacks done.',
          {
            details: { action: 'update', subject: 'CallbackRequest' },
          },
        );
      if (!isUuid(requestId)) throw notFound();
      const at = now();
      const done = await event(access, row, 'update', requestId, 'staff');
      const result = await db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('callback_requests')
          .set({ status: 'done', done_at: at, done_by: access.actor.id })
          .where('tenant_id', '=', tenant.id)
          .where('conversation_id', '=', row.conversation_id)
          .where('request_id', '=', requestId)
          .where('status', '=', 'open')
          .returningAll()
          .executeTakeFirst();
        if (updated) await audit.record(trx, done);
        return updated;
      });
      const current =
        result ??
        (await db
          .selectFrom('callback_requests')
          .selectAll()
          .where('tenant_id', '=', tenant.id)
          .where('conversation_id', '=', row.conversation_id)
          .where('request_id', '=', requestId)
          .executeTakeFirst());
      if (!current) throw notFound();
      // The answer carries no note: reading it is `list`, which is audited as a read.
      return open({ ...current, note: null });
    },
  };
}

export type CallbackRequests = ReturnType<typeof createCallbackRequests>;

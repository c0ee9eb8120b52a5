import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import type { Message } from './conversation.ts';
import { type ConversationKeyring, isUuid, openMessage } from './message-sealing.ts';

export const noSuchConversation = () => new AppError('not_found', 'No such conversation.');

export interface Preflight {
  readonly contactId: string;
  readonly status: string;
  readonly erased: boolean;
  /** Stored messages by client id, opened. */
  readonly repeats: ReadonlyMap<string, Message>;
}

/**
 * What a write needs to know, in one query: whose key seals it, whether it may happen, and which
 * of its client ids are already stored (repeats). Run before the first write to a conversation,
 * and to find out why a write was refused.
 */
export async function preflight(
  db: Kysely<Database>,
  keyring: ConversationKeyring,
  tenantId: string,
  conversationId: string,
  clientIds: readonly string[],
): Promise<Preflight> {
  if (!isUuid(conversationId)) throw noSuchConversation();
  const head = db
    .selectFrom('conversations as c')
    .leftJoin('contacts as k', (j) =>
      j.onRef('k.tenant_id', '=', 'c.tenant_id').onRef('k.contact_id', '=', 'c.contact_id'),
    )
    .select(['c.contact_id', 'c.status', 'k.erased_at'])
    .where('c.tenant_id', '=', tenantId)
    .where('c.conversation_id', '=', conversationId);
  const rows =
    clientIds.length === 0
      ? (await head.execute()).map((row) => ({ ...row, m: undefined }))
      : (
          await head
            .leftJoin('messages as m', (j) =>
              j
                .onRef('m.tenant_id', '=', 'c.tenant_id')
                .onRef('m.conversation_id', '=', 'c.conversation_id')
                .on('m.client_message_id', 'in', [...clientIds]),
            )
            .select([
              'm.seq',
              'm.message_id',
              'm.client_message_id',
              'm.contact_id as m_contact_id',
              'm.author_kind',
              'm.author_id',
              'm.internal',
              'm.body',
              'm.meta',
              'm.created_at',
            ])
            .execute()
        ).map((row) => ({ ...row, m: row }));
  const first = rows[0];
  if (!first) throw noSuchConversation();
  const repeats = new Map<string, Message>();
  for (const { m } of rows) {
    if (!m?.message_id) continue;
    const stored = {
      tenant_id: tenantId,
      conversation_id: conversationId,
      seq: m.seq!,
      message_id: m.message_id,
      client_message_id: m.client_message_id,
      contact_id: m.m_contact_id!,
      author_kind: m.author_kind!,
      author_id: m.author_id,
      internal: m.internal!,
      body: m.body!,
      meta: m.meta,
      created_at: m.created_at!,
    };
    repeats.set(m.client_message_id!, await openMessage(keyring, stored));
  }
  return { contactId: first.contact_id, status: first.status, erased: first.erased_at !== null, repeats };
}

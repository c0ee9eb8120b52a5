import type { Selectable, Transaction } from 'kysely';
import {
  decryptField,
  encryptField,
  type JsonValue,
  KeyDestroyed,
  type Keyring,
  readSealed,
} from '../../compliance/index.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { conversationColumns, messageColumns } from './conversation.columns.ts';
import type { MessageTable } from './conversation.table.ts';
import { AUTHOR_KINDS, type Message, type MessageMeta, type NewMessage } from './conversation.ts';

/**
 * The keyring the contact store uses (core/contacts): the contact's subject key seals and opens
 * everything here. Both calls hit the keyring's cache after the first use, so sealing a message
 * costs no database round trip. `eraseSubject` is for the one case where sealing may have
 * created a key for a person erased meanwhile (conversation-writer.ts).
 */
export type ConversationKeyring = Pick<
  Keyring<Transaction<Database>>,
  'encryptionKey' | 'decryptionKey' | 'eraseSubject'
>;

const BODY = messageColumns.columns.body;
const META = messageColumns.columns.meta;
const STATE = conversationColumns.columns.dialogue_state;

export const MAX_BODY_LENGTH = 20_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** A message ready for the insert: nothing in it is plaintext. */
export interface SealedMessage {
  readonly id: string;
  readonly input: NewMessage;
  readonly body: Buffer;
  readonly meta: Buffer | null;
  /** The attachments as stored (unknown attributes dropped), to hand back without opening. */
  readonly plainMeta: MessageMeta | null;
}

const invalid = (path: string, message: string) =>
  new AppError('validation_failed', 'The message is invalid.', { issues: [{ path, message }] });

/** Only the attributes we know, so nothing unexpected is sealed and handed back later. */
function cleanMeta(meta: MessageMeta | undefined): MessageMeta | null {
  if (meta === undefined) return null;
  if (typeof meta !== 'object' || meta === null) throw invalid('meta', 'expected an object');
  const { kind, citation, suggestions } = meta;
  if (kind !== undefined && typeof kind !== 'string') throw invalid('meta.kind', 'expected a string');
  if (
    citation !== undefined &&
    (typeof citation?.articleId !== 'string' || typeof citation?.title !== 'string')
  )
    throw invalid('meta.citation', 'expected { articleId, title }');
  if (
    suggestions !== undefined &&
    !(Array.isArray(suggestions) && suggestions.every((s) => typeof s === 'string'))
  )
    throw invalid('meta.suggestions', 'expected a list of strings');
  const clean = {
    ...(kind === undefined ? {} : { kind }),
    ...(citation === undefined ? {} : { citation: { articleId: citation.articleId, title: citation.title } }),
    ...(suggestions === undefined ? {} : { suggestions: [...suggestions] }),
  };
  return Object.keys(clean).length === 0 ? null : clean;
}

/** Checks a new message before anything is sealed or stored; throws `validation_failed`. */
export function checkNewMessage(message: NewMessage): MessageMeta | null {
  if (!(AUTHOR_KINDS as readonly string[]).includes(message.authorKind))
    throw invalid('authorKind', `expected one of: ${AUTHOR_KINDS.join(', ')}`);
  // An empty body is how an erased message reads; a stored one always says something.
  if (typeof message.body !== 'string' || message.body.length === 0 || message.body.length > MAX_BODY_LENGTH)
    throw invalid('body', `expected 1 to ${MAX_BODY_LENGTH} characters`);
  const { clientMessageId, authorId } = message;
  if (
    clientMessageId !== undefined &&
    (typeof clientMessageId !== 'string' || clientMessageId.length < 1 || clientMessageId.length > 128)
  )
    throw invalid('clientMessageId', 'expected 1 to 128 characters');
  if (authorId !== undefined && authorId !== null && !isUuid(authorId))
    throw invalid('authorId', 'expected a uuid');
  return cleanMeta(message.meta);
}

export async function sealMessage(
  keys: ConversationKeyring,
  at: { tenantId: string; contactId: string },
  id: string,
  input: NewMessage,
): Promise<SealedMessage> {
  const meta = checkNewMessage(input);
  const binding = { tenantId: at.tenantId, rowId: id, subjectId: at.contactId };
  return {
    id,
    input,
    body: Buffer.from(await encryptField(keys, BODY, binding, input.body)),
    meta: meta === null ? null : Buffer.from(await encryptField(keys, META, binding, meta as JsonValue)),
    plainMeta: meta,
  };
}

/** The stored message, opened; a destroyed key (crypto-erasure) gives an erased message, not an error. */
export async function openMessage(
  keys: ConversationKeyring,
  row: Selectable<MessageTable>,
): Promise<Message> {
  const base = {
    tenantId: row.tenant_id,
    conversationId: row.conversation_id,
    seq: row.seq,
    id: row.message_id,
    clientMessageId: row.client_message_id,
    authorKind: row.author_kind,
    authorId: row.author_id,
    internal: row.internal,
    createdAt: row.created_at,
  };
  const at = { tenantId: row.tenant_id, rowId: row.message_id, subjectId: row.contact_id };
  try {
    const body = await decryptField(keys, BODY, at, readSealed(BODY, row.body));
    const meta = row.meta === null ? null : await decryptField(keys, META, at, readSealed(META, row.meta));
    return { ...base, body, meta: meta as MessageMeta | null };
  } catch (error) {
    if (error instanceof KeyDestroyed) return { ...base, body: '', meta: null, erased: true };
    throw error;
  }
}

/** The assistant's state, sealed for (conversation, dialogue_state); null clears it. */
export async function sealState(
  keys: ConversationKeyring,
  at: { tenantId: string; contactId: string; conversationId: string },
  state: unknown,
): Promise<Buffer | null> {
  if (state === null) return null;
  let json: string | undefined;
  try {
    json = JSON.stringify(state);
  } catch {
    json = undefined;
  }
  if (json === undefined) throw invalid('dialogueState', 'expected a JSON value');
  const binding = { tenantId: at.tenantId, rowId: at.conversationId, subjectId: at.contactId };
  return Buffer.from(await encryptField(keys, STATE, binding, JSON.parse(json) as JsonValue));
}

/** The state, or undefined when there is none or the contact was erased. */
export async function openState(
  keys: ConversationKeyring,
  at: { tenantId: string; contactId: string; conversationId: string },
  bytes: Buffer | null,
): Promise<unknown | undefined> {
  if (bytes === null) return undefined;
  try {
    const context = { tenantId: at.tenantId, rowId: at.conversationId, subjectId: at.contactId };
    return await decryptField(keys, STATE, context, readSealed(STATE, bytes));
  } catch (error) {
    if (error instanceof KeyDestroyed) return undefined;
    throw error;
  }
}

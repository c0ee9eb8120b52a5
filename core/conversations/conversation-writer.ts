import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import type { EventBus } from '../realtime/event-bus.ts';
import type {
  Conversation,
  ConversationPatch,
  ConversationStatus,
  InTransaction,
  Message,
  NewMessage,
} from './conversation.ts';
import {
  checkPatch,
  isUniqueViolation,
  toConversation,
  type WritePlan,
  type Written,
  writeConversation,
} from './conversation-write.ts';
import {
  type ConversationKeyring,
  checkNewMessage,
  isUuid,
  sealMessage,
  sealState,
} from './message-sealing.ts';
import { noSuchConversation, type Preflight, preflight } from './write-preflight.ts';

export { noSuchConversation };

export interface ConversationWriterDeps {
  readonly db: Kysely<Database>;
  /** `eraseSubject` undoes a key the keyring may have created for a person erased meanwhile. */
  readonly keyring: ConversationKeyring;
  readonly bus: EventBus;
  readonly now?: () => Date;
}

/** Conversations whose contact this process knows (the pairing never changes). */
const KNOWN = 100_000;
const ATTEMPTS = 3;

export interface AppendChange {
  readonly patch?: ConversationPatch;
  readonly dialogueState?: unknown;
}

/**
 * The writes of the conversation store. A write seals outside any transaction (no connection is
 * held while a key is looked up) and then runs ONE statement (conversation-write.ts) that checks
 * everything itself: the conversation and its contact, its status, the contact's erasure, and
 * repeated client ids. Only the first write to a conversation in this process reads first (to
 * learn whose key seals it); a refused statement reads to say why. Once committed, the write is
 * published on the event bus.
 */
export function createConversationWriter(deps: ConversationWriterDeps) {
  const { db, keyring, bus } = deps;
  const now = deps.now ?? (() => new Date());
  const contactOf = new Map<string, string>();

  const remember = (key: string, contactId: string) => {
    contactOf.set(key, contactId);
    if (contactOf.size > KNOWN) contactOf.delete(contactOf.keys().next().value as string);
  };

  async function check(tenantId: string, conversationId: string, clientIds: readonly string[]) {
    const key = `${tenantId}/${conversationId}`;
    try {
      const known = await preflight(db, keyring, tenantId, conversationId, clientIds);
      remember(key, known.contactId);
      return known;
    } catch (error) {
      contactOf.delete(key);
      throw error;
    }
  }

  function refuse(state: Preflight): never {
    if (state.erased) throw new AppError('conflict', 'The conversation is closed: its contact was erased.');
    if (state.status === 'closed') throw new AppError('conflict', 'The conversation is closed.');
    throw new AppError('conflict', 'The conversation changed meanwhile; try again.');
  }

  function commit(plan: WritePlan, record?: InTransaction<Written>): Promise<Written | undefined> {
    if (!record) return writeConversation(db, plan);
    return db.transaction().execute(async (trx) => {
      const done = await writeConversation(trx, plan);
      if (done) await record(trx, done);
      return done;
    });
  }

  function messagesOf(plan: WritePlan, written: Written): Message[] {
    const first = written.row.last_seq - plan.messages.length + 1;
    return plan.messages.map((m, i) => ({
      tenantId: plan.tenantId,
      conversationId: plan.conversationId,
      seq: first + i,
      id: m.id,
      clientMessageId: m.input.clientMessageId ?? null,
      authorKind: m.input.authorKind,
      authorId: m.input.authorId ?? null,
      internal: m.input.internal === true,
      body: m.input.body,
      meta: m.plainMeta,
      createdAt: plan.at,
    }));
  }

  function publish(written: Written, messages: readonly Message[]) {
    for (const event of written.events)
      bus.publishCommitted(event, event.kind === 'message' ? messages : undefined);
  }

  /**
   * Messages (and a change) in one write; repeats of stored client ids are answered from storage.
   * `duplicate` is true when nothing was written because everything was a repeat.
   */
  async function appendAll(
    tenantId: string,
    conversationId: string,
    messages: readonly NewMessage[],
    change: AppendChange,
    record?: InTransaction<Message[]>,
  ): Promise<{ messages: Message[]; duplicate: boolean }> {
    for (const m of messages) checkNewMessage(m);
    if (change.patch) checkPatch(change.patch);
    if (!isUuid(conversationId)) throw noSuchConversation();
    const clientIds = messages.flatMap((m) => (m.clientMessageId === undefined ? [] : [m.clientMessageId]));
    const cached = contactOf.get(`${tenantId}/${conversationId}`);
    let known = cached === undefined ? await check(tenantId, conversationId, clientIds) : undefined;
    let contactId = known?.contactId ?? (cached as string);
    for (let attempt = 1; ; attempt++) {
      const repeats = known?.repeats ?? new Map<string, Message>();
      const fresh = messages.filter(
        (m) => m.clientMessageId === undefined || !repeats.has(m.clientMessageId),
      );
      const stored = new Map<NewMessage, Message>();
      const answer = () => messages.map((m) => stored.get(m) ?? repeats.get(m.clientMessageId!)!);
      // Every message already stored: a replay of a committed call, whose change is not applied again.
      if (messages.length > 0 && fresh.length === 0) return { messages: answer(), duplicate: true };
      if (known && (known.erased || (fresh.length > 0 && known.status === 'closed'))) refuse(known);
      const at = { tenantId, contactId, conversationId };
      const sealed = [];
      for (const m of fresh) sealed.push(await sealMessage(keyring, at, randomUUID(), m));
      const state =
        change.dialogueState === undefined ? undefined : await sealState(keyring, at, change.dialogueState);
      const plan: WritePlan = {
        ...at,
        messages: sealed,
        patch: change.patch,
        dialogueState: state,
        at: now(),
      };
      let written: Written | undefined;
      try {
        written = await commit(plan, record && ((trx, done) => record(trx, messagesOf(plan, done))));
      } catch (error) {
        // A repeat stored concurrently: this statement stored nothing; look again.
        if (!(clientIds.length > 0 && isUniqueViolation(error) && attempt < ATTEMPTS)) throw error;
        known = await check(tenantId, conversationId, clientIds);
        contactId = known.contactId;
        continue;
      }
      if (written) {
        const created = messagesOf(plan, written);
        publish(written, created);
        for (const [i, m] of fresh.entries()) stored.set(m, created[i]!);
        return { messages: answer(), duplicate: false };
      }
      known = await check(tenantId, conversationId, clientIds);
      // Sealing may have made the keyring create a key for a person erased since: none may live.
      if (known.erased) await keyring.eraseSubject(tenantId, contactId);
      if (attempt >= ATTEMPTS) refuse(known);
      contactId = known.contactId;
    }
  }

  async function change(
    tenantId: string,
    conversationId: string,
    expected: { readonly status: ConversationStatus } | undefined,
    patch: ConversationPatch,
    record?: InTransaction<Conversation>,
  ): Promise<Conversation | undefined> {
    checkPatch(patch);
    if (!isUuid(conversationId)) throw noSuchConversation();
    const contactId =
      contactOf.get(`${tenantId}/${conversationId}`) ?? (await check(tenantId, conversationId, [])).contactId;
    const plan: WritePlan = {
      tenantId,
      conversationId,
      contactId,
      messages: [],
      patch,
      expectedStatus: expected?.status,
      at: now(),
    };
    const written = await commit(plan, record && ((trx, done) => record(trx, toConversation(done.row))));
    if (!written) {
      const state = await check(tenantId, conversationId, []);
      if (expected) return undefined;
      refuse(state);
    }
    publish(written, []);
    return toConversation(written.row);
  }

  return {
    /** A conversation read elsewhere: its first write needs no read of its own. */
    remember: (conversation: Conversation) =>
      remember(`${conversation.tenantId}/${conversation.id}`, conversation.contactId),
    async appendOne(
      tenantId: string,
      conversationId: string,
      input: NewMessage,
      record?: InTransaction<Message>,
    ) {
      const done = await appendAll(
        tenantId,
        conversationId,
        [input],
        {},
        record && ((trx, written) => record(trx, written[0]!)),
      );
      return { message: done.messages[0]!, duplicate: done.duplicate };
    },
    appendMany: async (
      tenantId: string,
      conversationId: string,
      messages: readonly NewMessage[],
      change: AppendChange = {},
      record?: InTransaction<Message[]>,
    ) => (await appendAll(tenantId, conversationId, messages, change, record)).messages,
    change,
  };
}

import type { Kysely } from 'kysely';
import type { Conversation, Message, NewMessage } from '../conversations/conversation.ts';
import type { Database } from '../db/schema.ts';
import { queuePosition } from './queue-position.store.ts';
import {
  asksForCallback,
  callbackHowTo,
  nextOpeningAt,
  outOfHoursText,
  positionText,
  queueOpen,
} from './queue-position.ts';
import { getQueue } from './routing-queue.store.ts';

/** What the assistant tells a contact it has handed over (core/assistant `AssistantDeps.waiting`). */
export interface WaitingNotices {
  /**
   * The bot message that follows a hand-off reply: in business hours the place in line and the
   * expected wait; out of hours the queue's message and the callback offer. Undefined once the
   * conversation is no longer waiting (an agent already took it). Its clientMessageId derives
   * from the contact's message that triggered the hand-off, so a repeated turn stores it once.
   */
  afterHandoff(
    tenantId: string,
    conversationId: string,
    triggerSeq: number,
    now: Date,
  ): Promise<NewMessage | undefined>;
  /** While waiting out of hours, the callback words are answered with how to ask for one. */
  whileWaiting(conversation: Conversation, message: Message, now: Date): Promise<NewMessage | undefined>;
}

export function createWaitingNotices(deps: { readonly db: Kysely<Database> }): WaitingNotices {
  const { db } = deps;
  return {
    async afterHandoff(tenantId, conversationId, triggerSeq, now) {
      const place = await queuePosition(db, tenantId, conversationId, now);
      if (place?.status !== 'queued' || place.queueId === null || place.position === null) return undefined;
      const queue = await getQueue(db, tenantId, place.queueId);
      const hours = queue?.businessHours ?? null;
      const clientMessageId = `bot:${triggerSeq}:queue`;
      if (queueOpen(hours, now)) {
        return {
          authorKind: 'bot',
          clientMessageId,
          body: positionText(
            { position: place.position, expectedWaitSeconds: place.expectedWaitSeconds },
            place.locale,
          ),
          meta: { kind: 'queue-position' },
        };
      }
      const at = nextOpeningAt(hours, now);
      return {
        authorKind: 'bot',
        clientMessageId,
        body: outOfHoursText(
          queue?.outOfHoursMessage ?? null,
          at && hours ? { at, timeZone: hours.timeZone } : null,
          place.locale,
        ),
        meta: { kind: 'out-of-hours' },
      };
    },

    async whileWaiting(conversation, message, now) {
      if (conversation.status !== 'queued' || !conversation.queueId || message.authorKind !== 'contact')
        return undefined;
      if (!asksForCallback(message.body)) return undefined;
      const queue = await getQueue(db, conversation.tenantId, conversation.queueId);
      // The offer is made out of hours only; in hours an agent reads the message when they take it.
      if (queueOpen(queue?.businessHours ?? null, now)) return undefined;
      return {
        authorKind: 'bot',
        clientMessageId: `bot:${message.seq}:callback-how-to`,
        body: callbackHowTo(conversation.locale),
        meta: { kind: 'callback-how-to' },
      };
    },
  };
}

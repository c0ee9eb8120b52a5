import { AUTHOR_KINDS, type AuthorKind } from '../conversations/conversation.ts';
import type { ConversationEvent } from './event-bus.ts';

/**
 * The NOTIFY payload: ids and counters only, never personal data (anyone who may LISTEN on the
 * database sees it, and PostgreSQL may log it). Compact JSON with a fixed key order.
 * PostgreSQL refuses payloads of 8000 bytes or more; ours stay under 400.
 *
 *   {"v":1,"t":<tenant>,"c":<conversation>,"k":<kind>,"s":<seq>,"a":<author kind>,"o":<typing on>,"p":<process>}
 */
export const PAYLOAD_VERSION = 1;
export const MAX_PAYLOAD_BYTES = 1000;

const KINDS = ['message', 'status', 'typing'] as const;
// Ids are uuids or similar tokens: nothing that needs escaping, nothing long.
const TOKEN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

export interface Notification {
  readonly event: ConversationEvent;
  /** The process that wrote it, which has already delivered it to its own subscribers. */
  readonly processId: string;
}

export class InvalidEvent extends TypeError {
  override readonly name = 'InvalidEvent';
}

function check(event: ConversationEvent, processId: string): void {
  for (const [name, value] of [
    ['tenantId', event.tenantId],
    ['conversationId', event.conversationId],
    ['processId', processId],
  ] as const) {
    if (typeof value !== 'string' || !TOKEN.test(value)) throw new InvalidEvent(`${name} is not an id`);
  }
  if (!(KINDS as readonly string[]).includes(event.kind)) throw new InvalidEvent('unknown event kind');
  if (event.authorKind !== undefined && !(AUTHOR_KINDS as readonly string[]).includes(event.authorKind))
    throw new InvalidEvent('unknown author kind');
  if (event.seq !== undefined && !(Number.isSafeInteger(event.seq) && event.seq >= 0))
    throw new InvalidEvent('seq is not a count');
}

export function encodePayload(event: ConversationEvent, processId: string): string {
  check(event, processId);
  const q = JSON.stringify;
  const ids = `{"v":${PAYLOAD_VERSION},"t":${q(event.tenantId)},"c":${q(event.conversationId)},"k":${q(event.kind)}`;
  const author = event.authorKind === undefined ? '' : `,"a":${q(event.authorKind)}`;
  const on = event.on === undefined ? '' : `,"o":${event.on === true}`;
  const tail = `${author}${on},"p":${q(processId)}}`;
  const payload = event.seq === undefined ? `${ids}${tail}` : `${ids},"s":${event.seq}${tail}`;
  if (Buffer.byteLength(payload) >= MAX_PAYLOAD_BYTES) throw new InvalidEvent('payload too long');
  return payload;
}

/** The event a payload carries; undefined for anything that is not a well-formed payload of ours. */
export function decodePayload(payload: string): Notification | undefined {
  if (payload.length >= MAX_PAYLOAD_BYTES) return undefined;
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(payload) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || value.v !== PAYLOAD_VERSION) return undefined;
  const { t, c, k, s, a, o, p } = value;
  if (s !== undefined && typeof s !== 'number') return undefined;
  if (o !== undefined && typeof o !== 'boolean') return undefined;
  const event = {
    tenantId: t,
    conversationId: c,
    kind: k,
    ...(s === undefined ? {} : { seq: s }),
    ...(a === undefined ? {} : { authorKind: a as AuthorKind }),
    ...(o === undefined ? {} : { on: o }),
  } as ConversationEvent;
  try {
    check(event, p as string);
  } catch {
    return undefined;
  }
  return { event, processId: p as string };
}

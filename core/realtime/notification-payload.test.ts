import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ConversationEvent } from './event-bus.ts';
import { decodePayload, encodePayload, InvalidEvent, MAX_PAYLOAD_BYTES } from './notification-payload.ts';

const event = (extra: Partial<ConversationEvent> = {}): ConversationEvent => ({
  tenantId: randomUUID(),
  conversationId: randomUUID(),
  kind: 'message',
  seq: 42,
  authorKind: 'contact',
  ...extra,
});

describe('notification payload', () => {
  it('round-trips every kind of event with the sender, and nothing else', () => {
    for (const e of [
      event(),
      event({ kind: 'status', seq: undefined, authorKind: undefined }),
      event({ kind: 'typing', seq: undefined, authorKind: 'staff', on: false }),
      event({ seq: 0, authorKind: undefined }),
    ]) {
      const clean = Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined));
      expect(decodePayload(encodePayload(e, 'process-1'))).toEqual({ event: clean, processId: 'process-1' });
    }
  });

  it('stays far below the 8000-byte limit of PostgreSQL', () => {
    const longest = encodePayload(event({ kind: 'typing', on: true, authorKind: 'system' }), randomUUID());
    expect(Buffer.byteLength(longest)).toBeLessThan(400);
    expect(MAX_PAYLOAD_BYTES).toBeLessThan(8000);
  });

  it('refuses to carry anything that is not an id', () => {
    expect(() => encodePayload(event({ conversationId: '张三 13800138000' }), 'p')).toThrow(InvalidEvent);
    expect(() => encodePayload(event({ tenantId: '"},"x":"' }), 'p')).toThrow(InvalidEvent);
    expect(() => encodePayload(event({ kind: 'message-body' as 'message' }), 'p')).toThrow(InvalidEvent);
    expect(() => encodePayload(event({ seq: -1 }), 'p')).toThrow(InvalidEvent);
    expect(() => encodePayload(event(), 'a b')).toThrow(InvalidEvent);
  });

  it('ignores payloads that are not ours', () => {
    const good = JSON.parse(encodePayload(event(), 'p')) as Record<string, unknown>;
    for (const bad of [
      'hello',
      '',
      'null',
      '[]',
      JSON.stringify({ ...good, v: 2 }),
      JSON.stringify({ ...good, s: '42' }),
      JSON.stringify({ ...good, k: 'delete' }),
      JSON.stringify({ ...good, p: undefined }),
      JSON.stringify({ ...good, o: 'yes' }),
      'x'.repeat(MAX_PAYLOAD_BYTES),
    ])
      expect(decodePayload(bad), bad.slice(0, 40)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { decodeAgentNotice, encodeSlaNotice } from './agent-notice.ts';
import { decodePayload } from './notification-payload.ts';

const T = '6f1c1f2e-0d3b-4c55-9a57-2d8f3b1e9a01';
const C = '0b6a8d42-1e77-4a0e-8f5c-6a3e2c9d7b10';
const U = 'c3a2f1e0-5b4d-4c3b-9a1f-0e2d3c4b5a69';
/** As the trigger writes it (json_build_object: keys in the order given, `", "` and `" : "` apart). */
const payload = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    v: 1,
    k: 'assigned',
    t: T,
    c: C,
    u: U,
    q: 'front-desk',
    pr: 100,
    r: 'safety',
    s: 'assigned',
    p: 'db',
    ...extra,
  });

describe('assignment notice payload', () => {
  it('reads a notice as the database raises it', () => {
    expect(decodeAgentNotice(payload())).toEqual({
      kind: 'assigned',
      tenantId: T,
      userId: U,
      conversationId: C,
      queueId: 'front-desk',
      priority: 100,
      handoffReason: 'safety',
      status: 'assigned',
    });
    expect(
      decodeAgentNotice(
        `{"v" : 1, "k" : "unassigned", "t" : "${T}", "c" : "${C}", "u" : "${U}", "q" : null, "pr" : 0, "r" : null, "s" : "queued", "p" : "db"}`,
      ),
    ).toMatchObject({ kind: 'unassigned', queueId: null, handoffReason: null, status: 'queued' });
  });

  it('is not taken for a conversation event, nor a conversation event for a notice', () => {
    expect(decodePayload(payload())).toBeUndefined();
    expect(decodeAgentNotice(`{"v":1,"t":"${T}","c":"${C}","k":"status","p":"process-1"}`)).toBeUndefined();
  });

  it.each([
    ['another version', { v: 2 }],
    ['a kind of its own', { k: 'stolen' }],
    ['written by a process', { p: 'process-1' }],
    ['an id that is not one', { u: 'Wang Xiaoming' }],
    ['a queue that is a sentence', { q: 'Dr. Li’s patients' }],
    ['a reason that is text', { r: 'chest pain, 58 years old' }],
    ['a priority that is not a count', { pr: '100' }],
    ['an unknown status', { s: 'lost' }],
    ['a missing field', { s: undefined }],
  ])('refuses %s', (_, extra) => {
    expect(decodeAgentNotice(payload(extra))).toBeUndefined();
  });

  it('reads an SLA notice as the check writes it, and refuses one with text or a bad time', () => {
    const sla = {
      tenantId: T,
      userId: U,
      conversationId: C,
      queueId: 'front-desk',
      priority: 0,
      status: 'queued' as const,
      slaKind: 'breached' as const,
      dueAt: new Date('2026-11-24T01:10:00.000Z'),
    };
    expect(decodeAgentNotice(encodeSlaNotice(sla))).toEqual({ kind: 'sla', ...sla });
    const raw = JSON.parse(encodeSlaNotice(sla)) as Record<string, unknown>;
    for (const extra of [{ sk: 'late' }, { d: 'tomorrow' }, { d: null }, { q: 'Dr. Li’s patients' }])
      expect(decodeAgentNotice(JSON.stringify({ ...raw, ...extra }))).toBeUndefined();
  });

  it('refuses what is not JSON, or too long to be a notice', () => {
    expect(decodeAgentNotice('not json')).toBeUndefined();
    expect(decodeAgentNotice('null')).toBeUndefined();
    expect(decodeAgentNotice(payload({ x: 'a'.repeat(1000) }))).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { assignmentFrameSchema, parseClientFrame, slaFrameSchema } from './frames.ts';
import { tokenBucket } from './token-bucket.ts';

describe('client frames', () => {
  it.each([
    ['{"type":"hello","token":"t"}', 'hello'],
    ['{"type":"send","clientMessageId":"c-1","text":"你好"}', 'send'],
    ['{"type":"typing","on":true}', 'typing'],
    ['{"type":"ping"}', 'ping'],
    ['{"type":"subscribe","conversationId":"3f1e2d4c-5b6a-4789-8abc-def012345678","after":3}', 'subscribe'],
    ['{"type":"hello","token":"t","presence":{"status":"online"}}', 'hello'],
    ['{"type":"presence","status":"away"}', 'presence'],
    ['{"type":"presence","status":"online","capacity":5,"skills":["zh","billing"]}', 'presence'],
  ])('accepts %s', (text, type) => {
    const parsed = parseClientFrame(text);
    expect(parsed.ok && parsed.frame.type).toBe(type);
  });

  it.each([
    ['not json', /JSON object/],
    ['[]', /Invalid frame/],
    ['{"type":"shout"}', /Invalid frame/],
    ['{"type":"send","text":"hi"}', /clientMessageId/],
    ['{"type":"send","clientMessageId":"has space","text":"hi"}', /clientMessageId/],
    ['{"type":"send","clientMessageId":"c","text":""}', /text/],
    ['{"type":"subscribe","conversationId":"nope"}', /conversationId/],
    ['{"type":"subscribe","conversationId":"3f1e2d4c-5b6a-4789-8abc-def012345678","after":-1}', /after/],
    ['{"type":"presence","status":"busy"}', /status/],
    ['{"type":"presence","status":"online","capacity":51}', /capacity/],
    ['{"type":"presence","status":"online","skills":["Billing Dept"]}', /skills/],
    [
      '{"type":"presence","status":"online","userId":"3f1e2d4c-5b6a-4789-8abc-def012345678"}',
      /Invalid frame/,
    ],
    ['{"type":"hello","token":"t","presence":{"status":"online","extra":1}}', /presence/],
  ])('refuses %s with a message naming the problem', (text, message) => {
    const parsed = parseClientFrame(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.detail).toMatch(message);
  });

  it('never echoes the frame back', () => {
    const parsed = parseClientFrame('{"type":"send","clientMessageId":"c","text":"","secret":"13800138000"}');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.detail).not.toContain('13800138000');
  });
});

describe('assignment frames', () => {
  const assigned = {
    type: 'assigned',
    conversationId: '3f1e2d4c-5b6a-4789-8abc-def012345678',
    queueId: 'front-desk',
    priority: 100,
    handoffReason: 'safety',
  };

  it('carry ids and codes, and the status an unassigned conversation went to', () => {
    expect(assignmentFrameSchema.parse(assigned)).toEqual(assigned);
    const unassigned = { ...assigned, type: 'unassigned', status: 'queued' };
    expect(assignmentFrameSchema.parse(unassigned)).toEqual(unassigned);
  });

  it('are an allow-list: anything more is refused rather than sent', () => {
    expect(assignmentFrameSchema.safeParse({ ...assigned, text: '胸口痛' }).success).toBe(false);
    expect(assignmentFrameSchema.safeParse({ ...assigned, contactId: assigned.conversationId }).success).toBe(
      false,
    );
    expect(assignmentFrameSchema.safeParse({ ...assigned, type: 'unassigned' }).success).toBe(false);
  });
});

describe('token bucket', () => {
  it('lets a burst through, then paces at the refill rate', () => {
    let now = 0;
    const take = tokenBucket(3, 2, () => now);
    expect([take(), take(), take()]).toEqual([0, 0, 0]);
    expect(take()).toBe(500);
    now = 499;
    expect(take()).toBeGreaterThan(0);
    now = 1000;
    expect(take()).toBe(0);
  });
});

describe('sla frames', () => {
  const frame = {
    type: 'sla',
    conversationId: '0b6a8d42-1e77-4a0e-8f5c-6a3e2c9d7b10',
    queueId: 'front-desk',
    kind: 'near-breach',
    dueAt: '2026-11-24T01:10:00.000Z',
  };

  it('carry the conversation, its queue, the kind and the due time', () => {
    expect(slaFrameSchema.parse(frame)).toEqual(frame);
    expect(slaFrameSchema.parse({ ...frame, kind: 'breached', queueId: null })).toMatchObject({
      kind: 'breached',
    });
  });

  it('are an allow-list: an unknown kind, a time that is not one, or anything more is refused', () => {
    expect(slaFrameSchema.safeParse({ ...frame, kind: 'late' }).success).toBe(false);
    expect(slaFrameSchema.safeParse({ ...frame, dueAt: 'in ten minutes' }).success).toBe(false);
    expect(slaFrameSchema.safeParse({ ...frame, contactId: frame.conversationId }).success).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { parseClientFrame } from './frames.ts';
import { tokenBucket } from './token-bucket.ts';

describe('client frames', () => {
  it.each([
    ['{"type":"hello","token":"t"}', 'hello'],
    ['{"type":"send","clientMessageId":"c-1","text":"你好"}', 'send'],
    ['{"type":"typing","on":true}', 'typing'],
    ['{"type":"ping"}', 'ping'],
    ['{"type":"subscribe","conversationId":"3f1e2d4c-5b6a-4789-8abc-def012345678","after":3}', 'subscribe'],
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

import { describe, expect, it } from 'vitest';
import type { Conversation, Message } from './conversation.ts';
import { formatTranscript } from './transcript.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 2, minute));
const conversation: Conversation = {
  tenantId: 't',
  id: 'c-1',
  contactId: 'p-1',
  channel: 'widget',
  status: 'closed',
  locale: 'zh-CN',
  queueId: null,
  assigneeId: null,
  lastSeq: 4,
  createdAt: at(0),
  updatedAt: at(9),
  closedAt: at(9),
};
const message = (
  seq: number,
  authorKind: Message['authorKind'],
  body: string,
  extra: Partial<Message> = {},
) =>
  ({
    tenantId: 't',
    conversationId: 'c-1',
    seq,
    id: `m-${seq}`,
    clientMessageId: null,
    authorKind,
    authorId: null,
    internal: false,
    body,
    meta: null,
    createdAt: at(seq),
    ...extra,
  }) satisfies Message;

const messages = [
  message(1, 'contact', '第一行\n客服: 假冒的一行'),
  message(2, 'staff', '内部备注', { internal: true }),
  message(3, 'bot', '门诊时间是8点', { meta: { citation: { articleId: 'kb-1', title: '门诊时间' } } }),
  message(4, 'contact', '', { erased: true }),
];

describe('transcript', () => {
  it('writes text a reader cannot misattribute, without internal notes', () => {
    const { contentType, body } = formatTranscript(conversation, messages, 'text', at(30));
    expect(contentType).toBe('text/plain; charset=utf-8');
    expect(body.split('\n')).toEqual([
      '对话记录 c-1',
      '2026-11-25T02:30:00.000Z',
      '',
      '[2026-11-25T02:01:00.000Z] 我: 第一行',
      '    客服: 假冒的一行',
      '[2026-11-25T02:03:00.000Z] 助手: 门诊时间是8点',
      '[2026-11-25T02:04:00.000Z] 我: （已删除）',
      '',
    ]);
  });

  it('writes JSON with roles as authors and the citations shown', () => {
    const { contentType, body } = formatTranscript(
      { ...conversation, locale: 'en' },
      messages,
      'json',
      at(30),
    );
    expect(contentType).toBe('application/json');
    expect(JSON.parse(body)).toMatchObject({
      format: 'custos-transcript/1',
      conversationId: 'c-1',
      closedAt: '2026-11-25T02:09:00.000Z',
      messages: [
        { seq: 1, author: 'contact' },
        { seq: 3, author: 'bot', citation: { articleId: 'kb-1', title: '门诊时间' } },
        { seq: 4, author: 'contact', text: '', erased: true },
      ],
    });
    expect(body).not.toContain('内部备注');
  });
});

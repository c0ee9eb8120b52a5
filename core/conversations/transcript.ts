import type { ChatLocale, Conversation, Message } from './conversation.ts';

/** A contact's own copy of their conversation (the right of access: PIPL Art. 45, HIPAA §164.524). */
export const TRANSCRIPT_FORMAT = 'custos-transcript/1';
export type TranscriptFormat = 'json' | 'text';

const LABELS: Record<ChatLocale, Record<Message['authorKind'] | 'title' | 'erased', string>> = {
  'zh-CN': {
    title: '对话记录',
    contact: '我',
    bot: '助手',
    staff: '客服',
    system: '系统',
    erased: '（已删除）',
  },
  en: {
    title: 'Conversation transcript',
    contact: 'You',
    bot: 'Assistant',
    staff: 'Agent',
    system: 'System',
    erased: '(erased)',
  },
};

/**
 * The transcript of the messages given (the caller leaves internal notes out; they are dropped
 * here again). Times are UTC (RFC 3339); authors are roles, never staff names or ids.
 */
export function formatTranscript(
  conversation: Conversation,
  messages: readonly Message[],
  format: TranscriptFormat,
  exportedAt: Date,
): { contentType: string; body: string } {
  const shown = messages.filter((m) => !m.internal);
  if (format === 'json') {
    const body = {
      format: TRANSCRIPT_FORMAT,
      conversationId: conversation.id,
      channel: conversation.channel,
      locale: conversation.locale,
      startedAt: conversation.createdAt.toISOString(),
      closedAt: conversation.closedAt?.toISOString() ?? null,
      exportedAt: exportedAt.toISOString(),
      messages: shown.map((m) => ({
        seq: m.seq,
        author: m.authorKind,
        text: m.body,
        sentAt: m.createdAt.toISOString(),
        ...(m.erased ? { erased: true } : {}),
        ...(m.meta?.citation ? { citation: m.meta.citation } : {}),
      })),
    };
    return { contentType: 'application/json', body: `${JSON.stringify(body, null, 2)}\n` };
  }
  const labels = LABELS[conversation.locale];
  const lines = [`${labels.title} ${conversation.id}`, `${exportedAt.toISOString()}`, ''];
  for (const m of shown) {
    const text = m.erased ? labels.erased : m.body;
    // Continuation lines are indented, so a message cannot pass itself off as another author's.
    lines.push(
      `[${m.createdAt.toISOString()}] ${labels[m.authorKind]}: ${text.split(/\r\n|\r|\n/).join('\n    ')}`,
    );
  }
  return { contentType: 'text/plain; charset=utf-8', body: `${lines.join('\n')}\n` };
}

import type { Message } from '../conversations/conversation.ts';
import type { WireMessage } from './frames.ts';

/** A stored message as channels show it: the text and what the assistant attached, no author id. */
export function toWireMessage(message: Message): WireMessage {
  const meta = message.meta;
  return {
    id: message.id,
    seq: message.seq,
    clientMessageId: message.clientMessageId,
    authorKind: message.authorKind,
    text: message.body,
    ...(message.internal ? { internal: true as const } : {}),
    ...(meta?.kind ? { kind: meta.kind } : {}),
    ...(meta?.citation ? { citation: meta.citation } : {}),
    ...(meta?.suggestions ? { suggestions: [...meta.suggestions] } : {}),
    createdAt: message.createdAt.toISOString(),
  };
}

/**
 * What a messaging provider's adapter (SMS, WeChat; integrations/) implements to join the
 * conversation engine. Core normalises inbound messages into the same `send` the widget and REST
 * channels use and hands outbound messages to `deliver`; the adapter owns the provider's
 * protocol, signatures and retries.
 *
 * Providers retry webhooks, so `providerMessageId` is the idempotency key: it becomes the stored
 * message's clientMessageId (prefixed with the channel id), and a retried webhook stores nothing
 * twice. Outbound delivery carries the stored message id as the provider's idempotency key where
 * the provider supports one, and receipts refer back to it.
 */
export interface InboundMessage {
  /** The provider's id of the message: the idempotency key across provider retries. */
  readonly providerMessageId: string;
  /** The sender's address at the provider (phone number, OpenID); resolved to a contact by core. */
  readonly from: string;
  readonly text: string;
  readonly receivedAt: Date;
}

export interface OutboundMessage {
  readonly messageId: string;
  readonly to: string;
  readonly text: string;
}

export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'failed';

export interface DeliveryReceipt {
  readonly messageId: string;
  readonly status: DeliveryStatus;
  readonly at: Date;
  /** The provider's reason for a failure, free of personal data. */
  readonly reason?: string;
}

export interface ChannelAdapter {
  /** Stable id, stored in `conversations.channel` ('sms', 'wechat'). */
  readonly id: string;
  /** Verifies and parses a provider webhook; throws AppError('unauthenticated') on a bad signature. */
  parseInbound(request: { headers: Headers; body: string }): Promise<readonly InboundMessage[]>;
  /** Sends one message; resolves with the first receipt (usually 'queued' or 'sent'). */
  deliver(message: OutboundMessage): Promise<DeliveryReceipt>;
  /** Parses a provider's delivery-receipt callback, when it has one. */
  parseReceipt?(request: { headers: Headers; body: string }): Promise<readonly DeliveryReceipt[]>;
}

/** The clientMessageId under which an inbound provider message is stored. */
export const inboundMessageKey = (adapter: Pick<ChannelAdapter, 'id'>, message: InboundMessage) =>
  `${adapter.id}:${message.providerMessageId}`.slice(0, 64);

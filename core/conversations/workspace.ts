import type { ChatLocale, ConversationStatus } from './conversation.ts';

/**
 * Why staff closed a conversation: a closed vocabulary, so reports count them and no free text
 * (which could name a person) is stored with the code. A note, if any, is an internal message.
 */
export const DISPOSITIONS = [
  // The person's question was answered or their request done.
  'resolved',
  // The person stopped answering.
  'no-response',
  // Handed to someone outside the chat (a clinician, the registrar's office, a callback).
  'escalated',
  // Moved to another channel or system (phone, e-mail, a ticket).
  'transferred-out',
  // The same request is handled in another conversation.
  'duplicate',
  // Not a real enquiry.
  'spam',
] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** Closing with these asks the contact to rate the conversation; the others do not. */
export const CSAT_DISPOSITIONS: readonly Disposition[] = [
  'resolved',
  'no-response',
  'escalated',
  'transferred-out',
];

export const isDisposition = (value: unknown): value is Disposition =>
  (DISPOSITIONS as readonly unknown[]).includes(value);

/** The inbox views: my open conversations, what waits for me, what I closed lately. */
export const INBOX_VIEWS = ['assigned', 'queue', 'recent'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

/** How far back the `recent` view looks. */
export const RECENT_DAYS = 7;

/**
 * One inbox entry: routing and activity metadata, never a message body or a name. Every field
 * but `id` is optional: the caller sees only what their ability permits (`pickPermitted`).
 */
export interface InboxItem {
  readonly id: string;
  readonly status?: ConversationStatus;
  readonly channel?: string;
  readonly locale?: ChatLocale;
  readonly queueId?: string | null;
  readonly assigneeId?: string | null;
  readonly priority?: number;
  readonly handoffReason?: string | null;
  /** When it started waiting for staff (kept across transfers). */
  readonly queuedAt?: Date | null;
  readonly slaFirstResponseDue?: Date | null;
  readonly slaResolutionDue?: Date | null;
  readonly lastMessageAt?: Date | null;
  /** The contact's messages since the last staff reply (internal notes are not replies). */
  readonly unreadCount?: number;
  readonly disposition?: Disposition | null;
  readonly closedBy?: string | null;
  readonly createdAt?: Date;
  readonly closedAt?: Date | null;
}

/** A transfer: to a queue (back to waiting) or straight to a colleague. */
export type TransferTarget = { readonly toQueueId: string } | { readonly toUserId: string };

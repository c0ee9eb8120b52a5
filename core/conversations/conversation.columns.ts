import { defineColumns } from '../../compliance/index.ts';

/**
 * The classification of every column of `conversations` and `messages` (DESIGN §2.1).
 * conversation.schema.db.test.ts requires each migrated column to appear here and each personal
 * column to be `bytea`. What a person types is personal whatever it says (a symptom, a child's
 * name), so message bodies, the assistant's attachments and its dialogue state (the slots it
 * filled from what was typed) are sealed under the contact's own key: erasing the contact erases
 * them, backups included.
 */
export const conversationColumns = defineColumns('conversations', {
  tenant_id: { classification: 'internal' },
  conversation_id: { classification: 'internal' },
  contact_id: { classification: 'internal' },
  channel: { classification: 'internal' },
  status: { classification: 'internal' },
  locale: { classification: 'internal' },
  queue_id: { classification: 'internal' },
  assignee_id: { classification: 'internal' },
  // Staff ids copied from the contact, so authorization needs no join.
  care_team: { classification: 'internal' },
  school_id: { classification: 'internal' },
  priority: { classification: 'internal' },
  last_seq: { classification: 'internal' },
  dialogue_state: { classification: 'pii', subjectKeyed: true, codec: 'json' },
  created_at: { classification: 'internal' },
  updated_at: { classification: 'internal' },
  closed_at: { classification: 'internal' },
  // Routing (core/routing): skill codes, times and a reason code, nothing the person typed.
  required_skills: { classification: 'internal' },
  queued_at: { classification: 'internal' },
  assigned_at: { classification: 'internal' },
  first_response_at: { classification: 'internal' },
  handoff_reason: { classification: 'internal' },
  sla_first_response_due: { classification: 'internal' },
  sla_resolution_due: { classification: 'internal' },
  // Workspace (workspace.migrations.ts): who closed it (a staff id), why (a disposition code),
  // and when the contact was asked to rate it.
  closed_by: { classification: 'internal' },
  disposition: { classification: 'internal' },
  csat_requested_at: { classification: 'internal' },
  // SLA events (core/routing/sla-events.migrations.ts): when the first-response target came near
  // and when it passed unanswered; times only.
  sla_near_breach_at: { classification: 'internal' },
  sla_breached_at: { classification: 'internal' },
});

export const messageColumns = defineColumns('messages', {
  tenant_id: { classification: 'internal' },
  conversation_id: { classification: 'internal' },
  seq: { classification: 'internal' },
  // The row id bound into the ciphertexts, and the walk order of key rotation.
  message_id: { classification: 'internal' },
  // A token the client chose for retries; it carries nothing of the text.
  client_message_id: { classification: 'internal' },
  // The data subject whose key seals the row (copied from the conversation for key rotation).
  contact_id: { classification: 'internal' },
  author_kind: { classification: 'internal' },
  author_id: { classification: 'internal' },
  internal: { classification: 'internal' },
  body: { classification: 'pii', subjectKeyed: true },
  meta: { classification: 'pii', subjectKeyed: true, codec: 'json' },
  created_at: { classification: 'internal' },
});

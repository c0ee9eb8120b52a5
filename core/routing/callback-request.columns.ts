import { defineColumns } from '../../compliance/index.ts';

/**
 * `callback_requests`: a waiting contact asks to be called back (core/routing/README.md, "What
 * the waiting contact is told"). The note is what the person typed, so it is sealed under their
 * own key and bound to the request id: erasing the contact erases it, backups included. The
 * preferred window is a part-of-day code or an instant, the rest are ids, codes and times.
 */
export const callbackRequestColumns = defineColumns('callback_requests', {
  tenant_id: { classification: 'internal' },
  // The row id bound into the note's ciphertext.
  request_id: { classification: 'internal' },
  conversation_id: { classification: 'internal' },
  // The data subject whose key seals the note.
  contact_id: { classification: 'internal' },
  // The queue the conversation waited in when asked, for reports; the overview counts by the
  // conversation's current queue.
  queue_id: { classification: 'internal' },
  requested_at: { classification: 'internal' },
  // `morning` / `afternoon` / `evening` (core/booking part-of-day), or null.
  preferred_part: { classification: 'internal' },
  preferred_at: { classification: 'internal' },
  note: { classification: 'pii', subjectKeyed: true },
  status: { classification: 'internal' },
  done_at: { classification: 'internal' },
  // A staff id.
  done_by: { classification: 'internal' },
});

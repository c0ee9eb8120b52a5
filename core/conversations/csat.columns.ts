import { defineColumns } from '../../compliance/index.ts';

/**
 * `csat_responses`: a contact's rating of a closed conversation. The score is a number from 1 to 5;
 * the comment is what the person typed, so it is sealed under their own key (erasing them erases
 * it) and bound to the conversation id, unique per tenant, which key rotation walks by.
 */
export const csatColumns = defineColumns('csat_responses', {
  tenant_id: { classification: 'internal' },
  conversation_id: { classification: 'internal' },
  // The data subject whose key seals the comment.
  contact_id: { classification: 'internal' },
  // Copied from the conversation when it was rated, so rules and reports need no join.
  queue_id: { classification: 'internal' },
  assignee_id: { classification: 'internal' },
  score: { classification: 'internal' },
  comment: { classification: 'pii', subjectKeyed: true },
  created_at: { classification: 'internal' },
});

import { defineColumns } from '../../compliance/index.ts';

/**
 * `canned_replies`: tenant content, like knowledge-base articles. A template names variables
 * (`{{contact.firstName}}`), never a person; the values are filled in when a reply is sent, into
 * the message, which is sealed like every other message.
 */
export const cannedReplyColumns = defineColumns('canned_replies', {
  tenant_id: { classification: 'internal' },
  reply_id: { classification: 'internal' },
  shortcut: { classification: 'internal' },
  title: { classification: 'internal' },
  bodies: { classification: 'internal' },
  // Staff ids (or a service's id) of who wrote and last changed it.
  created_by: { classification: 'internal' },
  updated_by: { classification: 'internal' },
  created_at: { classification: 'internal' },
  updated_at: { classification: 'internal' },
});

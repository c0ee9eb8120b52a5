import { type EncryptedTable, encryptedTable } from '../../compliance/index.ts';
import { appointmentColumns } from '../booking/booking.columns.ts';
import { contactColumns } from '../contacts/contact.columns.ts';
import { contactRevealColumns } from '../conversations/contact-card.columns.ts';
import { conversationColumns, messageColumns } from '../conversations/conversation.columns.ts';
import { csatColumns } from '../conversations/csat.columns.ts';
import { userColumns } from '../identity/user.columns.ts';
import { callbackRequestColumns } from '../routing/callback-request.columns.ts';

/**
 * Every table with sealed columns (each `defineColumns` with a pii, phi or student_record
 * column), for the jobs that must reach every sealed value: key rotation re-encrypts them and
 * counts rows per key version. A new table joins with one line here;
 * encrypted-tables.db.test.ts fails while a migrated `bytea` column of a classified table is
 * missing.
 */
export const ENCRYPTED_TABLES: readonly EncryptedTable[] = [
  // Every personal column is under the contact's own key; the contact id names the subject.
  encryptedTable(contactColumns, { rowId: 'contact_id', subjectId: 'contact_id' }),
  // The TOTP secret, under the tenant data key.
  encryptedTable(userColumns, { rowId: 'user_id' }),
  // The assistant's state and message bodies, under the contact's key. A message's primary key
  // is (conversation, seq); its ciphertexts are bound to message_id, unique per tenant, which is
  // therefore the row id the rotation walks by.
  encryptedTable(conversationColumns, { rowId: 'conversation_id', subjectId: 'contact_id' }),
  encryptedTable(messageColumns, { rowId: 'message_id', subjectId: 'contact_id' }),
  // The reason for a visit, under the contact's key.
  encryptedTable(appointmentColumns, { rowId: 'appointment_id', subjectId: 'contact_id' }),
  // A satisfaction comment, under the contact's key; one per conversation.
  encryptedTable(csatColumns, { rowId: 'conversation_id', subjectId: 'contact_id' }),
  // A waiting contact's note with a callback request, under the contact's key.
  encryptedTable(callbackRequestColumns, { rowId: 'request_id', subjectId: 'contact_id' }),
  // A staff member's reason for revealing masked contact fields, under the contact's key.
  encryptedTable(contactRevealColumns, { rowId: 'reveal_id', subjectId: 'contact_id' }),
];

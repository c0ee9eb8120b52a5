import { defineColumns } from '../../compliance/index.ts';

/**
 * The classification of every column of `users`. The TOTP secret is a credential, not contact
 * data, but the vocabulary seals only pii, phi and student_record: it is sealed as pii under the
 * tenant data key (not a per-person key), so erasing a staff member's personal data does not
 * silently disable their second factor; deleting the account deletes the secret.
 */
export const userColumns = defineColumns('users', {
  tenant_id: { classification: 'internal' },
  user_id: { classification: 'internal' },
  // The handle an operator chose (a staff number or short name); it is the lookup key, so it is
  // stored as it is.
  login_name: { classification: 'internal' },
  // A staff member's name, sealed under the tenant data key: it is shown to colleagues while the
  // account exists, and deleted with it.
  display_name: { classification: 'pii', subjectKeyed: false },
  password_hash: { classification: 'internal' },
  roles: { classification: 'internal' },
  // Operational assignments (which queues an agent works), not facts about the person.
  queue_ids: { classification: 'internal' },
  totp_secret: { classification: 'pii', subjectKeyed: false },
  totp_pending_secret: { classification: 'pii', subjectKeyed: false },
  totp_pending_at: { classification: 'internal' },
  totp_last_step: { classification: 'internal' },
  failed_attempts: { classification: 'internal' },
  locked_until: { classification: 'internal' },
  disabled: { classification: 'internal' },
  created_at: { classification: 'internal' },
  updated_at: { classification: 'internal' },
});

import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { Contact } from '../contacts/contact.ts';
import {
  type ContactAccess,
  contactEvent,
  contactPseudonym,
  type PseudonymKeySource,
  requireStaff,
} from '../contacts/contact-audit.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';

/** The subject access export (GDPR Art. 15/20, PIPL Art. 45): everything held on one person. */
export const SUBJECT_EXPORT_FORMAT = 'custos-subject-access/1';

export type SubjectExport =
  | {
      readonly format: typeof SUBJECT_EXPORT_FORMAT;
      readonly exportedAt: string;
      readonly status: 'found';
      readonly contact: Contact;
    }
  | {
      readonly format: typeof SUBJECT_EXPORT_FORMAT;
      readonly exportedAt: string;
      readonly status: 'erased';
      readonly contactId: string;
      readonly erasedAt: Date;
    };

export interface SubjectAccessDeps {
  readonly db: Kysely<Database>;
  readonly contacts: Pick<ContactRepository, 'read'>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly pseudonymKey: PseudonymKeySource;
}

/**
 * Opens the person's data and records `export` before handing it out, so a failure to record
 * withholds the export (fail closed). An erased person's export says so and holds nothing.
 */
export async function exportSubject(
  deps: SubjectAccessDeps,
  access: ContactAccess,
  contactId: string,
): Promise<SubjectExport> {
  requireStaff(access.actor);
  const read = await deps.contacts.read(access.tenantId, contactId);
  if (!read) throw new AppError('not_found', 'No such contact.');
  const subject = await contactPseudonym(deps.pseudonymKey, access.tenantId, contactId);
  const outcome =
    read.status === 'found' ? undefined : ({ result: 'failure', reason: 'key-unavailable' } as const);
  // contactEvent knows the contact store's own actions; the export is the same event otherwise.
  const event = { ...contactEvent(access, 'read', subject, outcome), action: 'export' as const };
  await deps.db.transaction().execute((trx) => deps.audit.record(trx, event));
  const exportedAt = new Date().toISOString();
  return read.status === 'found'
    ? { format: SUBJECT_EXPORT_FORMAT, exportedAt, status: 'found', contact: read.contact }
    : {
        format: SUBJECT_EXPORT_FORMAT,
        exportedAt,
        status: 'erased',
        contactId: read.contactId,
        erasedAt: read.erasedAt,
      };
}

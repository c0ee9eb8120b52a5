import type { ColumnType, Generated } from 'kysely';
import type { SealedOf } from '../../compliance/index.ts';
import type { contactColumns } from './contact.columns.ts';
import type { ContactKind } from './contact.ts';

type Columns = typeof contactColumns.columns;

/**
 * A sealed column: written only as a value sealed for exactly this column (a plaintext string
 * or another column's ciphertext does not type-check), read back as bytes that
 * `readSealed` checks before they are opened.
 */
type SealedColumn<C> = ColumnType<Buffer, SealedOf<C>, SealedOf<C>>;
type OptionalSealedColumn<C> = ColumnType<Buffer | null, SealedOf<C> | null, SealedOf<C> | null>;

/**
 * `contacts`, keyed by (tenant_id, contact_id) (DESIGN §5). The row id bound into every
 * ciphertext is `contact_id`, and the contact id is also the data-subject id of its key.
 */
export interface ContactTable {
  tenant_id: string;
  contact_id: string;
  kind: ContactKind;
  display_name: SealedColumn<Columns['display_name']>;
  mobile_phone: OptionalSealedColumn<Columns['mobile_phone']>;
  email: OptionalSealedColumn<Columns['email']>;
  resident_id: OptionalSealedColumn<Columns['resident_id']>;
  date_of_birth: OptionalSealedColumn<Columns['date_of_birth']>;
  medical_record_number: OptionalSealedColumn<Columns['medical_record_number']>;
  student_number: OptionalSealedColumn<Columns['student_number']>;
  mobile_phone_bidx: Buffer | null;
  email_bidx: Buffer | null;
  resident_id_bidx: Buffer | null;
  medical_record_number_bidx: Buffer | null;
  student_number_bidx: Buffer | null;
  erased_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ContactDatabase {
  contacts: ContactTable;
}

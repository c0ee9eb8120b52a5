import {
  blindIndexBits,
  createIdentifierNormalizer,
  defineColumns,
  InvalidValue,
  type Normalizer,
  normalizeCnMobile,
  normalizeE164,
  normalizeEmail,
  normalizeResidentId,
} from '../../compliance/index.ts';

/**
 * The classification of every column of `contacts` (DESIGN §2.1). The schema test
 * (contact.schema.db.test.ts) requires each migrated column to appear here and each pii, phi and
 * student_record column to be `bytea`, so a personal column added in plaintext fails the build.
 */

/** A mainland mobile in any spelling, else an international number; both give E.164. */
export const normalizePhone: Normalizer = (value) => {
  try {
    return normalizeCnMobile(value);
  } catch (error) {
    if (!(error instanceof InvalidValue)) throw error;
    return normalizeE164(value);
  }
};

export const normalizeMedicalRecordNumber = createIdentifierNormalizer({ kind: 'medical record number' });
export const normalizeStudentNumber = createIdentifierNormalizer({ kind: 'student number' });

/**
 * Blind-index lengths by the CipherSweet rule, 2 ≤ R/2^min(L, log2 D) ≤ √R
 * (docs/compliance/encryption.md §6). Indexes are per tenant, so R is one tenant's contacts over
 * the life of the index. We plan for a hospital group: 10 million contacts, nearly all with
 * distinct phones, e-mails, resident ids and record numbers; student numbers for a large school
 * district: 1 million. L is fixed for the column's life (changing it means re-indexing), and
 * contact.columns.test.ts checks each value against the planner.
 */
export const BLIND_INDEX_PLANS = {
  // 9 M distinct phones among 10 M contacts (family members share one): L = 22, C ≈ 2.4.
  mobile_phone: { rows: 10_000_000, distinctValues: 9_000_000 },
  // 8 M distinct addresses (many contacts have none or share a family one): L = 22, C ≈ 2.4.
  email: { rows: 10_000_000, distinctValues: 8_000_000 },
  // One number per person: L = 22, C ≈ 2.4.
  resident_id: { rows: 10_000_000, distinctValues: 10_000_000 },
  // One record number per patient: L = 22, C ≈ 2.4.
  medical_record_number: { rows: 10_000_000, distinctValues: 10_000_000 },
  // One number per student in a district of a million: L = 18, C ≈ 3.8.
  student_number: { rows: 1_000_000, distinctValues: 1_000_000 },
} as const;

const bits = (column: keyof typeof BLIND_INDEX_PLANS) => blindIndexBits(BLIND_INDEX_PLANS[column]).bits;

export const contactColumns = defineColumns('contacts', {
  tenant_id: { classification: 'internal' },
  contact_id: { classification: 'internal' },
  kind: { classification: 'internal' },
  display_name: { classification: 'pii', subjectKeyed: true },
  mobile_phone: {
    classification: 'pii',
    subjectKeyed: true,
    blindIndex: { normalize: normalizePhone, bits: bits('mobile_phone') },
  },
  email: {
    classification: 'pii',
    subjectKeyed: true,
    blindIndex: { normalize: normalizeEmail, bits: bits('email') },
  },
  resident_id: {
    classification: 'pii',
    subjectKeyed: true,
    blindIndex: { normalize: normalizeResidentId, bits: bits('resident_id') },
  },
  // No blind index: about 36,500 distinct values, so an index would be the birthday histogram.
  date_of_birth: { classification: 'pii', subjectKeyed: true },
  // A record number ties the person to a hospital's health records: PHI (HIPAA identifier 8).
  medical_record_number: {
    classification: 'phi',
    subjectKeyed: true,
    blindIndex: { normalize: normalizeMedicalRecordNumber, bits: bits('medical_record_number') },
  },
  // Part of the education record (FERPA 34 CFR 99.3).
  student_number: {
    classification: 'student_record',
    subjectKeyed: true,
    blindIndex: { normalize: normalizeStudentNumber, bits: bits('student_number') },
  },
  // Keyed hashes of normalized values, truncated so that each is shared by several rows.
  mobile_phone_bidx: { classification: 'internal' },
  email_bidx: { classification: 'internal' },
  resident_id_bidx: { classification: 'internal' },
  medical_record_number_bidx: { classification: 'internal' },
  student_number_bidx: { classification: 'internal' },
  erased_at: { classification: 'internal' },
  created_at: { classification: 'internal' },
  updated_at: { classification: 'internal' },
});

export const SEALED_COLUMNS = [
  'display_name',
  'mobile_phone',
  'email',
  'resident_id',
  'date_of_birth',
  'medical_record_number',
  'student_number',
] as const;
export type SealedColumn = (typeof SEALED_COLUMNS)[number];

export const INDEXED_COLUMNS = [
  'mobile_phone',
  'email',
  'resident_id',
  'medical_record_number',
  'student_number',
] as const;
export type IndexedColumn = (typeof INDEXED_COLUMNS)[number];

/**
 * A contact: a patient, guardian, student or other person who talks to a tenant. Each contact
 * is a data subject (DESIGN §2.5): every personal field is sealed under the contact's own key,
 * so destroying that key erases the person.
 */
export const CONTACT_KINDS = ['patient', 'guardian', 'student', 'other'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

/** The personal fields, as plaintext above the repository. Optional fields may be null. */
export interface ContactFields {
  readonly displayName: string;
  readonly mobilePhone: string | null;
  readonly email: string | null;
  /** 18-character resident identity number (GB 11643-1999). */
  readonly residentId: string | null;
  /** YYYY-MM-DD. */
  readonly dateOfBirth: string | null;
  readonly medicalRecordNumber: string | null;
  readonly studentNumber: string | null;
}

export interface Contact extends ContactFields {
  readonly tenantId: string;
  readonly id: string;
  readonly kind: ContactKind;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type NewContact = { readonly kind: ContactKind; readonly displayName: string } & Partial<
  Omit<ContactFields, 'displayName'>
>;

/** A patch: an absent field is kept, null clears it. */
export type ContactPatch = Partial<ContactFields> & { readonly kind?: ContactKind };

/** Fields that have a blind index, i.e. an exact lookup. */
export const LOOKUP_FIELDS = [
  'mobilePhone',
  'email',
  'residentId',
  'medicalRecordNumber',
  'studentNumber',
] as const;
export type LookupField = (typeof LOOKUP_FIELDS)[number];

/**
 * What a read finds. An erased contact is not "not found": the row remains as a tombstone whose
 * values no key can open any more, and callers are told so plainly.
 */
export type ContactRead =
  | { readonly status: 'found'; readonly contact: Contact }
  | { readonly status: 'erased'; readonly contactId: string; readonly erasedAt: Date };

export interface ErasureReceipt {
  readonly contactId: string;
  readonly erasedAt: Date;
  /** Subject keys destroyed by this call; 0 when the contact was already erased. */
  readonly destroyedKeys: number;
}

import {
  type MaskingPolicy,
  type MaskKind,
  maskByPolicy,
  type ViewerPolicy,
} from '../../compliance/index.ts';
import type { FieldOf } from '../access/subjects.ts';
import type { ContactFields, ContactKind } from '../contacts/contact.ts';

/**
 * The workspace's contact card (docs/conversations.md §6): the personal fields a staff member
 * working a conversation sees, each masked unless the tenant's masking policy reveals it to their
 * role and their ability permits the field; an explicit reveal, with a reason, shows the rest the
 * ability permits.
 */
export const CARD_FIELDS = [
  'displayName',
  'mobilePhone',
  'email',
  'dateOfBirth',
  'medicalRecordNumber',
  'studentNumber',
] as const;
export type CardField = (typeof CARD_FIELDS)[number];

/** Each card field: the contact attribute the access rules name it by, and how it is masked. */
export const CARD_FIELD_SPECS: Readonly<
  Record<CardField, { readonly subjectField: FieldOf<'Contact'>; readonly mask: MaskKind }>
> = {
  displayName: { subjectField: 'displayName', mask: 'name' },
  mobilePhone: { subjectField: 'phone', mask: 'mobile' },
  email: { subjectField: 'email', mask: 'email' },
  dateOfBirth: { subjectField: 'dateOfBirth', mask: 'date_of_birth' },
  medicalRecordNumber: { subjectField: 'medicalRecordNumber', mask: 'identifier' },
  studentNumber: { subjectField: 'studentNumber', mask: 'identifier' },
};

/**
 * The default masking policy (docs/compliance/encryption.md §7), used while a tenant has none of
 * its own. Deny by default: a role or kind not listed is masked. Agents and supervisors greet and
 * route people, so they see every field masked (`张*明`, `138****5678`) and reveal what their
 * rules permit, with a reason. Clinicians treat the people whose care team they are on: name, date
 * of birth and record number in clear (patient identification, two identifiers), contact details
 * masked. Admissions officers work an applicant by name and student number. Tenant admins and
 * auditors are absent: they do not read content (separation of duties).
 */
export const DEFAULT_MASKING_POLICY: MaskingPolicy = {
  clinician: { '*': { name: 'reveal', date_of_birth: 'reveal', identifier: 'reveal' } },
  admissions_officer: { '*': { name: 'reveal', identifier: 'reveal' } },
};

/** Roles that work conversations; only they see a card or reveal (DUTY_OF 'operations'). */
export const CARD_ROLES = ['agent', 'supervisor', 'clinician', 'admissions_officer'] as const;

/** One field as shown: `null` when the contact has no value. */
export interface CardValue {
  readonly value: string | null;
  readonly masked: boolean;
}

export interface Verification {
  readonly verified: boolean;
  /** The record the visitor proved to be (a contact id), while the assurance lasts. */
  readonly recordId?: string;
  readonly method?: string;
  readonly until?: Date;
}

export type ContactCard =
  | {
      readonly conversationId: string;
      readonly contactId: string;
      readonly erased: false;
      readonly kind: ContactKind;
      readonly fields: Readonly<Record<CardField, CardValue>>;
      readonly verification: Verification;
    }
  | {
      readonly conversationId: string;
      readonly contactId: string;
      readonly erased: true;
      readonly verification: Verification;
    };

/** Merges the viewer policies of several roles: a kind is revealed if any role's policy reveals it. */
export function mergeViewerPolicies(policies: readonly ViewerPolicy[]): ViewerPolicy {
  const merged: Partial<Record<MaskKind, 'reveal' | 'mask'>> = {};
  for (const policy of policies) {
    for (const [kind, disclosure] of Object.entries(policy) as [MaskKind, 'reveal' | 'mask'][]) {
      if (disclosure === 'reveal' || merged[kind] === undefined) merged[kind] = disclosure;
    }
  }
  return merged;
}

/**
 * The card's fields: in clear only where the policy reveals the kind AND `permitted` says the
 * caller's ability allows the field; masked otherwise. Masking is total (compliance/privacy/mask.ts).
 */
export function cardFields(
  contact: ContactFields,
  policy: ViewerPolicy,
  permitted: (field: CardField) => boolean,
): Record<CardField, CardValue> {
  const fields = {} as Record<CardField, CardValue>;
  for (const field of CARD_FIELDS) {
    const value = contact[field];
    if (value === null || value === undefined) {
      fields[field] = { value: null, masked: false };
      continue;
    }
    const { mask } = CARD_FIELD_SPECS[field];
    const clear = permitted(field) && policy[mask] === 'reveal';
    fields[field] = clear
      ? { value, masked: false }
      : { value: maskByPolicy(value, mask, { ...policy, [mask]: 'mask' }), masked: true };
  }
  return fields;
}

/** The bounds of a reveal's justification. */
export const REVEAL_REASON = { min: 10, max: 500 } as const;

/** Reveals per staff member and rolling hour, counted in the database. */
export const REVEALS_PER_HOUR = 30;

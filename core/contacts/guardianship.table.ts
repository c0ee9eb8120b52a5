export const GUARDIAN_RELATIONSHIPS = ['parent', 'legal-guardian', 'other'] as const;
export type GuardianRelationship = (typeof GUARDIAN_RELATIONSHIPS)[number];
export type GuardianConsent = 'granted' | 'withdrawn';

/** A guardian ↔ minor relationship between two contact records, with its consent state. */
export interface GuardianshipTable {
  tenant_id: string;
  guardianship_id: string;
  guardian_contact_id: string;
  minor_contact_id: string;
  relationship: GuardianRelationship;
  consent: GuardianConsent;
  granted_at: Date;
  withdrawn_at: Date | null;
  /** The staff member who recorded it (an opaque id, never a name). */
  recorded_by: string;
}

export interface GuardianshipDatabase {
  contact_guardianships: GuardianshipTable;
}

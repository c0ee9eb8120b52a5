import type { Generated } from 'kysely';

/** Where an application is; the order is the usual course of one. */
export const STAGES = [
  'submitted',
  'under_review',
  'assessment_scheduled',
  'offer',
  'waitlist',
  'enrolled',
  'withdrawn',
  'rejected',
] as const;
export type Stage = (typeof STAGES)[number];

export type AdmissionApplicationTable = {
  tenant_id: string;
  application_id: string;
  applicant_contact_id: string;
  guardian_contact_id: string | null;
  relationship: string | null;
  program: string;
  grade: string;
  stage: Stage;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type AdmissionStageHistoryTable = {
  tenant_id: string;
  application_id: string;
  seq: number;
  stage: Stage;
  at: Date;
  changed_by: string;
};

export type AdmissionGuardianLinkTable = {
  tenant_id: string;
  application_id: string;
  guardian_contact_id: string;
  via: 'application' | 'verification';
  linked_at: Date;
};

export type GuardianConsentTable = {
  tenant_id: string;
  consent_id: string;
  guardian_contact_id: string;
  version: string;
  purpose: string;
  given_at: Date;
  conversation_id: string;
  idempotency_key: string;
  withdrawn_at: Date | null;
};

export type AdmissionVerificationFailureTable = {
  tenant_id: string;
  failure_id: string;
  conversation_id: string;
  guardian_contact_id: string;
  at: Date;
};

/** The pack's tables, for `db.withTables<ApplicationTables>()` over the core's database. */
export type ApplicationTables = {
  admission_applications: AdmissionApplicationTable;
  admission_stage_history: AdmissionStageHistoryTable;
  admission_guardian_links: AdmissionGuardianLinkTable;
  guardian_consents: GuardianConsentTable;
  admission_verification_failures: AdmissionVerificationFailureTable;
};

import { defineColumns } from '../../../compliance/index.ts';

/**
 * The classification of every column of the admissions tables. All of them are internal: ids,
 * codes and times. What identifies the child (name, birth date, applicant number) is sealed in
 * `contacts`; applications.schema.db.test.ts fails if a migrated column is missing here.
 */
const internal = { classification: 'internal' } as const;

export const APPLICATION_COLUMNS = [
  defineColumns('admission_applications', {
    tenant_id: internal,
    application_id: internal,
    applicant_contact_id: internal,
    guardian_contact_id: internal,
    relationship: internal,
    program: internal,
    grade: internal,
    stage: internal,
    created_at: internal,
    updated_at: internal,
  }),
  defineColumns('admission_stage_history', {
    tenant_id: internal,
    application_id: internal,
    seq: internal,
    stage: internal,
    at: internal,
    changed_by: internal,
  }),
  defineColumns('admission_guardian_links', {
    tenant_id: internal,
    application_id: internal,
    guardian_contact_id: internal,
    via: internal,
    linked_at: internal,
  }),
  defineColumns('guardian_consents', {
    tenant_id: internal,
    consent_id: internal,
    guardian_contact_id: internal,
    version: internal,
    purpose: internal,
    given_at: internal,
    conversation_id: internal,
    idempotency_key: internal,
    withdrawn_at: internal,
  }),
  defineColumns('admission_verification_failures', {
    tenant_id: internal,
    failure_id: internal,
    conversation_id: internal,
    guardian_contact_id: internal,
    at: internal,
  }),
] as const;

/**
 * The closed vocabulary of audited actions, each mapped to the FHIR R4 AuditEvent fields an
 * IHE BALP (Basic Audit Log Patterns) export fills in: `action` (C/R/U/D/E), `type` and
 * `subtype`. Codes come from DICOM PS3.16 (DCM, CID 400 Audit Event ID and CID 401/403 event
 * type codes), FHIR `restful-interaction`, and ISO 21089 record lifecycle events; an action
 * with no standard code carries one from the Custos code system and says so.
 */
export interface Coding {
  readonly system: string;
  readonly code: string;
  readonly display: string;
}

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const REST = 'http://hl7.org/fhir/restful-interaction';
const AUDIT_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-event-type';
const LIFECYCLE = 'http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle';
export const CUSTOS_AUDIT_CODES = 'urn:custos:audit-event-subtype';

const dcm = (code: string, display: string): Coding => ({ system: DCM, code, display });
const rest = (code: string, display: string): Coding => ({ system: REST, code, display });
const custos = (code: string, display: string): Coding => ({ system: CUSTOS_AUDIT_CODES, code, display });
const REST_TYPE: Coding = { system: AUDIT_TYPE, code: 'rest', display: 'Restful Operation' };
const USER_AUTHENTICATION = dcm('110114', 'User Authentication');
const SECURITY_ALERT = dcm('110113', 'Security Alert');

export interface ActionCodes {
  /** FHIR AuditEvent.action: Create, Read, Update, Delete, Execute. */
  readonly fhirAction: 'C' | 'R' | 'U' | 'D' | 'E';
  readonly type: Coding;
  readonly subtype?: Coding;
}

export const AUDIT_ACTIONS = {
  // BALP "RESTful" patterns: type rest, subtype the FHIR interaction.
  create: { fhirAction: 'C', type: REST_TYPE, subtype: rest('create', 'create') },
  read: { fhirAction: 'R', type: REST_TYPE, subtype: rest('read', 'read') },
  update: { fhirAction: 'U', type: REST_TYPE, subtype: rest('update', 'update') },
  delete: { fhirAction: 'D', type: REST_TYPE, subtype: rest('delete', 'delete') },
  search: { fhirAction: 'E', type: REST_TYPE, subtype: rest('search-type', 'search type') },
  // DICOM PS3.15 A.5.3 audit messages.
  export: { fhirAction: 'R', type: dcm('110106', 'Export') },
  import: { fhirAction: 'C', type: dcm('110107', 'Import') },
  'audit-read': { fhirAction: 'R', type: dcm('110101', 'Audit Log Used') },
  login: { fhirAction: 'E', type: USER_AUTHENTICATION, subtype: dcm('110122', 'Login') },
  // A failed login is a Login with a failure outcome (DICOM PS3.15 A.5.3.12); the separate
  // action lets queries and alerts find it without inspecting outcomes.
  'login-failed': { fhirAction: 'E', type: USER_AUTHENTICATION, subtype: dcm('110122', 'Login') },
  logout: { fhirAction: 'E', type: USER_AUTHENTICATION, subtype: dcm('110123', 'Logout') },
  'permission-change': {
    fhirAction: 'U',
    type: SECURITY_ALERT,
    subtype: dcm('110136', 'Security Roles Changed'),
  },
  'key-operation': {
    fhirAction: 'E',
    type: SECURITY_ALERT,
    subtype: dcm('110129', 'Security Configuration'),
  },
  'break-glass-start': {
    fhirAction: 'E',
    type: SECURITY_ALERT,
    subtype: dcm('110127', 'Emergency Override Started'),
  },
  'break-glass-stop': {
    fhirAction: 'E',
    type: SECURITY_ALERT,
    subtype: dcm('110138', 'Emergency Override Stopped'),
  },
  // Unmasking a masked field is the use of a restricted function on top of the read.
  reveal: { fhirAction: 'R', type: SECURITY_ALERT, subtype: dcm('110132', 'Use of Restricted Function') },
  erase: { fhirAction: 'D', type: { system: LIFECYCLE, code: 'destroy', display: 'Destroy' } },
  disclose: { fhirAction: 'R', type: { system: LIFECYCLE, code: 'disclose', display: 'Disclose' } },
  // No DICOM, FHIR or ISO 21089 code records a consent decision itself.
  consent: { fhirAction: 'U', type: REST_TYPE, subtype: custos('consent', 'Consent recorded or withdrawn') },
} as const satisfies Record<string, ActionCodes>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]];

/**
 * Why an action failed: a closed list, so that failure reasons are countable and never carry
 * free text (which could carry personal data). Each maps to FHIR R4 AuditEvent.outcome.
 */
export const FAILURE_REASONS = {
  denied: { fhirOutcome: '4', meaning: 'not authorised (policy, consent or break-glass expired)' },
  'not-found': { fhirOutcome: '4', meaning: 'the resource does not exist or is not visible' },
  invalid: { fhirOutcome: '4', meaning: 'the request was rejected as malformed' },
  conflict: { fhirOutcome: '4', meaning: 'a concurrent change or a constraint prevented it' },
  'bad-credentials': { fhirOutcome: '4', meaning: 'authentication failed' },
  'locked-out': { fhirOutcome: '8', meaning: 'authentication refused after repeated failures' },
  'key-unavailable': { fhirOutcome: '8', meaning: 'a key was destroyed, missing or unusable' },
  error: { fhirOutcome: '12', meaning: 'an internal failure; the operation did not complete' },
} as const;

export type FailureReason = keyof typeof FAILURE_REASONS;

export const FAILURE_REASON_NAMES = Object.keys(FAILURE_REASONS) as [FailureReason, ...FailureReason[]];

import type { FailureReason, NewAuditEvent, PurposeOfUse } from '../../compliance/index.ts';
import type { VerificationMethod } from './contact-verification.table.ts';

/**
 * The audit events of contact verification (docs/identity/contact-verification.md §Audit). A
 * visitor is recorded by the pseudonym of their own contact, the record they proved (or tried to)
 * by its pseudonym; no identifier, code, date of birth or phone number is ever in an event. The
 * method is the resource type, the verification its id.
 */
export const METHOD_RESOURCE: Readonly<Record<VerificationMethod, string>> = {
  code: 'OneTimeCode',
  knowledge: 'KnowledgeCheck',
};

/** A person's own request, in each vertical's vocabulary. */
export const purposeOfVertical = (vertical: string): PurposeOfUse =>
  vertical === 'education' ? 'EDURQT' : 'PATRQT';

// The system part that hands a code to the sender port (and so reads the record's phone).
const SENDER_ACTOR = { id: 'contact-verification', role: 'system', kind: 'system' } as const;

export interface VerificationEventInput {
  readonly tenantId: string;
  readonly vertical: string;
  readonly method: VerificationMethod;
  readonly verificationId: string;
  /** The pseudonym of the visitor's own contact. */
  readonly visitorPseudonym: string;
  /** The pseudonym of the record, when the identifier matched one. */
  readonly subjectPseudonym: string | undefined;
  readonly requestId: string | undefined;
}

const base = (input: VerificationEventInput) => ({
  tenantId: input.tenantId,
  purpose: purposeOfVertical(input.vertical),
  resource: { type: METHOD_RESOURCE[input.method], id: input.verificationId },
  ...(input.subjectPseudonym ? { subject: { type: 'contact', pseudonym: input.subjectPseudonym } } : {}),
  ...(input.requestId ? { requestId: input.requestId } : {}),
});

/**
 * `login` for a proof, `login-failed` for a failed one: `bad-credentials` (wrong code, no match),
 * `locked-out` (the challenge is burned), `denied` (expired or already used: the vocabulary's
 * "not authorised … expired").
 */
export function verificationEvent(input: VerificationEventInput, failure?: FailureReason): NewAuditEvent {
  return {
    ...base(input),
    actor: { id: input.visitorPseudonym, role: 'contact', kind: 'contact' },
    action: failure ? 'login-failed' : 'login',
    outcome: failure ? { result: 'failure', reason: failure } : { result: 'success' },
  };
}

/**
 * Handing a code to the sender port reads the record's phone number and passes it on (to an SMS
 * gateway in production): a `disclose` (ISO 21089) by the system, on the record's accounting.
 * A delivery that failed is recorded again with the `error` outcome.
 */
export function codeDisclosureEvent(input: VerificationEventInput, failed = false): NewAuditEvent {
  return {
    ...base(input),
    actor: SENDER_ACTOR,
    action: 'disclose',
    outcome: failed ? { result: 'failure', reason: 'error' } : { result: 'success' },
  };
}

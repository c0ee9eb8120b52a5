import type { Role } from './roles.ts';

/**
 * Everything authorization needs to know about who is acting, resolved once per request from the
 * verified credential (access token, widget credential) and the directory. No names, no contact data.
 */
export interface AccessActor {
  readonly id: string;
  /** Undefined only for the platform operator, who works across tenants. */
  readonly tenantId: string | undefined;
  readonly roles: readonly Role[];
  /** Authenticated with a second factor in this sign-in (RFC 8176 `amr` contains `otp`). */
  readonly mfa: boolean;
  /** Contacts: assurance raised by a one-time code or a knowledge check. */
  readonly verified?: boolean;
  /**
   * Contacts: the directory record (patient, guardian, student) a widget visitor proved to be, by
   * a one-time code or a knowledge check (core/identity/contact-verification.service.ts). Grants
   * something only together with `verified`.
   */
  readonly verifiedSubjectId?: string;
  /** Agents and supervisors: the queues they work. */
  readonly queueIds?: readonly string[];
  /** Admissions officers: the schools (campuses) they serve. */
  readonly schoolIds?: readonly string[];
  /** Guardians: the minors they act for, with consent in force. */
  readonly wardIds?: readonly string[];
  /** Data subjects of the actor's open break-glass windows (break-glass.service.ts). */
  readonly emergencySubjectIds?: readonly string[];
}

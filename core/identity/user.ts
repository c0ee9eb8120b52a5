import type { Role } from '../access/roles.ts';

/** A staff account as the services see it: no password hash, no secret. */
export interface User {
  readonly tenantId: string;
  readonly id: string;
  readonly loginName: string;
  readonly roles: readonly Role[];
  /** The queues the account works: what agents and supervisors may see of queued conversations. */
  readonly queueIds: readonly string[];
  readonly mfaEnrolled: boolean;
  readonly disabled: boolean;
  readonly createdAt: Date;
}

/** The administrator's view of an account: the display name opened. */
export interface UserProfile extends User {
  readonly displayName: string | null;
}

/** What login needs besides the public view: read only by the auth service. */
export interface UserCredentials {
  readonly user: User;
  readonly passwordHash: string;
  readonly totpSecret: string | null;
  readonly totpLastStep: number | null;
  readonly failedAttempts: number;
  readonly lockedUntil: Date | null;
}

/**
 * Login names are compared after NFKC and lower-casing, so "Dr.Wang" and "ｄｒ.wang" are one account.
 * Letters, digits and . _ - only: no spaces, no '@', so an e-mail address is never a login name.
 */
export const LOGIN_NAME = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,63}$/u;

export const normalizeLoginName = (name: string) => name.normalize('NFKC').toLowerCase();

import { DUTY_OF, isRole, OPERATIONS_ROLES, PRIVILEGED_ROLES, type Role } from '../access/roles.ts';
import { AppError, type FieldIssue } from '../errors/app-error.ts';

/** A value of the IdP's roles claim (a group, an app role) that grants one Custos role. */
export interface RoleMappingEntry {
  readonly value: string;
  readonly role: Role;
}

export type FirstSignIn = 'provision' | 'link';

/** A tenant's external OpenID provider, as the services see it: without its client secret. */
export interface SsoProvider {
  readonly tenantId: string;
  readonly id: string;
  readonly displayName: string;
  readonly issuer: string;
  readonly clientId: string;
  /** Requested besides `openid`. */
  readonly scopes: readonly string[];
  /** The claim whose value is the Custos login name (the link key at first sign-in). */
  readonly loginClaim: string;
  /** The claim holding group or role values for the role mapping; null: no mapping. */
  readonly rolesClaim: string | null;
  readonly roleMapping: readonly RoleMappingEntry[];
  /** The platform operator allowed this provider to yield tenant_admin or auditor. */
  readonly allowPrivileged: boolean;
  readonly firstSignIn: FirstSignIn;
  /** `acr` values that count as a second factor, besides the `amr` methods in MFA_AMR. */
  readonly mfaAcrValues: readonly string[];
  readonly enabled: boolean;
  readonly createdAt: Date;
}

/** The provider id is a path segment of the sign-in URL: a slug like tenant slugs. */
export const PROVIDER_ID = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;
// A claim name as IdPs spell them (`groups`, `roles`, `preferred_username`, `extension_staffNo`).
const CLAIM = /^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$/;
const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]{1,128}$/; // RFC 6749 §3.3 scope-token

/** Roles a provider may ever yield: staff roles only, never the platform operator or contacts. */
export const roleAllowed = (role: Role, allowPrivileged: boolean) =>
  OPERATIONS_ROLES.includes(role) || (allowPrivileged && PRIVILEGED_ROLES.includes(role));

const isLoopback = (host: string) => host === '127.0.0.1' || host === '[::1]' || host === 'localhost';

/**
 * OpenID Connect Discovery §4.3: the issuer is an https URL without query or fragment. Plain
 * http is accepted only on a loopback host (an identity provider on the same machine), where
 * there is no network to observe.
 */
export function issuerProblem(issuer: string): string | undefined {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return 'not a URL';
  }
  if (url.search || url.hash || url.username || url.password) return 'no query, fragment or credentials';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return undefined;
  return 'https required (http only on a loopback host)';
}

export const allowsInsecureHttp = (issuer: string) => new URL(issuer).protocol === 'http:';

export interface ProviderSettings {
  readonly id: string;
  readonly displayName?: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly scopes?: readonly string[];
  readonly loginClaim?: string;
  readonly rolesClaim?: string;
  readonly roleMapping?: readonly { readonly value: string; readonly role: string }[];
  readonly allowPrivileged?: boolean;
  readonly firstSignIn?: FirstSignIn;
  readonly mfaAcrValues?: readonly string[];
}

export type CheckedSettings = Required<Omit<ProviderSettings, 'rolesClaim'>> & {
  readonly rolesClaim: string | null;
  readonly roleMapping: readonly RoleMappingEntry[];
};

/** Validates provider settings; every problem is a field issue, none is trimmed silently. */
export function checkProviderSettings(input: ProviderSettings): CheckedSettings {
  const issues: FieldIssue[] = [];
  const bad = (path: string, message: string) => issues.push({ path, message });
  if (!PROVIDER_ID.test(input.id)) bad('id', 'lower-case letters, digits and hyphens, at most 32');
  const issuer = input.issuer.replace(/\/+$/, '');
  const problem = issuerProblem(issuer);
  if (problem) bad('issuer', problem);
  if (input.clientId.length === 0 || input.clientId.length > 256) bad('clientId', 'between 1 and 256');
  const scopes = [...new Set((input.scopes ?? ['profile']).filter((s) => s !== 'openid'))];
  if (!scopes.every((s) => SCOPE.test(s))) bad('scopes', 'RFC 6749 scope tokens');
  const loginClaim = input.loginClaim ?? 'preferred_username';
  if (!CLAIM.test(loginClaim)) bad('loginClaim', 'a claim name');
  const rolesClaim = input.rolesClaim ?? null;
  if (rolesClaim !== null && !CLAIM.test(rolesClaim)) bad('rolesClaim', 'a claim name');
  const allowPrivileged = input.allowPrivileged ?? false;
  const roleMapping: RoleMappingEntry[] = [];
  for (const entry of input.roleMapping ?? []) {
    if (
      !isRole(entry.role) ||
      !(DUTY_OF[entry.role] === 'operations' || PRIVILEGED_ROLES.includes(entry.role))
    )
      bad('roleMapping', `"${entry.role}" is not a staff role a provider may grant`);
    else if (!roleAllowed(entry.role, allowPrivileged))
      bad('roleMapping', `"${entry.role}" is privileged: only the platform operator may allow it`);
    else if (entry.value.length === 0 || entry.value.length > 256) bad('roleMapping', 'empty value');
    else roleMapping.push({ value: entry.value, role: entry.role });
  }
  if (roleMapping.length > 0 && rolesClaim === null) bad('rolesClaim', 'required with a role mapping');
  const firstSignIn = input.firstSignIn ?? 'link';
  if (firstSignIn === 'provision' && roleMapping.length === 0)
    bad('roleMapping', 'provisioning needs a role mapping to give new users their roles');
  if (issues.length > 0)
    throw new AppError('validation_failed', 'The identity provider is invalid.', { issues });
  return {
    id: input.id,
    displayName: input.displayName ?? input.id,
    issuer,
    clientId: input.clientId,
    scopes,
    loginClaim,
    rolesClaim,
    roleMapping,
    allowPrivileged,
    firstSignIn,
    mfaAcrValues: [...new Set(input.mfaAcrValues ?? [])],
  };
}

import { checkSeparationOfDuties, type Role } from '../access/roles.ts';
import { MFA_AMR } from './amr.ts';
import { roleAllowed, type SsoProvider } from './sso-provider.ts';
import { LOGIN_NAME, normalizeLoginName } from './user.ts';

/** Claims of a validated ID token (merged with UserInfo when the token lacks some). */
export type Claims = Readonly<Record<string, unknown>>;

/** RFC 8176 §2: the registered authentication method reference values. */
const RFC8176 = new Set([
  'face',
  'fpt',
  'geo',
  'hwk',
  'iris',
  'kba',
  'mca',
  'mfa',
  'otp',
  'pin',
  'pop',
  'pwd',
  'rba',
  'retina',
  'sc',
  'sms',
  'swk',
  'tel',
  'user',
  'vbm',
  'wia',
]);

const strings = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value)
      ? value.filter((v): v is string => typeof v === 'string')
      : [];

/**
 * The Custos login name the provider asserts, or undefined when the claim is missing or is not a
 * login name (an e-mail address is not: LOGIN_NAME has no '@').
 */
export function loginNameOf(claims: Claims, provider: Pick<SsoProvider, 'loginClaim'>): string | undefined {
  const value = claims[provider.loginClaim];
  if (typeof value !== 'string') return undefined;
  const name = normalizeLoginName(value);
  return LOGIN_NAME.test(name) ? name : undefined;
}

export type RoleMapping =
  | { readonly ok: true; readonly roles: Role[] }
  | { readonly ok: false; readonly reason: 'no_role' | 'separation_of_duties'; readonly detail?: string };

/**
 * The Custos roles the provider's roles claim grants, bounded: an entry naming a role the
 * provider may not yield (a privileged role without the operator's permission) grants nothing,
 * whatever the stored mapping says. The result must be a role set one account may hold.
 */
export function mapRoles(
  claims: Claims,
  provider: Pick<SsoProvider, 'rolesClaim' | 'roleMapping' | 'allowPrivileged'>,
): RoleMapping {
  const values = new Set(provider.rolesClaim ? strings(claims[provider.rolesClaim]) : []);
  const roles = [
    ...new Set(
      provider.roleMapping
        .filter((entry) => values.has(entry.value) && roleAllowed(entry.role, provider.allowPrivileged))
        .map((entry) => entry.role),
    ),
  ];
  if (roles.length === 0) return { ok: false, reason: 'no_role' };
  const problem = checkSeparationOfDuties(roles);
  return problem ? { ok: false, reason: 'separation_of_duties', detail: problem } : { ok: true, roles };
}

/** The registered methods the provider reports, in its order; unregistered strings are dropped. */
export const providerAmr = (claims: Claims): string[] => [
  ...new Set(strings(claims.amr).filter((m) => RFC8176.has(m))),
];

/** Whether the provider's sign-in used a second factor, by `amr` or by an accepted `acr`. */
export function hasSecondFactor(claims: Claims, provider: Pick<SsoProvider, 'mfaAcrValues'>): boolean {
  if (providerAmr(claims).some((m) => MFA_AMR.includes(m))) return true;
  return typeof claims.acr === 'string' && provider.mfaAcrValues.includes(claims.acr);
}

/**
 * The `amr` of the Custos session: the provider's registered methods, plus `mfa` (RFC 8176:
 * multiple-factor authentication) when the second factor was accepted by `acr` alone, so the
 * session says what was proven and nothing more.
 */
export function sessionAmr(claims: Claims, secondFactor: boolean): string[] {
  const amr = providerAmr(claims);
  if (secondFactor && !amr.some((m) => MFA_AMR.includes(m))) amr.push('mfa');
  return amr;
}

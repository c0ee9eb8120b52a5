/**
 * RFC 8176 authentication-method references that count as a second factor: a one-time code
 * (`otp`, our own TOTP), a hardware or software key (`hwk`, `swk`), a smart card (`sc`), or an
 * identity provider's plain statement that several factors were used (`mfa`).
 */
export const MFA_AMR: readonly string[] = ['mfa', 'otp', 'hwk', 'swk', 'sc'];

/** Whether a sign-in with these methods used a second factor. */
export const hasSecondFactor = (amr: readonly string[]) => amr.some((method) => MFA_AMR.includes(method));

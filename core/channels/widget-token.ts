import { hkdfSync } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { Actor } from '../context/request-context.ts';

/**
 * Widget credentials: what a visitor's browser holds between messages. An HMAC-signed JWT
 * (RFC 7519, HS256) under a key derived from the root key, so any process of the deployment
 * verifies it without a database read; it names the tenant, the contact (the visitor is a contact
 * from their first message) and the conversation it was issued for. It grants only what the
 * `contact` role grants an unverified person: their own conversations (core/access/rules/public.ts).
 */
export interface ContactActor extends Actor {
  readonly kind: 'contact';
  readonly role: 'contact';
  readonly tenantId: string;
  readonly roles: readonly ['contact'];
  readonly mfa: false;
  /**
   * Always false in the token itself: the token stays stateless. A request's actor is raised to
   * true, with the record proven (`verifiedSubjectId`), while the conversation has a live
   * assurance (core/identity/contact-verification.service.ts).
   */
  readonly verified: boolean;
  readonly verifiedSubjectId?: string;
  /** With `verifiedSubjectId`: the minors that record acts for (core/contacts/guardianship.service.ts). */
  readonly wardIds?: readonly string[];
  /** The conversation the credential was issued with. */
  readonly conversationId: string;
}

export interface WidgetTokens {
  issue(
    claims: { tenantId: string; contactId: string; conversationId: string },
    now?: Date,
  ): Promise<{
    token: string;
    expiresAt: Date;
  }>;
  /** The contact the token stands for, or undefined for anything that is not a valid widget token. */
  verify(token: string): Promise<ContactActor | undefined>;
}

const INFO = 'custos/widget-token-key/v1';
const TYPE = 'custos-widget+jwt';
const AUDIENCE = 'custos-widget';
const WIDGET_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Whether a bearer token claims to be a widget credential (its header's `typ`), read without
 * verifying it: the resolver chain sends it to the widget key alone, and never makes the staff
 * resolver look for a signing key it could not have.
 */
export function isWidgetToken(token: string): boolean {
  const dot = token.indexOf('.');
  if (dot <= 0 || dot > 200) return false;
  try {
    const header = JSON.parse(Buffer.from(token.slice(0, dot), 'base64url').toString('utf8')) as {
      typ?: unknown;
    };
    return header.typ === TYPE;
  } catch {
    return false;
  }
}

export const isContactActor = (actor: Actor): actor is ContactActor =>
  actor.kind === 'contact' && typeof (actor as Partial<ContactActor>).tenantId === 'string';

export function createWidgetTokens(options: {
  readonly rootKey: Uint8Array;
  readonly issuer: string;
  /** A visitor who comes back within this time resumes the same conversation. */
  readonly lifetimeSeconds: number;
}): WidgetTokens {
  const key = new Uint8Array(hkdfSync('sha256', options.rootKey, new Uint8Array(0), INFO, 32));
  return {
    async issue({ tenantId, contactId, conversationId }, now = new Date()) {
      const iat = Math.floor(now.getTime() / 1000);
      const exp = iat + options.lifetimeSeconds;
      const token = await new SignJWT({ tid: tenantId, cid: conversationId })
        .setProtectedHeader({ alg: 'HS256', typ: TYPE })
        .setIssuer(options.issuer)
        .setAudience(AUDIENCE)
        .setSubject(contactId)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(key);
      return { token, expiresAt: new Date(exp * 1000) };
    },
    async verify(token) {
      if (!WIDGET_SHAPE.test(token)) return undefined;
      try {
        const { payload, protectedHeader } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: options.issuer,
          audience: AUDIENCE,
          typ: TYPE,
          clockTolerance: 5,
        });
        const { sub, tid, cid } = payload;
        if (protectedHeader.typ !== TYPE) return undefined;
        if (typeof sub !== 'string' || typeof tid !== 'string' || typeof cid !== 'string') return undefined;
        if (!UUID.test(sub) || !UUID.test(tid) || !UUID.test(cid)) return undefined;
        return {
          kind: 'contact',
          id: sub,
          role: 'contact',
          tenantId: tid,
          roles: ['contact'],
          mfa: false,
          verified: false,
          conversationId: cid,
        };
      } catch {
        return undefined;
      }
    },
  };
}

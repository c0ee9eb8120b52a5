import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Actor } from '../../context/request-context.ts';
import { AppError } from '../../errors/app-error.ts';
import type { HttpEnv } from '../http-env.ts';

/** Resolves a bearer credential to an actor, or undefined when it is not recognised. */
export type CredentialResolver = (token: string) => Promise<Actor | undefined> | Actor | undefined;

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The platform operator's bootstrap token (CUSTOS_OPERATOR_TOKEN), compared in constant time.
 * Staff identity (JWT access tokens) will be another resolver in this chain.
 */
export function operatorTokenResolver(operatorToken: string): CredentialResolver {
  const expected = digest(operatorToken);
  return (token) =>
    timingSafeEqual(digest(token), expected)
      ? { kind: 'service', id: 'platform-operator', role: 'platform_operator' }
      : undefined;
}

/**
 * Reads `Authorization: Bearer …` when present. A credential that is present but not recognised
 * is a 401 at once; an absent one leaves the actor anonymous, and each service decides whether
 * anonymous callers may proceed.
 */
export function authenticate(resolvers: readonly CredentialResolver[]): MiddlewareHandler<HttpEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match?.[1]) throw new AppError('unauthenticated', 'Use `Authorization: Bearer <token>`.');
      let actor: Actor | undefined;
      for (const resolve of resolvers) {
        actor = await resolve(match[1]);
        if (actor) break;
      }
      if (!actor) throw new AppError('unauthenticated', 'The bearer token is not valid.');
      c.env.context.actor = actor;
    }
    await next();
  };
}

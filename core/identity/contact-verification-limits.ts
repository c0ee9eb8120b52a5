import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { verificationStore as store } from './contact-verification.store.ts';

/** The limits of issue 5 §4; counted in the database, so they hold across processes. */
export const VERIFICATION_LIMITS = {
  codeTtlMinutes: 10,
  wrongCodesPerChallenge: 5,
  codeStartsPerConversationHour: 3,
  failuresPerConversationHour: 5,
  failuresPerSubjectHour: 5,
  assuranceMinutes: 30,
} as const;

const HOUR_MS = 3_600_000;

/** Where the hour-long windows of the limits start. */
export const windowStart = (at: Date) => new Date(at.getTime() - HOUR_MS);

/** 429 with `Retry-After`: until the oldest attempt counted leaves the window. */
const rateLimited = (oldest: Date | null, now: Date) =>
  new AppError('rate_limited', 'Too many verification attempts; try again later.', {
    retryAfter: Math.max(
      1,
      Math.ceil(((oldest?.getTime() ?? now.getTime()) + HOUR_MS - now.getTime()) / 1000),
    ),
  });

/** The conversation's limits (before any lookup), then the subject's. Throws 429 past one. */
export async function checkLimits(
  executor: Kysely<Database> | Transaction<Database>,
  tenantId: string,
  visitor: { readonly conversationId: string },
  at: Date,
  options: { starts?: boolean; subjectKey?: string },
): Promise<void> {
  const from = windowStart(at);
  if (options.starts) {
    const starts = await store.conversationAttempts(
      executor,
      tenantId,
      visitor.conversationId,
      'start',
      from,
    );
    if (starts.count >= VERIFICATION_LIMITS.codeStartsPerConversationHour)
      throw rateLimited(starts.oldest, at);
  }
  const failures = await store.conversationAttempts(
    executor,
    tenantId,
    visitor.conversationId,
    'failure',
    from,
  );
  if (failures.count >= VERIFICATION_LIMITS.failuresPerConversationHour)
    throw rateLimited(failures.oldest, at);
  if (options.subjectKey) {
    const subject = await store.subjectFailures(executor, tenantId, options.subjectKey, from);
    if (subject.count >= VERIFICATION_LIMITS.failuresPerSubjectHour) throw rateLimited(subject.oldest, at);
  }
}

import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { FailureReason } from '../../compliance/index.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ContactActor } from '../channels/widget-token.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { Contact } from '../contacts/contact.ts';
import { contactPseudonym, type PseudonymKeySource } from '../contacts/contact-audit.ts';
import { currentContext } from '../context/request-context.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { verificationStore as store, type VerificationRow } from './contact-verification.store.ts';
import type { VerificationMethod } from './contact-verification.table.ts';
import {
  codeDisclosureEvent,
  type VerificationEventInput,
  verificationEvent,
} from './contact-verification-audit.ts';
import { CODE_PATTERN, newCode, sameText, verificationSecrets } from './contact-verification-code.ts';
import {
  type Identifier,
  normalizeIdentifier,
  phoneOf,
  validDateOfBirth,
} from './contact-verification-identifiers.ts';
import { checkLimits, VERIFICATION_LIMITS, windowStart } from './contact-verification-limits.ts';
import type { OneTimeCodeSender } from './contact-verification-senders.ts';

export { VERIFICATION_LIMITS } from './contact-verification-limits.ts';

export interface ContactVerificationDeps {
  /** The application's row-secured view of the database. */
  readonly db: Kysely<Database>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly pseudonymKey: PseudonymKeySource;
  /** Directory lookups by blind index (opened values, for comparison only). */
  readonly contacts: Pick<ContactRepository, 'findBy'>;
  /** The deployment's root key: the code MAC and identifier keys derive from it. */
  readonly rootKey: Uint8Array;
  /** Undefined: the code method is unavailable (production without an SMS gateway). */
  readonly sender: OneTimeCodeSender | undefined;
  /** How long a proof lasts; default 30 minutes. */
  readonly assuranceMinutes?: number;
  readonly now?: () => Date;
  /** Told of a code that could not be delivered (never the number or the code). */
  readonly onDeliveryError?: (error: unknown, verificationId: string) => void;
}

/** The tenant of the request; its vertical decides the purpose of use. */
export interface VerificationTenant {
  readonly id: string;
  readonly vertical: string;
}

/** Who is verifying: a widget visitor (their own contact) in one conversation. */
export interface Visitor {
  readonly conversationId: string;
  readonly visitorId: string;
}

export interface Assurance {
  readonly subjectId: string;
  readonly method: VerificationMethod;
  readonly verificationId: string;
  readonly until: Date;
}

export interface KnowledgeAnswer {
  readonly identifier: Identifier;
  /** YYYY-MM-DD. */
  readonly dateOfBirth: string;
  readonly phoneLast4?: string;
}

interface Refusal {
  readonly failure: FailureReason;
  readonly type: 'wrong-code' | 'used-up' | 'expired' | 'no-match';
}

const REFUSAL_TEXT: Readonly<Record<Refusal['type'], string>> = {
  'wrong-code': 'The code is not right.',
  'used-up': 'Too many wrong codes; ask for a new one.',
  expired: 'The code has expired or was used already; ask for a new one.',
  'no-match': 'The details do not match our records.',
};

const refused = (refusal: Refusal) =>
  new AppError('unauthenticated', REFUSAL_TEXT[refusal.type], { details: { type: refusal.type } });

/**
 * Contact verification (issue 5 §4, docs/identity/contact-verification.md): a widget visitor V,
 * bound to conversation C, proves to be directory record X by a one-time code sent to X's phone
 * or by a knowledge check. The result is an assurance of C ("V is X by method M until T") that
 * the tenant guard and the chat runtime look up; the widget token stays stateless.
 *
 * No enumeration: starting a code answers alike whether or not a record matched (the code goes
 * out after the answer), and a challenge without a record fails every code like a wrong one.
 * Limits are counted in the database under an advisory lock per conversation (and per subject),
 * so they hold across processes; past one, nothing is looked up. Every outcome is recorded in
 * the transaction that records the state change.
 */
export function createContactVerificationService(deps: ContactVerificationDeps) {
  const { db, audit } = deps;
  const now = deps.now ?? (() => new Date());
  const secrets = verificationSecrets(deps.rootKey);
  const assuranceMs = (deps.assuranceMinutes ?? VERIFICATION_LIMITS.assuranceMinutes) * 60_000;
  const deliveries = new Set<Promise<void>>();
  const pseudonym = (tenantId: string, contactId: string) =>
    contactPseudonym(deps.pseudonymKey, tenantId, contactId);

  async function eventInput(
    tenant: VerificationTenant,
    visitor: Visitor,
    method: VerificationMethod,
    verificationId: string,
    subjectId: string | null,
  ): Promise<VerificationEventInput> {
    return {
      tenantId: tenant.id,
      vertical: tenant.vertical,
      method,
      verificationId,
      visitorPseudonym: await pseudonym(tenant.id, visitor.visitorId),
      subjectPseudonym: subjectId ? await pseudonym(tenant.id, subjectId) : undefined,
      requestId: currentContext()?.requestId,
    };
  }

  async function lookUp(tenantId: string, identifier: Identifier): Promise<Contact[]> {
    return deps.contacts.findBy(tenantId, identifier.kind, identifier.value);
  }

  /** Records the proof and the conversation's assurance; returns its end. */
  async function prove(
    trx: Transaction<Database>,
    input: VerificationEventInput,
    visitor: Visitor,
    subjectId: string,
    at: Date,
  ): Promise<Date> {
    const until = new Date(at.getTime() + assuranceMs);
    await store.assure(trx, {
      tenantId: input.tenantId,
      conversationId: visitor.conversationId,
      visitorId: visitor.visitorId,
      subjectId,
      method: input.method,
      verificationId: input.verificationId,
      verifiedAt: at,
      expiresAt: until,
    });
    await audit.record(trx, verificationEvent(input));
    return until;
  }

  function deliver(
    sender: OneTimeCodeSender,
    input: VerificationEventInput,
    message: Parameters<OneTimeCodeSender['send']>[0],
  ) {
    const delivery = sender.send(message).catch(async (error: unknown) => {
      deps.onDeliveryError?.(error, message.verificationId);
      await db
        .transaction()
        .execute((trx) => audit.record(trx, codeDisclosureEvent({ ...input, requestId: undefined }, true)))
        .catch((recording: unknown) => deps.onDeliveryError?.(recording, message.verificationId));
    });
    deliveries.add(delivery);
    void delivery.finally(() => deliveries.delete(delivery));
  }

  async function assuranceOf(
    tenantId: string,
    conversationId: string,
    visitorId: string,
  ): Promise<Assurance | undefined> {
    const row = await store.liveAssurance(db, tenantId, conversationId, visitorId, now());
    return (
      row && {
        subjectId: row.subject_id,
        method: row.method,
        verificationId: row.verification_id,
        until: row.expires_at,
      }
    );
  }

  return {
    /** Whether codes can be sent here (a gateway, or the development outbox). */
    codesAvailable: deps.sender !== undefined,

    /**
     * Starts a one-time code: if exactly one record has the identifier and a mobile phone (and is
     * not locked by failures), a code goes to that phone after this answers. The answer is the
     * same whether or not one did.
     */
    async startCode(
      tenant: VerificationTenant,
      visitor: Visitor,
      identifier: Identifier,
      locale: 'zh-CN' | 'en',
    ): Promise<{ verificationId: string; expiresAt: Date }> {
      const sender = deps.sender;
      if (!sender) {
        throw new AppError('not_ready', 'One-time codes cannot be sent here; use the knowledge check.', {
          details: { type: 'unavailable' },
        });
      }
      const wanted = normalizeIdentifier(identifier);
      const at = now();
      await checkLimits(db, tenant.id, visitor, at, { starts: true });
      const matches = await lookUp(tenant.id, wanted);
      const subject = matches.length === 1 ? matches[0] : undefined;
      const subjectKey = subject?.id ?? secrets.identifierKey(tenant.id, wanted.kind, wanted.value);
      const to = subject ? phoneOf(subject) : undefined;
      const verificationId = randomUUID();
      const expiresAt = new Date(at.getTime() + VERIFICATION_LIMITS.codeTtlMinutes * 60_000);
      const code = newCode();
      const input = await eventInput(tenant, visitor, 'code', verificationId, subject?.id ?? null);
      const sent = await db.transaction().execute(async (trx) => {
        await store.lockConversation(trx, tenant.id, visitor.conversationId);
        await checkLimits(trx, tenant.id, visitor, at, { starts: true });
        // A record locked by failures gets no code, and the answer does not say so.
        const locked =
          (await store.subjectFailures(trx, tenant.id, subjectKey, windowStart(at))).count >=
          VERIFICATION_LIMITS.failuresPerSubjectHour;
        const sending = to !== undefined && !locked;
        await store.prune(trx, tenant.id, at);
        await store.recordAttempt(trx, {
          tenantId: tenant.id,
          conversationId: visitor.conversationId,
          kind: 'start',
          subjectKey: null,
          at,
        });
        await store.insertVerification(trx, {
          tenant_id: tenant.id,
          verification_id: verificationId,
          conversation_id: visitor.conversationId,
          visitor_id: visitor.visitorId,
          method: 'code',
          subject_id: subject?.id ?? null,
          subject_key: subjectKey,
          // Without a record the MAC is of a code nobody gets: every answer then fails alike.
          code_mac: secrets.codeMac(tenant.id, verificationId, sending ? code : newCode()),
          state: 'pending',
          failed_attempts: 0,
          created_at: at,
          expires_at: expiresAt,
          decided_at: null,
        });
        if (sending) await audit.record(trx, codeDisclosureEvent(input));
        return sending;
      });
      if (sent && to)
        deliver(sender, input, { tenantId: tenant.id, to, locale, code, expiresAt, verificationId });
      return { verificationId, expiresAt };
    },

    /** Confirms a code: the assurance on success; 401 (and a counted failure) otherwise. */
    async confirmCode(
      tenant: VerificationTenant,
      visitor: Visitor,
      verificationId: string,
      code: string,
    ): Promise<{ verified: true; until: Date }> {
      if (!CODE_PATTERN.test(code)) {
        throw new AppError('validation_failed', 'The request is invalid.', {
          issues: [{ path: 'code', message: 'expected 6 digits' }],
        });
      }
      const known = await store.challenge(db, tenant.id, verificationId, visitor);
      if (!known) throw new AppError('not_found', 'No such verification.');
      const at = now();
      await checkLimits(db, tenant.id, visitor, at, { subjectKey: known.subject_key });
      const input = await eventInput(tenant, visitor, 'code', verificationId, known.subject_id);
      type Outcome = { readonly until: Date } | { readonly refusal: Refusal };
      const outcome = await db.transaction().execute(async (trx): Promise<Outcome> => {
        await store.lockConversation(trx, tenant.id, visitor.conversationId);
        await store.lockSubject(trx, tenant.id, known.subject_key);
        await checkLimits(trx, tenant.id, visitor, at, { subjectKey: known.subject_key });
        const row = await store.challenge(trx, tenant.id, verificationId, visitor, { forUpdate: true });
        if (!row) throw new AppError('not_found', 'No such verification.');
        const verdict = judgeCode(row, code, at);
        if (verdict === 'match' && row.subject_id) {
          await store.decide(trx, row, {
            state: 'verified',
            failed_attempts: row.failed_attempts,
            decided_at: at,
          });
          return { until: await prove(trx, input, visitor, row.subject_id, at) };
        }
        let failure: Refusal;
        if (typeof verdict === 'string') {
          // A wrong code (or, by a one-in-a-million chance, the never-sent code of a challenge
          // without a record); the fifth burns the challenge.
          const attempts = row.failed_attempts + 1;
          const burned = attempts >= VERIFICATION_LIMITS.wrongCodesPerChallenge;
          failure = burned
            ? { failure: 'locked-out', type: 'used-up' }
            : { failure: 'bad-credentials', type: 'wrong-code' };
          await store.decide(trx, row, {
            state: burned ? 'burned' : 'pending',
            failed_attempts: attempts,
            decided_at: burned ? at : null,
          });
        } else {
          failure = verdict;
        }
        await store.recordAttempt(trx, {
          tenantId: tenant.id,
          conversationId: visitor.conversationId,
          kind: 'failure',
          subjectKey: row.subject_key,
          at,
        });
        await audit.record(trx, verificationEvent(input, failure.failure));
        return { refusal: failure };
      });
      if ('refusal' in outcome) throw refused(outcome.refusal);
      return { verified: true, until: outcome.until };
    },

    /** A knowledge check: identifier and date of birth (and the phone's last four) of one record. */
    async knowledgeCheck(
      tenant: VerificationTenant,
      visitor: Visitor,
      answer: KnowledgeAnswer,
    ): Promise<{ verified: true; until: Date }> {
      const wanted = normalizeIdentifier(answer.identifier);
      validDateOfBirth(answer.dateOfBirth);
      if (answer.phoneLast4 !== undefined && !/^\d{4}$/.test(answer.phoneLast4)) {
        throw new AppError('validation_failed', 'The request is invalid.', {
          issues: [{ path: 'phoneLast4', message: 'expected 4 digits' }],
        });
      }
      const at = now();
      await checkLimits(db, tenant.id, visitor, at, {});
      const candidates = await lookUp(tenant.id, wanted);
      const named = candidates.length === 1 ? candidates[0]?.id : undefined;
      const subjectKey = named ?? secrets.identifierKey(tenant.id, wanted.kind, wanted.value);
      await checkLimits(db, tenant.id, visitor, at, { subjectKey });
      const matching = candidates.filter((contact) => knows(contact, answer));
      const proven = matching.length === 1 ? matching[0]?.id : undefined;
      const verificationId = randomUUID();
      const input = await eventInput(tenant, visitor, 'knowledge', verificationId, proven ?? named ?? null);
      const until = await db.transaction().execute(async (trx) => {
        await store.lockConversation(trx, tenant.id, visitor.conversationId);
        await store.lockSubject(trx, tenant.id, proven ?? subjectKey);
        await checkLimits(trx, tenant.id, visitor, at, { subjectKey: proven ?? subjectKey });
        await store.insertVerification(trx, {
          tenant_id: tenant.id,
          verification_id: verificationId,
          conversation_id: visitor.conversationId,
          visitor_id: visitor.visitorId,
          method: 'knowledge',
          subject_id: proven ?? named ?? null,
          subject_key: proven ?? subjectKey,
          code_mac: null,
          state: proven ? 'verified' : 'failed',
          failed_attempts: proven ? 0 : 1,
          created_at: at,
          expires_at: new Date(at.getTime() + assuranceMs),
          decided_at: at,
        });
        if (proven) return prove(trx, input, visitor, proven, at);
        await store.recordAttempt(trx, {
          tenantId: tenant.id,
          conversationId: visitor.conversationId,
          kind: 'failure',
          subjectKey,
          at,
        });
        await audit.record(trx, verificationEvent(input, 'bad-credentials'));
        return undefined;
      });
      if (!until) throw refused({ failure: 'bad-credentials', type: 'no-match' });
      return { verified: true, until };
    },

    /** The conversation's live assurance for this visitor, if any. */
    assuranceOf,

    /**
     * A widget visitor's actor for this request: verified as the record their conversation's live
     * assurance names, else as the token says (unverified).
     */
    async enrich(actor: ContactActor): Promise<ContactActor> {
      // Only a widget credential is bound to a conversation; other contact credentials keep their word.
      if (typeof actor.conversationId !== 'string') return actor;
      const assurance = await assuranceOf(actor.tenantId, actor.conversationId, actor.id);
      if (!assurance) {
        const { verifiedSubjectId: _dropped, ...plain } = actor;
        return { ...plain, verified: false };
      }
      return { ...actor, verified: true, verifiedSubjectId: assurance.subjectId };
    },

    /** Resolves once every code handed to the sender so far has been sent or has failed. */
    async settled(): Promise<void> {
      await Promise.allSettled([...deliveries]);
    },
  };

  /** `match`, `wrong`, or why no code can be accepted any more (burned, expired, used). */
  function judgeCode(row: VerificationRow, code: string, at: Date): 'match' | 'wrong' | Refusal {
    if (row.state === 'burned') return { failure: 'locked-out', type: 'used-up' };
    if (row.state !== 'pending' || row.expires_at <= at) return { failure: 'denied', type: 'expired' };
    return row.code_mac && secrets.codeMatches(row.code_mac, row.tenant_id, row.verification_id, code)
      ? 'match'
      : 'wrong';
  }
}

/** Whether a record carries the date of birth (and phone ending) given, compared on opened values. */
function knows(contact: Contact, answer: KnowledgeAnswer): boolean {
  const born = sameText(contact.dateOfBirth ?? '', answer.dateOfBirth);
  if (answer.phoneLast4 === undefined) return born && contact.dateOfBirth !== null;
  const phone = contact.mobilePhone?.replace(/\D/g, '') ?? '';
  return (
    born && contact.dateOfBirth !== null && phone.length >= 4 && sameText(phone.slice(-4), answer.phoneLast4)
  );
}

export type ContactVerificationService = ReturnType<typeof createContactVerificationService>;

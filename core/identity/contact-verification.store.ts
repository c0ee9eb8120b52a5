import { randomUUID } from 'node:crypto';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type {
  ContactAssuranceTable,
  ContactVerificationTable,
  VerificationMethod,
} from './contact-verification.table.ts';

export type VerificationRow = Selectable<ContactVerificationTable>;
export type AssuranceRow = Selectable<ContactAssuranceTable>;

/** How many attempts of a kind fell in the window, and when the oldest of them did. */
export interface WindowCount {
  readonly count: number;
  readonly oldest: Date | null;
}

// pg_advisory_xact_lock(int4, int4): this constant names contact verification, the second key the conversation.
const LOCK_CLASS = 0x0c57_0501;
const PRUNE_AFTER_MS = 24 * 3_600_000;

type Executor = Kysely<Database> | Transaction<Database>;

const windowCount = (row: { n: number | string; oldest: Date | null } | undefined): WindowCount => ({
  count: Number(row?.n ?? 0),
  oldest: row?.oldest ?? null,
});

/** SQL of the contact-verification tables. Rows only: the service makes the decisions. */
export const verificationStore = {
  /**
   * Serialises the checks and writes of one conversation for the rest of the transaction, across
   * processes, so that two requests at once cannot both pass a limit with one attempt left.
   */
  async lockConversation(trx: Transaction<Database>, tenantId: string, conversationId: string) {
    await sql`select pg_advisory_xact_lock(${LOCK_CLASS}::int, hashtext(${`${tenantId}:${conversationId}`}))`.execute(
      trx,
    );
  },

  /** A subject's failures are counted across conversations: lock it too (always after the conversation). */
  async lockSubject(trx: Transaction<Database>, tenantId: string, subjectKey: string) {
    await sql`select pg_advisory_xact_lock(${LOCK_CLASS}::int, hashtext(${`${tenantId}:${subjectKey}`}))`.execute(
      trx,
    );
  },

  async conversationAttempts(
    db: Executor,
    tenantId: string,
    conversationId: string,
    kind: 'start' | 'failure',
    since: Date,
  ): Promise<WindowCount> {
    const row = await db
      .selectFrom('contact_verification_attempts')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('oldest')])
      .where('tenant_id', '=', tenantId)
      .where('conversation_id', '=', conversationId)
      .where('kind', '=', kind)
      .where('at', '>', since)
      .executeTakeFirst();
    return windowCount(row);
  },

  async subjectFailures(
    db: Executor,
    tenantId: string,
    subjectKey: string,
    since: Date,
  ): Promise<WindowCount> {
    const row = await db
      .selectFrom('contact_verification_attempts')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('oldest')])
      .where('tenant_id', '=', tenantId)
      .where('subject_key', '=', subjectKey)
      .where('kind', '=', 'failure')
      .where('at', '>', since)
      .executeTakeFirst();
    return windowCount(row);
  },

  async recordAttempt(
    trx: Transaction<Database>,
    attempt: {
      tenantId: string;
      conversationId: string;
      kind: 'start' | 'failure';
      subjectKey: string | null;
      at: Date;
    },
  ): Promise<void> {
    await trx
      .insertInto('contact_verification_attempts')
      .values({
        tenant_id: attempt.tenantId,
        attempt_id: randomUUID(),
        conversation_id: attempt.conversationId,
        subject_key: attempt.subjectKey,
        kind: attempt.kind,
        at: attempt.at,
      })
      .execute();
  },

  /** Drops the tenant's attempts older than a day: no limit looks that far back. */
  async prune(trx: Transaction<Database>, tenantId: string, now: Date): Promise<void> {
    await trx
      .deleteFrom('contact_verification_attempts')
      .where('tenant_id', '=', tenantId)
      .where('at', '<', new Date(now.getTime() - PRUNE_AFTER_MS))
      .execute();
  },

  async insertVerification(trx: Transaction<Database>, row: VerificationRow): Promise<void> {
    await trx.insertInto('contact_verifications').values(row).execute();
  },

  /**
   * The visitor's own challenge; another conversation's is not found. With `forUpdate` (in a
   * transaction) the row stays locked for the rest of it.
   */
  async challenge(
    db: Executor,
    tenantId: string,
    verificationId: string,
    visitor: { readonly conversationId: string; readonly visitorId: string },
    options: { readonly forUpdate?: boolean } = {},
  ): Promise<VerificationRow | undefined> {
    const query = db
      .selectFrom('contact_verifications')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('verification_id', '=', verificationId)
      .where('conversation_id', '=', visitor.conversationId)
      .where('visitor_id', '=', visitor.visitorId)
      .where('method', '=', 'code');
    return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
  },

  async decide(
    trx: Transaction<Database>,
    row: Pick<VerificationRow, 'tenant_id' | 'verification_id'>,
    change: Pick<VerificationRow, 'state' | 'failed_attempts' | 'decided_at'>,
  ): Promise<void> {
    await trx
      .updateTable('contact_verifications')
      .set(change)
      .where('tenant_id', '=', row.tenant_id)
      .where('verification_id', '=', row.verification_id)
      .execute();
  },

  /** The conversation's assurance, replacing any earlier one (a visitor proves one record at a time). */
  async assure(
    trx: Transaction<Database>,
    assurance: {
      tenantId: string;
      conversationId: string;
      visitorId: string;
      subjectId: string;
      method: VerificationMethod;
      verificationId: string;
      verifiedAt: Date;
      expiresAt: Date;
    },
  ): Promise<void> {
    const values = {
      visitor_id: assurance.visitorId,
      subject_id: assurance.subjectId,
      method: assurance.method,
      verification_id: assurance.verificationId,
      verified_at: assurance.verifiedAt,
      expires_at: assurance.expiresAt,
    };
    await trx
      .insertInto('contact_assurances')
      .values({ tenant_id: assurance.tenantId, conversation_id: assurance.conversationId, ...values })
      .onConflict((oc) => oc.columns(['tenant_id', 'conversation_id']).doUpdateSet(values))
      .execute();
  },

  /** The live assurance of a conversation's visitor, if any. */
  async liveAssurance(
    db: Executor,
    tenantId: string,
    conversationId: string,
    visitorId: string,
    now: Date,
  ): Promise<AssuranceRow | undefined> {
    return db
      .selectFrom('contact_assurances')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('conversation_id', '=', conversationId)
      .where('visitor_id', '=', visitorId)
      .where('expires_at', '>', now)
      .executeTakeFirst();
  },
};

import { createHash, randomUUID } from 'node:crypto';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { NewAuditEvent } from '../../compliance/index.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { PLATFORM_SCOPE, withDataScope } from '../context/data-scope.ts';
import type { Actor } from '../context/request-context.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { authorizeActor } from './actor-ability.ts';
import type { BreakGlassTable } from './break-glass.table.ts';

export interface BreakGlassPolicy {
  readonly defaultMinutes: number;
  readonly maxMinutes: number;
}

/** An hour by default, four at most: long enough for an emergency, short enough to stay one. */
export const DEFAULT_BREAK_GLASS_POLICY: BreakGlassPolicy = { defaultMinutes: 60, maxMinutes: 240 };

export interface BreakGlassDeps {
  readonly db: Kysely<Database>;
  readonly audit: Pick<AuditLog, 'record'>;
  /** Seals the justification under the data subject's key, bound to this window. */
  readonly sealReason: (
    tenantId: string,
    subjectId: string,
    breakGlassId: string,
    reason: string,
  ) => Promise<Uint8Array>;
  /** The subject's audit pseudonym (docs/compliance/audit-log.md §1.3). */
  readonly pseudonymOf: (tenantId: string, subjectId: string) => Promise<string>;
  /** Whether the tenant has this data subject (a contact), not erased. */
  readonly subjectExists: (tenantId: string, subjectId: string) => Promise<boolean>;
  readonly policy?: BreakGlassPolicy;
  readonly now?: () => Date;
}

/** The tenant a window belongs to; the vertical decides the purpose of use. */
export interface BreakGlassTenant {
  readonly id: string;
  readonly vertical: string;
}

export interface BreakGlassWindow {
  readonly id: string;
  readonly tenantId: string;
  readonly requesterId: string;
  readonly requesterRole: string;
  readonly subjectId: string;
  readonly purpose: 'ETREAT' | 'EDUSAFETY';
  readonly openedAt: Date;
  readonly expiresAt: Date;
  readonly closedAt: Date | null;
  readonly closeReason: 'stopped' | 'expired' | null;
  readonly reviewedAt: Date | null;
  readonly reviewerId: string | null;
  readonly reviewOutcome: 'justified' | 'unjustified' | null;
}

/** What an access inside a window carries into its audit event. */
export interface EmergencyTag {
  readonly purpose: 'ETREAT' | 'EDUSAFETY';
  readonly detailsRef: { readonly id: string; readonly sha256: string };
}

const toWindow = (row: Selectable<BreakGlassTable>): BreakGlassWindow => ({
  id: row.break_glass_id,
  tenantId: row.tenant_id,
  requesterId: row.requester_id,
  requesterRole: row.requester_role,
  subjectId: row.subject_id,
  purpose: row.purpose,
  openedAt: row.opened_at,
  expiresAt: row.expires_at,
  closedAt: row.closed_at,
  closeReason: row.close_reason,
  reviewedAt: row.reviewed_at,
  reviewerId: row.reviewer_id,
  reviewOutcome: row.review_outcome,
});

// FERPA §99.36 (health or safety emergency) is the education counterpart of emergency treatment.
const purposeFor = (tenant: BreakGlassTenant) => (tenant.vertical === 'education' ? 'EDUSAFETY' : 'ETREAT');

const auditRole = (actor: Actor) => (actor.role ?? actor.kind).toLowerCase().replaceAll('_', '-');

const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === '23505';

/**
 * Break-glass (issue 5 item 7): a requester whose role allows it opens time-boxed emergency access
 * to one data subject, with a reason sealed under that subject's key. Opening and closing are
 * audited as DICOM 110127 / 110138 (`break-glass-start`, `break-glass-stop`), every access inside
 * the window carries the emergency purpose and a reference to the sealed reason (`accessTag`), and
 * each closed window waits in the privacy officer's review queue. Until it is reviewed, the
 * requester cannot open another (a unique index, so two requests at once cannot both succeed).
 */
export function createBreakGlassService(deps: BreakGlassDeps) {
  const { db, audit } = deps;
  const policy = deps.policy ?? DEFAULT_BREAK_GLASS_POLICY;
  const now = deps.now ?? (() => new Date());

  async function event(
    window: Pick<BreakGlassWindow, 'id' | 'tenantId' | 'subjectId' | 'purpose'>,
    actor: NewAuditEvent['actor'],
    action: NewAuditEvent['action'],
    sha256: string,
    outcome: NewAuditEvent['outcome'] = { result: 'success' },
    purpose: NewAuditEvent['purpose'] = window.purpose,
  ): Promise<NewAuditEvent> {
    return {
      tenantId: window.tenantId,
      actor,
      action,
      purpose,
      resource: { type: 'BreakGlass', id: window.id },
      subject: { type: 'contact', pseudonym: await deps.pseudonymOf(window.tenantId, window.subjectId) },
      outcome,
      detailsRef: { id: window.id, sha256 },
    };
  }

  const staffOf = (actor: Actor): NewAuditEvent['actor'] => ({
    id: actor.id,
    role: auditRole(actor),
    kind: actor.kind === 'anonymous' || actor.kind === 'contact' ? 'service' : actor.kind,
  });

  async function load(tenantId: string, id: string) {
    const row = await db
      .selectFrom('break_glass')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('break_glass_id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AppError('not_found', 'No such break-glass window.');
    return row;
  }

  return {
    async open(
      actor: Actor,
      tenant: BreakGlassTenant,
      input: { readonly subjectId: string; readonly reason: string; readonly minutes?: number },
    ): Promise<BreakGlassWindow> {
      const purpose = purposeFor(tenant);
      authorizeActor(actor, 'create', {
        type: 'BreakGlass',
        attributes: { tenantId: tenant.id, requesterId: actor.id, purpose },
      });
      const minutes = input.minutes ?? policy.defaultMinutes;
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > policy.maxMinutes) {
        throw new AppError('unprocessable', `A window lasts from 1 to ${policy.maxMinutes} minutes.`, {
          issues: [{ path: 'minutes', message: `expected 1 to ${policy.maxMinutes}` }],
        });
      }
      const reason = input.reason.trim();
      if (reason.length < 10) {
        throw new AppError('unprocessable', 'Say why emergency access is needed (at least 10 characters).', {
          issues: [{ path: 'reason', message: 'too short' }],
        });
      }
      if (!(await deps.subjectExists(tenant.id, input.subjectId))) {
        throw new AppError('not_found', 'No such person in this tenant.');
      }
      const id = randomUUID();
      const sealed = Buffer.from(await deps.sealReason(tenant.id, input.subjectId, id, reason));
      const sha256 = createHash('sha256').update(sealed).digest('base64url');
      const at = now();
      const window = {
        id,
        tenantId: tenant.id,
        subjectId: input.subjectId,
        purpose,
      } as const;
      try {
        const row = await db.transaction().execute(async (trx) => {
          const inserted = await trx
            .insertInto('break_glass')
            .values({
              tenant_id: tenant.id,
              break_glass_id: id,
              requester_id: actor.id,
              requester_role: auditRole(actor),
              subject_id: input.subjectId,
              purpose,
              reason_sealed: sealed,
              reason_sha256: sha256,
              opened_at: at,
              expires_at: new Date(at.getTime() + minutes * 60_000),
              closed_at: null,
              close_reason: null,
              reviewed_at: null,
              reviewer_id: null,
              review_outcome: null,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await audit.record(trx, await event(window, staffOf(actor), 'break-glass-start', sha256));
          return inserted;
        });
        return toWindow(row);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        await db.transaction().execute(async (trx) =>
          audit.record(
            trx,
            await event(window, staffOf(actor), 'break-glass-start', sha256, {
              result: 'failure',
              reason: 'denied',
            }),
          ),
        );
        throw new AppError(
          'conflict',
          'Your previous break-glass window has not been reviewed yet; a privacy officer must review it first.',
        );
      }
    },

    /** The requester ends their window early. */
    async stop(actor: Actor, tenant: BreakGlassTenant, id: string): Promise<BreakGlassWindow> {
      const current = await load(tenant.id, id);
      authorizeActor(actor, 'read', {
        type: 'BreakGlass',
        attributes: { tenantId: tenant.id, requesterId: current.requester_id, purpose: current.purpose },
      });
      if (current.requester_id !== actor.id)
        throw new AppError('forbidden', 'Only its requester stops a window.');
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('break_glass')
          .set({ closed_at: now(), close_reason: 'stopped' })
          .where('tenant_id', '=', tenant.id)
          .where('break_glass_id', '=', id)
          .where('closed_at', 'is', null)
          .returningAll()
          .executeTakeFirst();
        if (!row) return toWindow(current);
        await audit.record(
          trx,
          await event(toWindow(row), staffOf(actor), 'break-glass-stop', row.reason_sha256),
        );
        return toWindow(row);
      });
    },

    /**
     * Closes every window past its end and records its `break-glass-stop` (by the system): run
     * periodically. Until then an expired window grants nothing anyway (`activeSubjectIds`).
     */
    async closeExpired(): Promise<number> {
      return withDataScope(PLATFORM_SCOPE, () =>
        db.transaction().execute(async (trx) => {
          const rows = await trx
            .updateTable('break_glass')
            .set({ closed_at: sql<Date>`expires_at`, close_reason: 'expired' })
            .where('closed_at', 'is', null)
            .where('expires_at', '<=', now())
            .returningAll()
            .execute();
          for (const row of rows) {
            const system = { id: 'break-glass-expiry', role: 'system', kind: 'system' } as const;
            await audit.record(
              trx,
              await event(toWindow(row), system, 'break-glass-stop', row.reason_sha256),
            );
          }
          return rows.length;
        }),
      );
    },

    /** The subjects a requester may reach in an emergency right now: open, unexpired windows. */
    async activeSubjectIds(tenantId: string, requesterId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('break_glass')
        .select('subject_id')
        .where('tenant_id', '=', tenantId)
        .where('requester_id', '=', requesterId)
        .where('closed_at', 'is', null)
        .where('expires_at', '>', now())
        .execute();
      return rows.map((row) => row.subject_id);
    },

    /** For the audit event of an access made under a window (undefined when none is open). */
    async accessTag(
      tenantId: string,
      requesterId: string,
      subjectId: string,
    ): Promise<EmergencyTag | undefined> {
      const row = await db
        .selectFrom('break_glass')
        .select(['break_glass_id', 'purpose', 'reason_sha256'])
        .where('tenant_id', '=', tenantId)
        .where('requester_id', '=', requesterId)
        .where('subject_id', '=', subjectId)
        .where('closed_at', 'is', null)
        .where('expires_at', '>', now())
        .executeTakeFirst();
      return (
        row && { purpose: row.purpose, detailsRef: { id: row.break_glass_id, sha256: row.reason_sha256 } }
      );
    },

    /** The privacy officer's queue: closed, unreviewed windows, oldest first (keyset by close time, id). */
    async reviewQueue(actor: Actor, tenant: BreakGlassTenant, limit: number): Promise<BreakGlassWindow[]> {
      authorizeActor(actor, 'read', { type: 'BreakGlass', attributes: { tenantId: tenant.id } });
      const rows = await db
        .selectFrom('break_glass')
        .selectAll()
        .where('tenant_id', '=', tenant.id)
        .where('reviewed_at', 'is', null)
        .where('closed_at', 'is not', null)
        .orderBy('closed_at')
        .orderBy('break_glass_id')
        .limit(limit)
        .execute();
      return rows.map(toWindow);
    },

    async review(
      actor: Actor,
      tenant: BreakGlassTenant,
      id: string,
      outcome: 'justified' | 'unjustified',
    ): Promise<BreakGlassWindow> {
      const current = await load(tenant.id, id);
      authorizeActor(actor, 'review', {
        type: 'BreakGlass',
        attributes: {
          tenantId: tenant.id,
          requesterId: current.requester_id,
          reviewed: current.reviewed_at !== null,
        },
      });
      if (current.closed_at === null)
        throw new AppError('conflict', 'The window is still open; review it once it ends.');
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('break_glass')
          .set({ reviewed_at: now(), reviewer_id: actor.id, review_outcome: outcome })
          .where('tenant_id', '=', tenant.id)
          .where('break_glass_id', '=', id)
          .where('reviewed_at', 'is', null)
          .returningAll()
          .executeTakeFirst();
        if (!row) throw new AppError('conflict', 'The window has already been reviewed.');
        // Reviewing is compliance work, not treatment.
        const purpose = row.purpose === 'EDUSAFETY' ? 'EDUAUDIT' : 'HCOMPL';
        const success = { result: 'success' } as const;
        await audit.record(
          trx,
          await event(toWindow(row), staffOf(actor), 'update', row.reason_sha256, success, purpose),
        );
        return toWindow(row);
      });
    },
  };
}

export type BreakGlassService = ReturnType<typeof createBreakGlassService>;

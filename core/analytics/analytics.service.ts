import type { Kysely } from 'kysely';
import type { NewAuditEvent, PurposeOfUse } from '../../compliance/index.ts';
import { asSubject } from '../access/ability.ts';
import { accessActorOf, authorizeActor } from '../access/actor-ability.ts';
import { accessFilter } from '../access/sql-filter.ts';
import type { Action } from '../access/subjects.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { type Actor, currentContext } from '../context/request-context.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { loadDailyRows } from './daily-metrics.store.ts';
import { buildDailyReport, type DailyReport, type DateRange, daysOf, toCsv } from './daily-metrics.ts';

/** The tenant a report is for, as the routes and the CLI resolve it. */
export interface AnalyticsTenant {
  readonly id: string;
  readonly vertical: string;
  readonly timeZone: string;
}

export interface AnalyticsDeps {
  /** The application's row-secured view of the database. */
  readonly db: Kysely<Database>;
  /** Records CSV exports; without it nothing is recorded. */
  readonly audit?: Pick<AuditLog, 'record'>;
  readonly now?: () => Date;
}

export interface DailyRequest extends DateRange {
  readonly queueId?: string;
}

// Running the service, like routing: operations of the hospital or school.
const purposeOf = (vertical: string): PurposeOfUse => (vertical === 'education' ? 'EDUADMIN' : 'HOPERAT');

function exportEvent(tenant: AnalyticsTenant, actor: Actor, ok: boolean): NewAuditEvent {
  const requestId = currentContext()?.requestId;
  const kind = actor.kind === 'service' || actor.kind === 'system' ? actor.kind : 'staff';
  return {
    tenantId: tenant.id,
    actor: { id: actor.id, role: (actor.role ?? actor.kind).toLowerCase().replaceAll('_', '-'), kind },
    action: 'export',
    purpose: purposeOf(tenant.vertical),
    resource: { type: 'Analytics', id: 'daily' },
    outcome: ok ? { result: 'success' } : { result: 'failure', reason: 'error' },
    ...(requestId ? { requestId } : {}),
  };
}

/**
 * Daily service metrics (docs/analytics.md): supervisors for their queues, tenant admins for the
 * whole tenant. Counts and durations only, so reading is not audited; a CSV export is.
 */
export function createAnalytics(deps: AnalyticsDeps) {
  const { db, audit } = deps;
  const now = deps.now ?? (() => new Date());

  /** Authorizes, then returns the SQL filters of what the actor may count. */
  function scopeOf(actor: Actor, action: Action, tenant: AnalyticsTenant, queueId: string | undefined) {
    const ability = authorizeActor(actor, action, 'Analytics');
    const can = (attributes: Record<string, unknown>) =>
      ability.can(action, asSubject('Analytics', { tenantId: tenant.id, ...attributes }));
    if (queueId !== undefined) {
      // Another queue is "not found", as in the supervisors' overview: nothing is learnt of it.
      if (!can({ queueId })) throw new AppError('not_found', `No queue "${queueId}" of yours.`);
    } else if (!can({}) && !(accessActorOf(actor)?.queueIds ?? []).some((id) => can({ queueId: id }))) {
      throw new AppError('forbidden', `Not allowed to ${action} this Analytics.`, {
        details: { action, subject: 'Analytics' },
      });
    }
    return {
      // Intent counters are kept per tenant only; a queue's report (or a supervisor's) has none.
      tenantWide: queueId === undefined && can({}),
      scope: accessFilter(ability, action, 'Analytics', {
        tenantId: { column: 'c.tenant_id' },
        queueId: { column: 'c.queue_id', nullable: true },
      }),
      csatScope: accessFilter(ability, action, 'Analytics', {
        tenantId: { column: 'r.tenant_id' },
        queueId: { column: 'r.queue_id', nullable: true },
      }),
    };
  }

  async function report(
    actor: Actor,
    action: Action,
    tenant: AnalyticsTenant,
    input: DailyRequest,
  ): Promise<DailyReport> {
    const filters = scopeOf(actor, action, tenant, input.queueId);
    daysOf(input);
    const queueId = input.queueId ?? null;
    const rows = await loadDailyRows(db, {
      tenantId: tenant.id,
      timeZone: tenant.timeZone,
      range: input,
      queueId,
      ...filters,
      now: now(),
    });
    return buildDailyReport(input, { timeZone: tenant.timeZone, queueId }, rows);
  }

  return {
    /** The report as data (JSON): not audited, it holds no personal data. */
    daily(actor: Actor, tenant: AnalyticsTenant, input: DailyRequest): Promise<DailyReport> {
      return report(actor, 'read', tenant, input);
    },

    /** The report as RFC 4180 CSV; the export is recorded (it leaves the system). */
    async dailyCsv(actor: Actor, tenant: AnalyticsTenant, input: DailyRequest): Promise<string> {
      const csv = toCsv(await report(actor, 'export', tenant, input));
      if (audit) await db.transaction().execute((trx) => audit.record(trx, exportEvent(tenant, actor, true)));
      return csv;
    },
  };
}

export type Analytics = ReturnType<typeof createAnalytics>;

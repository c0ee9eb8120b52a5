import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Updateable } from 'kysely';
import type {
  CryptoRotationJobTable,
  KeyRotationDatabase,
  RotationPhase,
  RotationScope,
} from './rotation.table.ts';

/** A rotation job as the runner and `custos keys status` see it. */
export interface RotationJob {
  readonly tenantId: string;
  readonly jobId: string;
  readonly scope: RotationScope;
  readonly phase: RotationPhase;
  readonly startedAt: Date;
  readonly updatedAt: Date;
  readonly phaseAt: Date;
  readonly finishedAt: Date | null;
  readonly rowsTotal: number;
  readonly rowsDone: number;
  readonly keysRotated: number;
  readonly keysDestroyed: number;
  readonly passes: number;
  readonly cursor: { readonly table: string; readonly after: string | null } | null;
  readonly leaseOwner: string | null;
  readonly leaseExpiresAt: Date | null;
}

/** Another runner holds the job's lease: two runners would only race each other. */
export class RotationBusy extends Error {
  override readonly name = 'RotationBusy';
  constructor(job: RotationJob) {
    super(
      `the key rotation of tenant ${job.tenantId} is running elsewhere (lease until ${job.leaseExpiresAt?.toISOString()}); try again after it`,
    );
  }
}

/** A rotation of another scope is unfinished; it has to finish first. */
export class RotationScopeConflict extends Error {
  override readonly name = 'RotationScopeConflict';
  constructor(job: RotationJob, wanted: RotationScope) {
    super(
      `an unfinished rotation of scope ${job.scope} exists for this tenant; resume it with --scope ${job.scope} before starting ${wanted}`,
    );
  }
}

export function toJob(row: Selectable<CryptoRotationJobTable>): RotationJob {
  return {
    tenantId: row.tenant_id,
    jobId: row.job_id,
    scope: row.scope,
    phase: row.phase,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    phaseAt: row.phase_at,
    finishedAt: row.finished_at,
    rowsTotal: Number(row.rows_total),
    rowsDone: Number(row.rows_done),
    keysRotated: row.keys_rotated,
    keysDestroyed: row.keys_destroyed,
    passes: row.passes,
    cursor: row.cursor_table === null ? null : { table: row.cursor_table, after: row.cursor_after },
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
  };
}

export type JobPatch = Updateable<CryptoRotationJobTable>;

/** SQL for `crypto_rotation_jobs`. Every write after the start is fenced by the lease owner. */
export function createRotationJobRepository<DB extends KeyRotationDatabase>(database: Kysely<DB>) {
  const db = database as unknown as Kysely<KeyRotationDatabase>;
  const jobs = (executor: Kysely<KeyRotationDatabase> = db) =>
    executor.selectFrom('crypto_rotation_jobs').selectAll();

  return {
    async open(tenantId: string): Promise<RotationJob | undefined> {
      const row = await jobs()
        .where('tenant_id', '=', tenantId)
        .where('finished_at', 'is', null)
        .executeTakeFirst();
      return row && toJob(row);
    },

    async latest(tenantId: string): Promise<RotationJob | undefined> {
      const row = await jobs()
        .where('tenant_id', '=', tenantId)
        .orderBy('started_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toJob(row);
    },

    /** The unfinished job of the tenant, or a new one; the one-open index settles a race. */
    async startOrResume(tenantId: string, scope: RotationScope, at: Date): Promise<RotationJob> {
      const existing = await this.open(tenantId);
      if (existing) {
        if (existing.scope !== scope) throw new RotationScopeConflict(existing, scope);
        return existing;
      }
      await db
        .insertInto('crypto_rotation_jobs')
        .values({
          tenant_id: tenantId,
          job_id: randomUUID(),
          scope,
          phase: 'rotate',
          started_at: at,
          updated_at: at,
          phase_at: at,
          finished_at: null,
          rows_total: 0,
          rows_done: 0,
          keys_rotated: 0,
          keys_destroyed: 0,
          passes: 0,
          cursor_table: null,
          cursor_after: null,
          lease_owner: null,
          lease_expires_at: null,
        })
        .onConflict((oc) => oc.column('tenant_id').where('finished_at', 'is', null).doNothing())
        .execute();
      const job = await this.open(tenantId);
      if (!job) throw new Error('the rotation job vanished after its creation');
      if (job.scope !== scope) throw new RotationScopeConflict(job, scope);
      return job;
    },

    /** Takes (or renews) the lease unless another owner holds an unexpired one. */
    async claim(job: RotationJob, owner: string, at: Date, until: Date): Promise<RotationJob> {
      const row = await db
        .updateTable('crypto_rotation_jobs')
        .set({ lease_owner: owner, lease_expires_at: until, updated_at: at })
        .where('tenant_id', '=', job.tenantId)
        .where('job_id', '=', job.jobId)
        .where((eb) =>
          eb.or([
            eb('lease_owner', 'is', null),
            eb('lease_owner', '=', owner),
            eb('lease_expires_at', '<', at),
          ]),
        )
        .returningAll()
        .executeTakeFirst();
      if (row) return toJob(row);
      const current = await jobs()
        .where('tenant_id', '=', job.tenantId)
        .where('job_id', '=', job.jobId)
        .executeTakeFirst();
      throw new RotationBusy(current ? toJob(current) : job);
    },

    /**
     * Saves progress in `executor` (the batch's own transaction, so rows and progress commit
     * together) while the lease is still ours; a runner that lost its lease stops here.
     */
    async save(
      executor: Kysely<KeyRotationDatabase> | undefined,
      job: RotationJob,
      owner: string,
      patch: JobPatch,
    ): Promise<RotationJob> {
      const row = await (executor ?? db)
        .updateTable('crypto_rotation_jobs')
        .set(patch)
        .where('tenant_id', '=', job.tenantId)
        .where('job_id', '=', job.jobId)
        .where('lease_owner', '=', owner)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new RotationBusy(job);
      return toJob(row);
    },
  };
}

export type RotationJobRepository = ReturnType<typeof createRotationJobRepository>;

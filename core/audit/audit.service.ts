import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import {
  AuditError,
  type AuditSearchFilter,
  consistencyProofFor,
  ExportRefused,
  type FoundEvent,
  type Hash,
  inclusionProofFor,
  latestCheckpoint,
  type PurposeOfUse,
  type StoredCheckpoint,
  searchEvents,
  tarFiles,
} from '../../compliance/index.ts';
import { asSubject } from '../access/ability.ts';
import { abilityOf } from '../access/actor-ability.ts';
import { type Actor, currentContext } from '../context/request-context.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import type { TenantRepository } from '../tenancy/tenant.repository.ts';
import type { Tenant } from '../tenancy/tenant.ts';
import type { AuditLog } from './audit-log.ts';

/**
 * The auditor's reads of a tenant's log. Every read is itself audited (`audit-read`), in the
 * same transaction as the read; a refused read is recorded as a denied attempt.
 */
export interface AuditServiceDeps {
  readonly db: Kysely<Database>;
  readonly tenants: TenantRepository;
  readonly audit: AuditLog;
}

export interface AuditEventPage {
  readonly items: readonly FoundEvent[];
  readonly nextCursor: string | null;
}

// Auditors read and export the evidence (DESIGN §2.4, 审计管理员); the platform operator may only
// verify it (checkpoints and proofs show consistency without revealing a single event).
type AuditDuty = 'read' | 'export' | 'verify';

// The purpose an audit read serves, in the tenant's vocabulary (docs/compliance/audit-log.md §1.2).
const purposeFor = (tenant: Tenant): PurposeOfUse =>
  tenant.vertical === 'education' ? 'EDUAUDIT' : 'HCOMPL';

function auditActor(actor: Actor) {
  const kind = actor.kind === 'anonymous' ? 'service' : actor.kind;
  const role = (actor.role ?? 'none').toLowerCase().replaceAll('_', '-');
  return { id: actor.id, role, kind } as const;
}

export function createAuditService({ db, tenants, audit }: AuditServiceDeps) {
  /** Authorises the actor for the tenant's log; a refused attempt is recorded as denied. */
  async function authorize(actor: Actor, slug: string, action: 'audit-read' | 'export', duty: AuditDuty) {
    if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Authentication is required.');
    const tenant = await tenants.findBySlug(slug);
    if (!tenant) throw new AppError('not_found', `No tenant "${slug}".`);
    const requestId = currentContext()?.requestId;
    const event = {
      tenantId: tenant.id,
      actor: auditActor(actor),
      action,
      purpose: purposeFor(tenant),
      ...(requestId ? { requestId } : {}),
    };
    if (!abilityOf(actor).can(duty, asSubject('AuditEvent', { tenantId: tenant.id }))) {
      await audit.recordOutsideTransaction({ ...event, outcome: { result: 'failure', reason: 'denied' } });
      throw new AppError(
        'forbidden',
        duty === 'verify'
          ? 'Only an auditor or the platform operator verifies the log.'
          : `Only an auditor may ${duty} the audit log.`,
      );
    }
    return { tenant, event };
  }

  /** Authorises, then runs `read` and records the audit-read in one transaction. */
  async function auditedRead<T>(
    actor: Actor,
    slug: string,
    duty: AuditDuty,
    read: (trx: Kysely<Database>, tenant: Tenant) => Promise<T>,
  ) {
    const { tenant, event } = await authorize(actor, slug, 'audit-read', duty);
    try {
      return await db.transaction().execute(async (trx) => {
        const result = await read(trx, tenant);
        await audit.record(trx, { ...event, outcome: { result: 'success' } });
        return result;
      });
    } catch (error) {
      if (error instanceof AuditError && error.code === 'invalid_tree_size') {
        await audit.recordOutsideTransaction({ ...event, outcome: { result: 'failure', reason: 'invalid' } });
        throw new AppError('unprocessable', error.message);
      }
      throw error;
    }
  }

  return {
    search(
      actor: Actor,
      slug: string,
      filter: AuditSearchFilter,
      limit: number,
      cursor?: number,
    ): Promise<AuditEventPage> {
      return auditedRead(actor, slug, 'read', async (trx, tenant) => {
        const page = { limit: limit + 1, ...(cursor === undefined ? {} : { afterSeq: cursor }) };
        const found = await searchEvents(trx, tenant.id, filter, page);
        const items = found.slice(0, limit);
        const last = items.at(-1);
        return { items, nextCursor: found.length > limit && last ? String(last.event.seq) : null };
      });
    },

    checkpoint(actor: Actor, slug: string): Promise<StoredCheckpoint> {
      return auditedRead(actor, slug, 'verify', async (trx, tenant) => {
        const checkpoint = await latestCheckpoint(trx, tenant.id);
        if (!checkpoint) throw new AppError('not_found', 'The log has no signed checkpoint yet.');
        return checkpoint;
      });
    },

    inclusion(
      actor: Actor,
      slug: string,
      seq: number,
      size?: number,
    ): Promise<{ size: number; leafHash: Hash; proof: Hash[] }> {
      return auditedRead(actor, slug, 'verify', async (trx, tenant) => {
        const treeSize = size ?? (await latestCheckpoint(trx, tenant.id))?.size ?? 0;
        return { size: treeSize, ...(await inclusionProofFor(trx, tenant.id, seq, treeSize)) };
      });
    },

    /**
     * A signed export as a tar archive, written to a private temporary directory and streamed
     * from disk (constant memory); the directory is removed when the stream ends or is dropped.
     */
    async exportArchive(
      actor: Actor,
      slug: string,
      sinceSize?: number,
    ): Promise<{ size: number; archive: AsyncIterable<Buffer> }> {
      const { tenant, event } = await authorize(actor, slug, 'export', 'export');
      const work = await mkdtemp(join(tmpdir(), 'custos-audit-export-'));
      const directory = join(work, 'export');
      let summary: Awaited<ReturnType<AuditLog['exportTo']>>;
      try {
        summary = await audit.exportTo(tenant.id, directory, sinceSize === undefined ? {} : { sinceSize });
      } catch (error) {
        await rm(work, { recursive: true, force: true });
        await audit.recordOutsideTransaction({ ...event, outcome: { result: 'failure', reason: 'invalid' } });
        if (error instanceof ExportRefused) throw new AppError('unprocessable', error.message);
        throw error;
      }
      await audit.recordOutsideTransaction({ ...event, outcome: { result: 'success' } });
      async function* archive() {
        try {
          yield* tarFiles(directory, summary.files);
        } finally {
          await rm(work, { recursive: true, force: true });
        }
      }
      return { size: summary.size, archive: archive() };
    },

    consistency(actor: Actor, slug: string, from: number, to: number): Promise<Hash[]> {
      return auditedRead(actor, slug, 'verify', (trx, tenant) =>
        consistencyProofFor(trx, tenant.id, from, to),
      );
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;

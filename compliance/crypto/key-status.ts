import type { Kysely } from 'kysely';
import type { EncryptedTable } from './encrypted-table.ts';
import type { KeyId } from './key-id.ts';
import type { KeyKind, KeyStatus, KeyStore } from './key-store.ts';
import type { KeyRotationDatabase } from './rotation.table.ts';
import { createRotationJobRepository, type RotationJob } from './rotation-job.repository.ts';
import { rowsPerKey } from './sealed-values.ts';

/** One version of a tenant-wide key, with the rows whose values it seals. */
export interface KeyVersion {
  readonly id: KeyId;
  readonly kind: KeyKind;
  readonly status: KeyStatus;
  readonly createdAt: Date;
  readonly destroyedAt: Date | null;
  readonly rootKeyId: string | null;
  readonly rows: number;
}

export interface KeyStatusReport {
  readonly tenantId: string;
  /** Tenant, tenant-data and blind-index keys, each version. */
  readonly versions: readonly KeyVersion[];
  /** Subject keys, one or more per person: counted, not listed. */
  readonly subjects: Readonly<Record<KeyStatus, { readonly keys: number; readonly rows: number }>>;
  readonly job: RotationJob | undefined;
}

/** What `custos keys status` prints: versions, which is active, rows per version, the last job. */
export async function keyStatus<DB extends KeyRotationDatabase>(
  db: Kysely<DB>,
  store: Pick<KeyStore, 'list'>,
  tables: readonly EncryptedTable[],
  tenantId: string,
): Promise<KeyStatusReport> {
  const rows = await rowsPerKey(db as unknown as Kysely<KeyRotationDatabase>, tables, tenantId);
  const records = await store.list({ tenantId });
  const subjects = {
    active: { keys: 0, rows: 0 },
    retired: { keys: 0, rows: 0 },
    destroyed: { keys: 0, rows: 0 },
  };
  const versions: KeyVersion[] = [];
  for (const r of records) {
    const count = rows.get(r.id) ?? 0;
    if (r.kind === 'subject') {
      subjects[r.status].keys++;
      subjects[r.status].rows += count;
      continue;
    }
    versions.push({
      id: r.id,
      kind: r.kind,
      status: r.status,
      createdAt: r.createdAt,
      destroyedAt: r.destroyedAt,
      rootKeyId: r.rootKeyId,
      rows: count,
    });
  }
  const job = await createRotationJobRepository(db).latest(tenantId);
  return { tenantId, versions, subjects, job };
}

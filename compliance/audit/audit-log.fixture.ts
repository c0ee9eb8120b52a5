import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { AuditDatabase } from './audit.table.ts';
import { type LogKeys, logKeysFromSignerKey } from './log-keys.ts';
import { generateNoteKey } from './note-key.ts';
import { pseudonymize } from './pseudonym.ts';
import type { NewAuditEvent } from './recorder.ts';

/** Fixtures for the database tests of the audit log. Opaque ids only: no personal data. */
const PSEUDONYM_KEY = Buffer.alloc(32, 9);

export function testLogKeys(name = 'audit.test.example/custos/audit'): LogKeys {
  return logKeysFromSignerKey(generateNoteKey(name).signerKey);
}

/** A tenant row for the audit tables' foreign keys. */
export async function insertTestTenant(db: Kysely<AuditDatabase>): Promise<string> {
  const id = randomUUID();
  await sql`insert into tenants (tenant_id, slug, name, vertical, locale, time_zone)
    values (${id}, ${`t-${id.slice(0, 8)}`}, 'Test tenant', 'medical', 'en', 'UTC')`.execute(db);
  return id;
}

export function sampleEvent(tenantId: string, i: number): NewAuditEvent {
  return {
    tenantId,
    time: new Date(Date.UTC(2026, 0, 1, 8, 0, 0, i)).toISOString(),
    actor: { id: `u-agent-${i % 5}`, role: 'agent', kind: 'staff' },
    action: i % 3 === 0 ? 'update' : 'read',
    purpose: 'TREAT',
    resource: { type: 'Patient', id: `pat-${i % 7}` },
    subject: { type: 'patient', pseudonym: pseudonymize(PSEUDONYM_KEY, 'patient', `p-${i % 11}`) },
    outcome: { result: 'success' },
    requestId: `req-${i}`,
  };
}

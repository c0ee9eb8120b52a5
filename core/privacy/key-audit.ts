import type { Kysely, Transaction } from 'kysely';
import type { KeyEvent, KeyEventHook, NewAuditEvent } from '../../compliance/index.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { contactPseudonym, type PseudonymKeySource } from '../contacts/contact-audit.ts';
import { currentContext } from '../context/request-context.ts';
import type { Database } from '../db/schema.ts';

/**
 * Key operations in the audit log (DESIGN §2.2): one `key-operation` event per create, unwrap
 * (a cache miss: the moment key material enters a process), rotate, rewrap and destroy. The
 * operation is the resource type (`crypto-key-create` …), the key id the resource id, so an
 * auditor finds a key's whole life with one search. A rotation records the retired key too.
 * Subject keys carry the person's pseudonym, so their accounting lists who unwrapped their key.
 *
 * Inside the operation's transaction when there is one (create, rotate, rewrap, destroy always;
 * unwrap inside a caller's transaction): the key changes only if the record commits. An unwrap
 * outside any transaction records in its own, and the key is handed out only after that.
 */
export interface KeyAuditDeps {
  readonly db: Kysely<Database>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly pseudonymKey: PseudonymKeySource;
}

export const KEY_RESOURCE = {
  'key.create': 'crypto-key-create',
  'key.unwrap': 'crypto-key-unwrap',
  'key.rotate': 'crypto-key-rotate',
  'key.rewrap': 'crypto-key-rewrap',
  'key.destroy': 'crypto-key-destroy',
} as const satisfies Record<KeyEvent['type'], string>;
export const RETIRED_KEY_RESOURCE = 'crypto-key-retire';

const KEYRING_ACTOR = { id: 'keyring', role: 'system', kind: 'system' } as const;

function actor(): NewAuditEvent['actor'] {
  const current = currentContext()?.actor;
  if (!current || current.kind === 'anonymous' || current.kind === 'contact') return KEYRING_ACTOR;
  // Audit role tokens are lower-case with hyphens (tenant_admin → tenant-admin).
  const role = (current.role ?? current.kind).toLowerCase().replaceAll('_', '-');
  return { id: current.id, role, kind: current.kind };
}

export async function keyAuditEvents(
  event: KeyEvent,
  pseudonymKey: PseudonymKeySource,
): Promise<NewAuditEvent[]> {
  const subject =
    event.kind === 'subject' && event.subjectId
      ? { type: 'contact', pseudonym: await contactPseudonym(pseudonymKey, event.tenantId, event.subjectId) }
      : undefined;
  const base = {
    tenantId: event.tenantId,
    actor: actor(),
    action: 'key-operation',
    purpose: 'HSYSADMIN',
    ...(subject ? { subject } : {}),
    outcome: { result: 'success' },
    time: event.at.toISOString(),
    ...(currentContext()?.requestId ? { requestId: currentContext()?.requestId } : {}),
  } as const;
  const events: NewAuditEvent[] = [
    { ...base, resource: { type: KEY_RESOURCE[event.type], id: event.keyId } },
  ];
  if (event.type === 'key.rotate' && event.previousKeyId)
    events.push({ ...base, resource: { type: RETIRED_KEY_RESOURCE, id: event.previousKeyId } });
  return events;
}

export function keyAuditHook(deps: KeyAuditDeps): KeyEventHook<Transaction<Database>> {
  return async (event, tx) => {
    const events = await keyAuditEvents(event, deps.pseudonymKey);
    const write = async (trx: Transaction<Database>) => {
      for (const e of events) await deps.audit.record(trx, e);
    };
    if (tx) await write(tx);
    else await deps.db.transaction().execute(write);
  };
}

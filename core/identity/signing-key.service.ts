import type { Kysely } from 'kysely';
import type { KeyProvider, NewAuditEvent } from '../../compliance/index.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Actor } from '../context/request-context.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import type { Tenant } from '../tenancy/tenant.ts';
import { signingKeyRepository as repo } from './signing-key.repository.ts';
import type { SigningKeyState } from './signing-key.table.ts';
import { wrapSigningKey } from './signing-key-wrap.ts';
import { generateSigningKey, type SigningAlgorithm } from './signing-keys.ts';

/** A signing key as the operator sees it: never any key material. */
export interface SigningKeyInfo {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  /** `retiring` keys whose time is up read as `retired`, whether or not the row says so yet. */
  readonly state: SigningKeyState;
  readonly createdAt: Date;
  readonly activatedAt: Date;
  readonly retireAt: Date | null;
}

export interface RotationResult {
  readonly activated: SigningKeyInfo;
  /** Keys that stopped signing in this rotation, with when they stop verifying. */
  readonly retiring: readonly { readonly kid: string; readonly retireAt: Date }[];
  /** Keys that stopped verifying in this rotation. */
  readonly retired: readonly string[];
}

export interface RotateOptions {
  /** Emergency (a key is suspected stolen): every older key stops verifying at once. */
  readonly retirePreviousNow?: boolean;
  readonly requestId?: string;
}

export interface SigningKeyServiceDeps {
  readonly db: Kysely<Database>;
  readonly provider: KeyProvider;
  readonly audit: Pick<AuditLog, 'record'>;
  /** Every tenant: each one's log records the rotation, as the key signs its tokens. */
  readonly tenants: () => Promise<readonly Pick<Tenant, 'id' | 'vertical'>[]>;
  /** How long a replaced key keeps verifying: token lifetime + clock tolerance + refresh interval. */
  readonly overlapSeconds: number;
  /** Called after a rotation commits, so this process signs with the new key at once. */
  readonly onRotated?: () => void;
  readonly now?: () => Date;
}

// Key management is security administration (安全管理员): the platform operator's duty alone.
function requireOperator(actor: Actor): void {
  if (actor.role !== 'platform_operator') {
    throw new AppError('forbidden', 'Only the platform operator manages signing keys.');
  }
}

/**
 * The audit resource id of a key: its RFC 7638 thumbprint in hex (the `kid` is the same bytes
 * in base64url, which may begin with '-' or '_', outside the audit log's id alphabet).
 */
export const signingKeyAuditId = (kid: string) => Buffer.from(kid, 'base64url').toString('hex');

function rotationEvents(
  tenant: Pick<Tenant, 'id' | 'vertical'>,
  actor: Actor,
  kids: readonly string[],
  requestId: string | undefined,
): NewAuditEvent[] {
  return kids.map((kid) => ({
    tenantId: tenant.id,
    actor: {
      id: actor.id,
      role: (actor.role ?? actor.kind).toLowerCase().replaceAll('_', '-'),
      kind: actor.kind === 'system' ? 'system' : actor.kind === 'staff' ? 'staff' : 'service',
    },
    action: 'key-operation',
    purpose: tenant.vertical === 'education' ? 'EDUADMIN' : 'HSYSADMIN',
    resource: { type: 'SigningKey', id: signingKeyAuditId(kid) },
    outcome: { result: 'success' },
    ...(requestId ? { requestId } : {}),
  }));
}

/**
 * Rotation and listing of the access-token signing keys. A rotation runs under a lock in one
 * transaction: the active key becomes `retiring` (it verifies for the overlap, so no token it
 * signed is cut short), a new key becomes `active`, keys past their time are retired and their
 * material deleted, and every tenant's audit log records the keys that changed.
 */
export function createSigningKeyService(deps: SigningKeyServiceDeps) {
  const now = deps.now ?? (() => new Date());

  const info = (record: Awaited<ReturnType<typeof repo.listAll>>[number], at: Date): SigningKeyInfo => ({
    kid: record.kid,
    alg: record.alg,
    state: record.retireAt !== null && record.retireAt <= at ? 'retired' : record.state,
    createdAt: record.createdAt,
    activatedAt: record.activatedAt,
    retireAt: record.retireAt,
  });

  return {
    async list(actor: Actor): Promise<SigningKeyInfo[]> {
      requireOperator(actor);
      const at = now();
      return (await repo.listAll(deps.db)).map((record) => info(record, at));
    },

    async rotate(actor: Actor, options: RotateOptions = {}): Promise<RotationResult> {
      requireOperator(actor);
      const at = now();
      const key = await generateSigningKey('EdDSA', at);
      const wrapped = await wrapSigningKey(deps.provider, key);
      const tenants = await deps.tenants();
      const retireAt = new Date(at.getTime() + deps.overlapSeconds * 1000);
      const result = await deps.db.transaction().execute(async (trx) => {
        await repo.lock(trx);
        const previous = await repo.retireActive(trx, options.retirePreviousNow ? at : retireAt);
        const retired = await repo.retireDue(trx, at, options.retirePreviousNow);
        if (!(await repo.insertActive(trx, { kid: key.kid, alg: key.alg, wrapped, at }))) {
          throw new AppError('conflict', 'Another signing key became active during the rotation.');
        }
        const changed = [key.kid, ...previous, ...retired.filter((kid) => !previous.includes(kid))];
        for (const tenant of tenants) {
          for (const event of rotationEvents(tenant, actor, changed, options.requestId)) {
            await deps.audit.record(trx, event);
          }
        }
        return {
          retiring: previous.filter((kid) => !retired.includes(kid)).map((kid) => ({ kid, retireAt })),
          retired,
        };
      });
      deps.onRotated?.();
      return {
        activated: {
          kid: key.kid,
          alg: key.alg,
          state: 'active',
          createdAt: at,
          activatedAt: at,
          retireAt: null,
        },
        ...result,
      };
    },
  };
}

export type SigningKeyService = ReturnType<typeof createSigningKeyService>;

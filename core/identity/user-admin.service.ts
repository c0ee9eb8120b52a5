import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppAbility } from '../access/ability.ts';
import { abilityOf } from '../access/actor-ability.ts';
import { authorize, pickPermitted } from '../access/authorize.ts';
import { accessFilter } from '../access/sql-filter.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Actor } from '../context/request-context.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import type { TenantRepository } from '../tenancy/tenant.repository.ts';
import type { Tenant } from '../tenancy/tenant.ts';
import { type AuditedActor, identityEvent } from './identity-audit.ts';
import type { PasswordHasher } from './password.ts';
import type { SessionService } from './session.service.ts';
import type { UserRepository } from './user.repository.ts';
import type { UserProfile } from './user.ts';
import { USER_COLUMNS, type UserAdminRepository, type UserPatch } from './user-admin.repository.ts';
import { checkDisplayName, checkLoginName, checkPassword, checkQueueIds, checkRoles } from './user-rules.ts';

export interface UserAdminServiceDeps {
  readonly db: Kysely<Database>;
  readonly users: Pick<UserRepository, 'insert'>;
  readonly admin: UserAdminRepository;
  readonly tenants: Pick<TenantRepository, 'findBySlug'>;
  readonly hasher: PasswordHasher;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly sessions: Pick<SessionService, 'revokeAllOf'>;
  readonly now?: () => Date;
}

/** Request metadata for the audit events. */
export interface RequestMeta {
  readonly requestId?: string;
  readonly clientAddress?: string;
}

export interface NewStaffUser {
  readonly loginName: string;
  readonly displayName?: string;
  readonly roles: readonly string[];
  /** The queues the account works; none when absent. */
  readonly queueIds?: readonly string[];
  readonly password: string;
}

export interface UserChanges {
  /** `null` clears the name. */
  readonly displayName?: string | null;
  readonly roles?: readonly string[];
  /** Replaces the account's queues; `[]` removes them all. */
  readonly queueIds?: readonly string[];
  readonly disabled?: boolean;
}

export interface UserPage {
  readonly items: readonly Partial<UserProfile>[];
  readonly nextCursor: string | null;
}

interface Scope {
  readonly tenant: Tenant;
  readonly ability: AppAbility;
  readonly actor: AuditedActor;
}

const notFound = () => new AppError('not_found', 'No such user.');

const subjectOf = (user: UserProfile) => ({
  type: 'User' as const,
  attributes: { tenantId: user.tenantId, id: user.id, roles: user.roles, disabled: user.disabled },
});

/**
 * User administration over HTTP: tenant admins manage the accounts and operational roles of their
 * tenant; the privileged roles (tenant_admin, auditor) are granted by the platform operator alone.
 * Every method opens with `authorize` on the caller's ability (core/access); role changes are
 * RoleGrant creations and deletions, so the role rules decide them; responses carry only the
 * fields the caller may read. Every change is audited in its own transaction.
 */
export function createUserAdminService(deps: UserAdminServiceDeps) {
  const { db, admin, audit } = deps;
  const now = deps.now ?? (() => new Date());

  /** The tenant and the caller's ability: 401 for anonymous callers, 404 for an unknown tenant. */
  async function scope(actor: Actor, tenantSlug: string): Promise<Scope> {
    if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Authentication is required.');
    const ability = abilityOf(actor);
    const tenant = await deps.tenants.findBySlug(tenantSlug);
    if (!tenant) throw new AppError('not_found', `No tenant "${tenantSlug}".`);
    // A contact has no User rights, so it never reaches an event; 'staff' keeps the type closed.
    const kind = actor.kind === 'contact' ? 'staff' : actor.kind;
    return { tenant, ability, actor: { id: actor.id, role: actor.role, kind } };
  }

  /** "Any user of this tenant": the type-level question, refused to those who see only themselves. */
  const anyUserOf = (tenant: Tenant) => ({ type: 'User' as const, attributes: { tenantId: tenant.id } });

  function authorizeRoleChanges(
    s: Scope,
    userId: string,
    before: readonly string[],
    after: readonly string[],
  ) {
    const grant = (role: string) => ({
      type: 'RoleGrant' as const,
      attributes: { tenantId: s.tenant.id, userId, role },
    });
    for (const role of after) if (!before.includes(role)) authorize(s.ability, 'create', grant(role));
    for (const role of before) if (!after.includes(role)) authorize(s.ability, 'delete', grant(role));
  }

  /**
   * Queues are an operational assignment, set by whoever may update the account's `queueIds`
   * (a tenant admin, never for themselves); the platform operator, who grants only privileged
   * roles, sets none.
   */
  function authorizeQueues(s: Scope, target: { id: string; roles: readonly string[] }) {
    const subject = {
      type: 'User' as const,
      attributes: { tenantId: s.tenant.id, id: target.id, roles: target.roles },
    };
    authorize(s.ability, 'update', subject, 'queueIds');
  }

  const sameSet = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((item) => b.includes(item));

  async function load(s: Scope, userId: string): Promise<UserProfile> {
    const user = await admin.profile(s.tenant.id, userId);
    if (!user) throw notFound();
    return user;
  }

  const event = (
    s: Scope,
    meta: RequestMeta,
    action: Parameters<typeof identityEvent>[0]['action'],
    userId: string,
  ) =>
    identityEvent({
      tenantId: s.tenant.id,
      vertical: s.tenant.vertical,
      actor: s.actor,
      action,
      resource: { type: 'User', id: userId },
      ...meta,
    });

  const visible = (s: Scope, user: UserProfile) => pickPermitted(s.ability, 'User', user);

  return {
    async create(actor: Actor, tenantSlug: string, input: NewStaffUser, meta: RequestMeta = {}) {
      const s = await scope(actor, tenantSlug);
      authorize(s.ability, 'create', anyUserOf(s.tenant));
      const loginName = checkLoginName(input.loginName);
      const roles = checkRoles(input.roles);
      const userId = randomUUID();
      authorizeRoleChanges(s, userId, [], roles);
      const queueIds = checkQueueIds(input.queueIds ?? []);
      if (queueIds.length > 0) authorizeQueues(s, { id: userId, roles });
      checkPassword(input.password);
      const displayName = input.displayName === undefined ? undefined : checkDisplayName(input.displayName);
      const passwordHash = await deps.hasher.hash(input.password);
      const sealedName = displayName
        ? await admin.sealDisplayName(s.tenant.id, userId, displayName)
        : undefined;
      const created = await db.transaction().execute(async (trx) => {
        const user = await deps.users.insert(trx, {
          tenantId: s.tenant.id,
          userId,
          loginName,
          passwordHash,
          roles,
          queueIds,
          // Second factors are enrolled by their holder (auth/totp/enrolment), never handed over.
          totpSecret: null,
        });
        if (!user) return false;
        if (sealedName) await admin.update(trx, s.tenant.id, userId, { displayName: sealedName }, now());
        await audit.record(trx, event(s, meta, 'create', userId));
        return true;
      });
      if (!created) throw new AppError('conflict', `The login name "${loginName}" is taken in this tenant.`);
      return visible(s, await load(s, userId));
    },

    async list(
      actor: Actor,
      tenantSlug: string,
      page: { limit: number; cursor?: string },
    ): Promise<UserPage> {
      const s = await scope(actor, tenantSlug);
      authorize(s.ability, 'read', anyUserOf(s.tenant));
      const filter = accessFilter(s.ability, 'read', 'User', USER_COLUMNS);
      const rows = await admin.list(s.tenant.id, filter, page.limit + 1, page.cursor);
      const items = rows.slice(0, page.limit);
      return {
        items: items.map((user) => visible(s, user)),
        nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null,
      };
    },

    async get(actor: Actor, tenantSlug: string, userId: string) {
      const s = await scope(actor, tenantSlug);
      authorize(s.ability, 'read', { type: 'User', attributes: { tenantId: s.tenant.id, id: userId } });
      return visible(s, await load(s, userId));
    },

    async update(
      actor: Actor,
      tenantSlug: string,
      userId: string,
      changes: UserChanges,
      meta: RequestMeta = {},
    ) {
      const s = await scope(actor, tenantSlug);
      authorize(s.ability, 'update', { type: 'User', attributes: { tenantId: s.tenant.id, id: userId } });
      const user = await load(s, userId);
      const target = subjectOf(user);
      const patch: { -readonly [K in keyof UserPatch]: UserPatch[K] } = {};
      if (changes.displayName !== undefined) {
        authorize(s.ability, 'update', target, 'displayName');
        patch.displayName =
          changes.displayName === null
            ? null
            : await admin.sealDisplayName(s.tenant.id, userId, checkDisplayName(changes.displayName));
      }
      let rolesChanged = false;
      if (changes.roles !== undefined) {
        const roles = checkRoles(changes.roles);
        authorizeRoleChanges(s, userId, user.roles, roles);
        rolesChanged = roles.length !== user.roles.length || roles.some((r) => !user.roles.includes(r));
        if (rolesChanged) patch.roles = roles;
      }
      let queuesChanged = false;
      if (changes.queueIds !== undefined) {
        const queueIds = checkQueueIds(changes.queueIds);
        authorizeQueues(s, user);
        queuesChanged = !sameSet(queueIds, user.queueIds);
        if (queuesChanged) patch.queueIds = queueIds;
      }
      const disabling = changes.disabled !== undefined && changes.disabled !== user.disabled;
      if (changes.disabled !== undefined) {
        authorize(s.ability, 'update', target, 'disabled');
        if (disabling) patch.disabled = changes.disabled;
      }
      const afterCommit = await db.transaction().execute(async (trx) => {
        if (!(await admin.update(trx, s.tenant.id, userId, patch, now()))) throw notFound();
        // One `update` for the account's own fields (name, queues, disabled flag): which of them
        // changed is in the database, and the event names no value (queue ids, a name).
        if (patch.displayName !== undefined || queuesChanged || disabling)
          await audit.record(trx, event(s, meta, 'update', userId));
        if (rolesChanged) await audit.record(trx, event(s, meta, 'permission-change', userId));
        // A disabled account is signed out everywhere at once, not when its tokens lapse.
        if (!disabling || !changes.disabled) return undefined;
        const revoked = await deps.sessions.revokeAllOf(trx, s.tenant.id, userId);
        await audit.record(trx, event(s, meta, 'logout', userId));
        return revoked;
      });
      afterCommit?.();
      return visible(s, await load(s, userId));
    },

    /** Signs a user out everywhere. Who may lock an account may also end its sessions. */
    async revokeSessions(actor: Actor, tenantSlug: string, userId: string, meta: RequestMeta = {}) {
      const s = await scope(actor, tenantSlug);
      authorize(
        s.ability,
        'update',
        { type: 'User', attributes: { tenantId: s.tenant.id, id: userId } },
        'disabled',
      );
      await load(s, userId);
      const afterCommit = await db.transaction().execute(async (trx) => {
        const revoked = await deps.sessions.revokeAllOf(trx, s.tenant.id, userId);
        await audit.record(trx, event(s, meta, 'logout', userId));
        return revoked;
      });
      afterCommit();
    },

    /** Removes a user's second factor; they enrol again before their next sign-in. */
    async resetTotp(actor: Actor, tenantSlug: string, userId: string, meta: RequestMeta = {}) {
      const s = await scope(actor, tenantSlug);
      const target = { type: 'User' as const, attributes: { tenantId: s.tenant.id, id: userId } };
      authorize(s.ability, 'update', target, 'mfaEnrolled');
      await load(s, userId);
      const afterCommit = await db.transaction().execute(async (trx) => {
        if (!(await admin.resetTotp(trx, s.tenant.id, userId, now()))) throw notFound();
        await audit.record(trx, event(s, meta, 'key-operation', userId));
        // Sessions opened with the old factor end with it.
        return deps.sessions.revokeAllOf(trx, s.tenant.id, userId);
      });
      afterCommit();
    },
  };
}

export type UserAdminService = ReturnType<typeof createUserAdminService>;

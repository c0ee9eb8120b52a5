import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { encryptField, type Keyring } from '../../compliance/index.ts';
import type { WidgetTokens } from '../channels/widget-token.ts';
import type { ContactService } from '../contacts/contact.service.ts';
import type { NewContact } from '../contacts/contact.ts';
import { currentDataScope } from '../context/data-scope.ts';
import type { Actor } from '../context/request-context.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { userColumns } from '../identity/user.columns.ts';
import { PRIORITY } from '../routing/assign.ts';
import { setPresence } from '../routing/presence.store.ts';
import { claim, enqueue } from '../routing/routing.store.ts';
import type { TenantService } from '../tenancy/tenant.service.ts';
import type { ChatLocale, ConversationStore } from './conversation.ts';

/** What the workspace suites use of `createTestApp()` (testing/ is not imported outside test files). */
export interface WorkspaceTestApp {
  readonly app: { request(path: string, init?: RequestInit): Response | Promise<Response> };
  readonly runtime: {
    readonly tenants: TenantService;
    readonly contacts: ContactService;
    readonly keyring: Keyring<Transaction<Database>>;
    readonly chat: { readonly store: ConversationStore; readonly tokens: WidgetTokens };
    readonly database: DatabaseHandle;
  };
}

interface ChatOptions {
  readonly locale?: ChatLocale;
  readonly queueId?: string;
  readonly priority?: number;
  readonly displayName?: string;
  readonly queuedAt?: Date;
  /** More of the contact's fields (synthetic). */
  readonly contact?: Omit<NewContact, 'kind' | 'displayName'> & { readonly kind?: NewContact['kind'] };
}

const SYSTEM = { kind: 'system', id: 'test-setup', role: 'platform_operator' } as const;
const CLERK = { kind: 'staff', id: 'u-setup', role: 'clerk' } as const;

/**
 * A tenant of the real application with synthetic staff (token → actor, as the access-token
 * resolver would give, through `actors`), synthetic contacts and their conversations, handed off
 * to a queue and, on request, claimed by an agent under routing's rules.
 */
export async function workspaceWorld(
  t: WorkspaceTestApp,
  slug: string,
  actors: Map<string, Actor>,
  options: { readonly vertical?: 'medical' | 'education' } = {},
) {
  const tenant = await t.runtime.tenants.create(SYSTEM, {
    slug,
    name: `Synthetic ${slug}`,
    vertical: options.vertical ?? 'medical',
    locale: 'zh-CN',
    timeZone: 'Asia/Shanghai',
    displayNames: { en: 'Synthetic Hospital', 'zh-CN': '示例医院' },
  });
  const tenantId = tenant.id;
  const db = t.runtime.database.rowSecured(currentDataScope);
  let n = 0;

  const world = {
    tenantId,
    slug,
    db,
    base: `/api/v1/tenants/${slug}`,

    /** A staff account with `roles` in `queueIds`, online with `capacity` unless told otherwise. */
    async staff(
      roles: string[],
      queueIds: string[] = [],
      options: { status?: 'online' | 'away' | 'offline'; capacity?: number; displayName?: string } = {},
    ) {
      const userId = randomUUID();
      const name = options.displayName;
      await t.runtime.database.db
        .insertInto('users')
        .values({
          tenant_id: tenantId,
          user_id: userId,
          login_name: `staff-${userId.slice(0, 8)}`,
          password_hash: '$synthetic$not-a-password',
          roles: JSON.stringify(roles),
          queue_ids: [...queueIds].sort(),
          ...(name
            ? {
                display_name: await encryptField(
                  t.runtime.keyring,
                  userColumns.columns.display_name,
                  { tenantId, rowId: userId },
                  name,
                ),
              }
            : {}),
        })
        .execute();
      if (queueIds.length > 0)
        await setPresence(db, tenantId, userId, {
          status: options.status ?? 'online',
          capacity: options.capacity ?? 3,
        });
      const token = `staff-${userId}`;
      actors.set(token, {
        kind: 'staff',
        id: userId,
        role: roles[0],
        tenantId,
        roles,
        mfa: true,
        ...(queueIds.length > 0 ? { queueIds } : {}),
      } as Actor);
      return { userId, token };
    },

    /** A synthetic contact and their conversation, handed off to `queueId`; the contact's widget credential. */
    async chat(options: ChatOptions = {}) {
      n += 1;
      const contact = await t.runtime.contacts.create(
        { actor: CLERK, tenantId, purpose: 'PATADMIN' },
        {
          kind: 'patient',
          displayName: options.displayName ?? `Synthetic Patient ${n}`,
          ...options.contact,
        },
      );
      const conversation = await t.runtime.chat.store.open(tenantId, {
        contactId: contact.id,
        channel: 'widget',
        locale: options.locale ?? 'zh-CN',
      });
      await enqueue(db, {
        tenantId,
        conversationId: conversation.id,
        queueId: options.queueId ?? 'front-desk',
        requiredSkills: [],
        priority: options.priority ?? PRIORITY.normal,
        reason: 'user-request',
        now: options.queuedAt ?? new Date(Date.UTC(2026, 10, 24, 1, 0, n)),
      });
      const { token } = await t.runtime.chat.tokens.issue({
        tenantId,
        contactId: contact.id,
        conversationId: conversation.id,
      });
      return { conversationId: conversation.id, contactId: contact.id, token };
    },

    /** A conversation the agent took from their queue (routing's claim: counted in their load). */
    async assigned(userId: string, options: ChatOptions = {}) {
      const chat = await world.chat(options);
      await claim(db, { tenantId, conversationId: chat.conversationId, userId, now: new Date() });
      return chat;
    },

    /** The agent's load as stored, and what they hold. */
    async load(userId: string) {
      const row = await db
        .selectFrom('agent_presence')
        .select('active_count')
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow();
      return row.active_count;
    },

    async row(conversationId: string) {
      return db
        .selectFrom('conversations')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('conversation_id', '=', conversationId)
        .executeTakeFirstOrThrow();
    },
  };
  return world;
}

export type WorkspaceWorld = Awaited<ReturnType<typeof workspaceWorld>>;

import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  decryptField,
  type FieldKeyring,
  KeyDestroyed,
  type NewAuditEvent,
  type PurposeOfUse,
  readSealed,
} from '../../compliance/index.ts';
import { asSubject } from '../access/ability.ts';
import { authorizeActor } from '../access/actor-ability.ts';
import { authorize } from '../access/authorize.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { PseudonymKeySource } from '../contacts/contact-audit.ts';
import { type Actor, currentContext } from '../context/request-context.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { userColumns } from '../identity/user.columns.ts';
import { cannedReplyRepository } from './canned-replies.repository.ts';
import {
  bodyFor,
  type CannedReply,
  type CannedReplyInput,
  firstNameOf,
  NEUTRAL,
  renderTemplate,
  replyProblems,
  type TemplateValues,
  variablesOf,
} from './canned-replies.ts';
import type { ConversationService } from './conversation.service.ts';
import type { ChatLocale, Message } from './conversation.ts';
import { abilityFor, type ConversationAccess, messageSubject, requireStaff } from './conversation-access.ts';
import { conversationAudit, conversationEvent } from './conversation-audit.ts';
import type { ConversationRow } from './conversation-write.ts';
import { isUuid } from './message-sealing.ts';

/** The tenant a request names: its id and vertical (purpose of use), its names (`{{tenant.name}}`). */
export interface CannedReplyTenant {
  readonly id: string;
  readonly vertical: string;
  readonly name: string;
  readonly displayNames?: Readonly<Record<string, string>>;
}

export interface CannedReplyServiceDeps {
  readonly db: Kysely<Database>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly service: Pick<ConversationService, 'sendAsStaff'>;
  /** Opens the contact's display name, for `{{contact.*}}`. */
  readonly contacts: Pick<ContactRepository, 'read'>;
  /** Opens staff display names (tenant data key), for `{{agent.displayName}}`. */
  readonly keyring: FieldKeyring;
  readonly pseudonymKey: PseudonymKeySource;
  readonly now?: () => Date;
}

const DISPLAY_NAME = userColumns.columns.display_name;
const notFound = () => new AppError('not_found', 'No such canned reply.');
const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === '23505';
const shortcutTaken = () =>
  new AppError('conflict', 'Another canned reply already has this shortcut.', {
    issues: [{ path: 'shortcut', message: 'already used' }],
  });

// Keeping the team's replies current is operations work, as keeping the knowledge base current is.
const purposeOf = (vertical: string): PurposeOfUse => (vertical === 'education' ? 'EDUADMIN' : 'HOPERAT');

/** A change to a reply: tenant content, so the event names no data subject and carries no text. */
function replyEvent(
  tenant: CannedReplyTenant,
  actor: Actor,
  action: 'create' | 'update' | 'delete',
  replyId: string,
): NewAuditEvent {
  const requestId = currentContext()?.requestId;
  return {
    tenantId: tenant.id,
    actor: {
      id: actor.id,
      role: (actor.role ?? actor.kind).toLowerCase().replaceAll('_', '-'),
      kind: actor.kind === 'service' || actor.kind === 'system' ? actor.kind : 'staff',
    },
    action,
    purpose: purposeOf(tenant.vertical),
    resource: { type: 'CannedReply', id: replyId },
    outcome: { result: 'success' },
    ...(requestId ? { requestId } : {}),
  };
}

function checkInput(input: CannedReplyInput): void {
  const issues = replyProblems(input);
  if (issues.length > 0) throw new AppError('validation_failed', 'The canned reply is invalid.', { issues });
}

/**
 * Canned replies: tenant admins and supervisors keep them, every role that works conversations
 * reads and sends them (the `CannedReply` rules). Sending renders on the server: the contact's
 * name is opened only when the sender's ability permits that field of the contact — and then the
 * read is recorded before the name is used — otherwise it renders as a neutral word.
 */
export function createCannedReplyService(deps: CannedReplyServiceDeps) {
  const { db, audit } = deps;
  const now = deps.now ?? (() => new Date());
  const replies = cannedReplyRepository(db);
  const conversations = conversationAudit(deps);
  const anyReplyOf = (tenant: CannedReplyTenant) => ({
    type: 'CannedReply' as const,
    attributes: { tenantId: tenant.id },
  });

  async function write<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw isUniqueViolation(error) ? shortcutTaken() : error;
    }
  }

  /** The contact's display name, if the sender may see it; the read is on record before it is used. */
  async function contactName(access: ConversationAccess, row: ConversationRow): Promise<string | undefined> {
    const contact = asSubject('Contact', {
      tenantId: row.tenant_id,
      id: row.contact_id,
      careTeam: row.care_team,
      schoolId: row.school_id,
      assigneeIds: row.status === 'assigned' && row.assignee_id ? [row.assignee_id] : [],
    });
    if (!abilityFor(access).can('read', contact, 'displayName')) return undefined;
    const read = await deps.contacts.read(access.tenantId, row.contact_id);
    if (read?.status !== 'found') return undefined;
    const purpose = await conversations.purposeOf(access, 'staff');
    const event = await conversationEvent(deps.pseudonymKey, access, row, 'read', purpose, {
      resource: { type: 'Contact', id: row.contact_id },
    });
    await db.transaction().execute((trx) => audit.record(trx, event));
    return read.contact.displayName;
  }

  /** The sender's own display name (sealed under the tenant data key), if they have one. */
  async function staffName(tenantId: string, userId: string): Promise<string | undefined> {
    const row = await db
      .selectFrom('users')
      .select('display_name')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!row?.display_name) return undefined;
    try {
      const at = { tenantId, rowId: userId };
      return await decryptField(deps.keyring, DISPLAY_NAME, at, readSealed(DISPLAY_NAME, row.display_name));
    } catch (error) {
      if (error instanceof KeyDestroyed) return undefined;
      throw error;
    }
  }

  async function values(
    access: ConversationAccess,
    tenant: CannedReplyTenant,
    row: ConversationRow,
    body: string,
  ): Promise<TemplateValues> {
    const used = variablesOf(body);
    const locale: ChatLocale = row.locale;
    const neutral = NEUTRAL[locale];
    const name =
      used.has('contact.name') || used.has('contact.firstName') ? await contactName(access, row) : undefined;
    const agent =
      used.has('agent.displayName') && isUuid(access.actor.id)
        ? await staffName(access.tenantId, access.actor.id)
        : undefined;
    return {
      'contact.name': name ?? neutral['contact.name'],
      'contact.firstName': name ? firstNameOf(name) : neutral['contact.firstName'],
      'agent.displayName': agent ?? neutral['agent.displayName'],
      'tenant.name': tenant.displayNames?.[locale] ?? tenant.name,
    };
  }

  return {
    async list(actor: Actor, tenant: CannedReplyTenant): Promise<CannedReply[]> {
      const ability = authorizeActor(actor, 'read', anyReplyOf(tenant));
      return replies.list(tenant.id, ability);
    },

    async get(actor: Actor, tenant: CannedReplyTenant, replyId: string): Promise<CannedReply> {
      authorizeActor(actor, 'read', anyReplyOf(tenant));
      const reply = await replies.get(tenant.id, replyId);
      if (!reply) throw notFound();
      return reply;
    },

    async create(actor: Actor, tenant: CannedReplyTenant, input: CannedReplyInput): Promise<CannedReply> {
      authorizeActor(actor, 'create', anyReplyOf(tenant));
      checkInput(input);
      const id = randomUUID();
      return write(() =>
        db.transaction().execute(async (trx) => {
          const saved = await replies.insert(trx, tenant.id, id, input, actor.id, now());
          await audit.record(trx, replyEvent(tenant, actor, 'create', id));
          return saved;
        }),
      );
    },

    async replace(
      actor: Actor,
      tenant: CannedReplyTenant,
      replyId: string,
      input: CannedReplyInput,
    ): Promise<CannedReply> {
      authorizeActor(actor, 'update', anyReplyOf(tenant));
      if (!(await replies.get(tenant.id, replyId))) throw notFound();
      checkInput(input);
      return write(() =>
        db.transaction().execute(async (trx) => {
          const saved = await replies.replace(trx, tenant.id, replyId, input, actor.id, now());
          if (!saved) throw notFound();
          await audit.record(trx, replyEvent(tenant, actor, 'update', replyId));
          return saved;
        }),
      );
    },

    async remove(actor: Actor, tenant: CannedReplyTenant, replyId: string): Promise<void> {
      authorizeActor(actor, 'delete', anyReplyOf(tenant));
      if (!(await replies.get(tenant.id, replyId))) throw notFound();
      await db.transaction().execute(async (trx) => {
        if (!(await replies.remove(trx, tenant.id, replyId))) throw notFound();
        await audit.record(trx, replyEvent(tenant, actor, 'delete', replyId));
      });
    },

    /**
     * Renders the reply in the conversation's language and sends it as the actor (audited like any
     * staff message). `internal`: as a note, e.g. a supervisor's whisper.
     */
    async send(
      access: ConversationAccess,
      tenant: CannedReplyTenant,
      conversationId: string,
      replyId: string,
      options: { readonly internal?: boolean; readonly clientMessageId?: string } = {},
    ): Promise<{ message: Message; duplicate: boolean }> {
      requireStaff(access);
      const ability = abilityFor(access);
      authorize(ability, 'read', anyReplyOf(tenant));
      const row = await conversations.load(access, conversationId);
      if (!row) throw new AppError('not_found', 'No such conversation.');
      const internal = options.internal === true;
      if (!ability.can('read', messageSubject(row, { internal: false }))) {
        await conversations.record(access, row, 'create', 'staff', true);
        throw new AppError('not_found', 'No such conversation.');
      }
      if (!ability.can('create', messageSubject(row, { internal, authorKind: 'staff' }))) {
        await conversations.record(access, row, 'create', 'staff', true);
        throw new AppError(
          'forbidden',
          `Not allowed to ${internal ? 'add a note to' : 'reply in'} this conversation.`,
        );
      }
      const reply = await replies.get(tenant.id, replyId);
      if (!reply) throw notFound();
      const body = bodyFor(reply.bodies, row.locale);
      const text = renderTemplate(body, await values(access, tenant, row, body));
      return deps.service.sendAsStaff(access, row.conversation_id, {
        body: text,
        internal,
        ...(options.clientMessageId === undefined ? {} : { clientMessageId: options.clientMessageId }),
      });
    },
  };
}

export type CannedReplyService = ReturnType<typeof createCannedReplyService>;

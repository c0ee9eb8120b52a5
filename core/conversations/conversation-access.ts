import type { PurposeOfUse } from '../../compliance/index.ts';
import { type AppAbility, asSubject } from '../access/ability.ts';
import type { AccessActor } from '../access/access-actor.ts';
import { abilityOf } from '../access/actor-ability.ts';
import { DUTY_OF } from '../access/roles.ts';
import type { ColumnMap } from '../access/sql-filter.ts';
import type { Actor } from '../context/request-context.ts';
import { AppError } from '../errors/app-error.ts';
import type { ConversationRow } from './conversation-write.ts';

/** Who works on a conversation: the authorization view and the audit view of the same actor. */
export interface ConversationAccess {
  readonly tenantId: string;
  readonly actor: AccessActor;
  readonly auditActor: Actor;
  /** Why, for the audit record; by default the tenant's vertical decides (conversation.service.ts). */
  readonly purpose?: PurposeOfUse;
}

/** The attributes rules test, as columns, for list queries (core/access/sql-filter.ts). */
export const CONVERSATION_FILTER_COLUMNS: ColumnMap<'Conversation'> = {
  tenantId: { column: 'tenant_id' },
  id: { column: 'conversation_id' },
  contactId: { column: 'contact_id' },
  assigneeId: { column: 'assignee_id', nullable: true },
  queueId: { column: 'queue_id', nullable: true },
  status: { column: 'status' },
  channel: { column: 'channel' },
  careTeam: { column: 'care_team', array: true },
  schoolId: { column: 'school_id', nullable: true },
  priority: { column: 'priority' },
};

const isPublic = (actor: AccessActor) => actor.roles.some((role) => DUTY_OF[role] === 'public');

/** The staff half of the service: contacts have their own methods (and no audit of staff reads). */
export function requireStaff(access: ConversationAccess): void {
  if (access.auditActor.kind === 'anonymous')
    throw new AppError('unauthenticated', 'Authentication is required.');
  if (isPublic(access.actor) || access.auditActor.kind === 'contact')
    throw new AppError('forbidden', 'Contacts use their own conversation view.');
}

export function requireContact(access: ConversationAccess): void {
  if (access.auditActor.kind === 'anonymous')
    throw new AppError('unauthenticated', 'Authentication is required.');
  if (!isPublic(access.actor)) throw new AppError('forbidden', 'Staff use the staff conversation view.');
}

/** The actor's (cached) ability, built from the access actor the channels resolved. */
export function abilityFor(access: ConversationAccess): AppAbility {
  const kind = access.auditActor.kind === 'contact' ? 'contact' : 'staff';
  return abilityOf({ ...access.actor, kind, role: access.actor.roles[0] } as Actor);
}

export const conversationSubject = (row: ConversationRow) =>
  asSubject('Conversation', {
    tenantId: row.tenant_id,
    id: row.conversation_id,
    contactId: row.contact_id,
    assigneeId: row.assignee_id,
    queueId: row.queue_id,
    status: row.status,
    channel: row.channel,
    careTeam: row.care_team,
    schoolId: row.school_id,
    priority: row.priority,
    createdAt: row.created_at,
    closedAt: row.closed_at,
  });

/** A message of this conversation: it carries its conversation's access attributes. */
export const messageSubject = (
  row: ConversationRow,
  message: { readonly internal: boolean; readonly authorKind?: string },
) =>
  asSubject('Message', {
    tenantId: row.tenant_id,
    conversationId: row.conversation_id,
    contactId: row.contact_id,
    assigneeId: row.assignee_id,
    queueId: row.queue_id,
    status: row.status,
    careTeam: row.care_team,
    schoolId: row.school_id,
    ...message,
  });

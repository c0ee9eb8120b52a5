import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type NewAuditEvent, recordAuditEvent } from '../../compliance/index.ts';
import type { AccessActor } from '../access/access-actor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import {
  contactStore,
  insertTenant,
  keyringOn,
  staff,
  syntheticContact,
  testProvider,
} from '../contacts/contact.fixture.ts';
import { currentDataScope } from '../context/data-scope.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { createEventBus, type EventBus } from '../realtime/event-bus.ts';
import { createConversationService } from './conversation.service.ts';
import { createConversationStore } from './conversation.store.ts';
import type { ConversationAccess } from './conversation-access.ts';

/**
 * Test wiring: the store and the service on the application's view of a test database (as
 * `custos_app`, under row-level security), a keyring on the SQL key store, audit events recorded
 * into `audit_pending` and kept for inspection, and an event bus on the handle.
 */
export const pseudonymKey = async (tenantId: string) =>
  createHash('sha256').update(`test-conversation-pseudonym/${tenantId}`).digest();

export async function conversationWorld(handle: DatabaseHandle, options: { bus?: EventBus } = {}) {
  const app: Kysely<Database> = handle.rowSecured(currentDataScope);
  const keyring = keyringOn(app, testProvider());
  const events: NewAuditEvent[] = [];
  let auditDown = false;
  const audit: Pick<AuditLog, 'record'> = {
    async record(trx, event) {
      if (auditDown) throw new Error('the audit log is unavailable');
      events.push(event);
      await recordAuditEvent(trx, event);
    },
  };
  const contacts = contactStore(app, keyring, { record: (e) => events.push(e) });
  const bus = options.bus ?? (await createEventBus(handle));
  const store = createConversationStore({ db: app, keyring, bus });
  const service = createConversationService({ db: app, store, audit, pseudonymKey });
  const tenantId = await insertTenant(handle.db);

  return {
    app,
    keyring,
    bus,
    store,
    service,
    contacts: contacts.service,
    events,
    tenantId,
    failAudit: (down: boolean) => {
      auditDown = down;
    },
    /** A contact (synthetic person n) and a conversation of theirs in `status`, in queue `queueId`. */
    async conversation(n: number, setup: { status?: 'bot' | 'queued' | 'assigned'; queueId?: string } = {}) {
      const contact = await contacts.service.create(staff(tenantId), syntheticContact(n));
      let conversation = await store.open(tenantId, {
        contactId: contact.id,
        channel: 'widget',
        locale: 'zh-CN',
      });
      if (setup.status && setup.status !== 'bot') {
        conversation = await store.update(tenantId, conversation.id, {
          status: setup.status,
          queueId: setup.queueId ?? 'front-desk',
          ...(setup.status === 'assigned' ? { assigneeId: randomUUID() } : {}),
        });
      }
      return { contact, conversation };
    },
    eraseContact: (contactId: string) => contacts.service.erase(staff(tenantId), contactId),
    agent: (queueIds: readonly string[], id: string = randomUUID()) =>
      staffAccess(tenantId, id, ['agent'], queueIds),
    supervisor: (queueIds: readonly string[], id: string = randomUUID()) =>
      staffAccess(tenantId, id, ['supervisor'], queueIds),
    contactAccess: (contactId: string): ConversationAccess => ({
      tenantId,
      actor: { id: contactId, tenantId, roles: ['contact'], mfa: false, verified: false },
      auditActor: { kind: 'contact', id: contactId, role: 'contact' },
    }),
  };
}

export function staffAccess(
  tenantId: string,
  id: string,
  roles: AccessActor['roles'],
  queueIds: readonly string[],
): ConversationAccess {
  const actor: AccessActor = { id, tenantId, roles, mfa: true, queueIds };
  return { tenantId, actor, auditActor: { kind: 'staff', id, role: roles[0] } };
}

export type ConversationWorld = Awaited<ReturnType<typeof conversationWorld>>;

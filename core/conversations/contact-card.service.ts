import { createHash, randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import {
  type FieldKeyring,
  type MaskingPolicy,
  type NewAuditEvent,
  resolveMaskingPolicy,
} from '../../compliance/index.ts';
import { type AppAbility, asSubject } from '../access/ability.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { PseudonymKeySource } from '../contacts/contact-audit.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import type { Assurance } from '../identity/contact-verification.service.ts';
import { sealRevealReason } from './contact-card.columns.ts';
import {
  CARD_FIELD_SPECS,
  CARD_FIELDS,
  CARD_ROLES,
  type CardField,
  type ContactCard,
  cardFields,
  DEFAULT_MASKING_POLICY,
  mergeViewerPolicies,
  REVEAL_REASON,
  REVEALS_PER_HOUR,
  type Verification,
} from './contact-card.ts';
import { abilityFor, type ConversationAccess, messageSubject, requireStaff } from './conversation-access.ts';
import { conversationAudit, conversationEvent } from './conversation-audit.ts';
import type { ConversationRow } from './conversation-write.ts';
import type { ConversationKeyring } from './message-sealing.ts';

export interface ContactCardDeps {
  readonly db: Kysely<Database>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly contacts: Pick<ContactRepository, 'read'>;
  readonly keyring: FieldKeyring & Pick<ConversationKeyring, 'eraseSubject'>;
  readonly pseudonymKey: PseudonymKeySource;
  /** Whether the conversation's visitor proved who they are (core/identity, `assuranceOf`). */
  readonly assuranceOf: (
    tenantId: string,
    conversationId: string,
    visitorId: string,
  ) => Promise<Assurance | undefined>;
  /** The tenant's masking policy; `DEFAULT_MASKING_POLICY` when absent. */
  readonly maskingPolicyOf?: (tenantId: string) => Promise<MaskingPolicy | undefined>;
  readonly revealsPerHour?: number;
  readonly now?: () => Date;
}

export interface Revealed {
  readonly revealId: string;
  readonly fields: Readonly<Partial<Record<CardField, string | null>>>;
}

const HOUR_MS = 3_600_000;
// pg_advisory_xact_lock(int4, int4): this constant names contact reveals, the second key the staff member.
const LOCK_CLASS = 0x0c57_0801;
const notFound = () => new AppError('not_found', 'No such conversation.');
const invalid = (path: string, message: string) =>
  new AppError('validation_failed', 'The reveal is invalid.', { issues: [{ path, message }] });

/** Only roles that work conversations see a card: tenant admins and auditors read no content. */
function workingRoles(access: ConversationAccess): string[] {
  const roles = access.actor.roles.filter((role) => (CARD_ROLES as readonly string[]).includes(role));
  if (roles.length === 0)
    throw new AppError('forbidden', 'Only staff working conversations see or reveal contact details.');
  return roles;
}

const contactSubject = (row: ConversationRow) =>
  asSubject('Contact', {
    tenantId: row.tenant_id,
    id: row.contact_id,
    careTeam: row.care_team,
    schoolId: row.school_id,
    assigneeIds: row.status === 'assigned' && row.assignee_id ? [row.assignee_id] : [],
  });

const permits = (ability: AppAbility, row: ConversationRow) => {
  const contact = contactSubject(row);
  return (field: CardField) => ability.can('read', contact, CARD_FIELD_SPECS[field].subjectField);
};

/**
 * The contact card of a conversation and the reveal of its masked fields (docs/conversations.md
 * §6). Both authorize first with the caller's ability; a conversation the caller may not read is
 * `not_found`. The card's read is recorded before it is answered; a reveal is recorded as
 * `reveal` (DICOM 110132) in the transaction that stores its sealed reason.
 */
export function createContactCardService(deps: ContactCardDeps) {
  const { db, audit, pseudonymKey } = deps;
  const now = deps.now ?? (() => new Date());
  const limit = deps.revealsPerHour ?? REVEALS_PER_HOUR;
  const { load, record, purposeOf } = conversationAudit(deps);

  /** The conversation, if the caller may read its messages; a refusal on an existing one is recorded. */
  async function readable(access: ConversationAccess, conversationId: string, ability: AppAbility) {
    const row = await load(access, conversationId);
    if (!row) throw notFound();
    if (!ability.can('read', messageSubject(row, { internal: false }))) {
      await record(access, row, 'read', 'staff', true);
      throw notFound();
    }
    return row;
  }

  async function verificationOf(row: ConversationRow): Promise<Verification> {
    const assurance = await deps.assuranceOf(row.tenant_id, row.conversation_id, row.contact_id);
    if (!assurance) return { verified: false };
    return {
      verified: true,
      recordId: assurance.subjectId,
      method: assurance.method,
      until: assurance.until,
    };
  }

  async function revealEvent(
    access: ConversationAccess,
    row: ConversationRow,
    options: { detailsRef?: NewAuditEvent['detailsRef']; denied?: boolean } = {},
  ): Promise<NewAuditEvent> {
    const purpose = await purposeOf(access, 'staff');
    const event = await conversationEvent(pseudonymKey, access, row, 'read', purpose, {
      resource: { type: 'Contact', id: row.contact_id },
      ...(options.denied ? { outcome: { result: 'failure', reason: 'denied' } as const } : {}),
    });
    return { ...event, action: 'reveal', ...(options.detailsRef ? { detailsRef: options.detailsRef } : {}) };
  }

  async function recordDenied(access: ConversationAccess, row: ConversationRow): Promise<void> {
    const event = await revealEvent(access, row, { denied: true });
    await db.transaction().execute((trx) => audit.record(trx, event));
  }

  return {
    async card(access: ConversationAccess, conversationId: string): Promise<ContactCard> {
      requireStaff(access);
      const roles = workingRoles(access);
      const ability = abilityFor(access);
      const row = await readable(access, conversationId, ability);
      const read = await deps.contacts.read(access.tenantId, row.contact_id);
      if (!read) throw notFound();
      const purpose = await purposeOf(access, 'staff');
      const event = await conversationEvent(pseudonymKey, access, row, 'read', purpose, {
        resource: { type: 'Contact', id: row.contact_id },
        ...(read.status === 'erased'
          ? { outcome: { result: 'failure', reason: 'key-unavailable' } as const }
          : {}),
      });
      const verification = await verificationOf(row);
      // On record before anything is handed out (fail closed).
      await db.transaction().execute((trx) => audit.record(trx, event));
      const base = { conversationId: row.conversation_id, contactId: row.contact_id, verification };
      if (read.status === 'erased') return { ...base, erased: true };
      const policy = (await deps.maskingPolicyOf?.(access.tenantId)) ?? DEFAULT_MASKING_POLICY;
      const viewer = mergeViewerPolicies(
        roles.map((role) => resolveMaskingPolicy(policy, { role, purpose })),
      );
      return {
        ...base,
        erased: false,
        kind: read.contact.kind,
        fields: cardFields(read.contact, viewer, permits(ability, row)),
      };
    },

    async reveal(
      access: ConversationAccess,
      conversationId: string,
      input: { readonly fields: readonly string[]; readonly reason: string },
    ): Promise<Revealed> {
      requireStaff(access);
      workingRoles(access);
      const fields = [...new Set(input.fields)];
      if (fields.length === 0) throw invalid('fields', 'name at least one field');
      const unknown = fields.filter((f) => !(CARD_FIELDS as readonly string[]).includes(f));
      if (unknown.length > 0) throw invalid('fields', `expected some of: ${CARD_FIELDS.join(', ')}`);
      const reason = input.reason.trim();
      if (reason.length < REVEAL_REASON.min || reason.length > REVEAL_REASON.max)
        throw invalid('reason', `say why, in ${REVEAL_REASON.min} to ${REVEAL_REASON.max} characters`);

      const ability = abilityFor(access);
      const row = await readable(access, conversationId, ability);
      const permitted = permits(ability, row);
      const refused = (fields as CardField[]).filter((field) => !permitted(field));
      if (refused.length > 0) {
        await recordDenied(access, row);
        throw new AppError('forbidden', 'Your role may not reveal these fields.', {
          details: { fields: refused },
        });
      }
      const read = await deps.contacts.read(access.tenantId, row.contact_id);
      if (!read) throw notFound();
      if (read.status === 'erased') throw new AppError('conflict', 'The contact was erased.');

      const { tenantId } = access;
      const actorId = access.auditActor.id;
      const revealId = randomUUID();
      const sealed = await sealRevealReason(
        deps.keyring,
        { tenantId, revealId, contactId: row.contact_id },
        reason,
      );
      const sha256 = createHash('sha256').update(sealed).digest('base64url');
      const event = await revealEvent(access, row, { detailsRef: { id: revealId, sha256 } });
      const at = now();
      const since = new Date(at.getTime() - HOUR_MS);
      const outcome = await db.transaction().execute(async (trx) => {
        // One staff member's reveals are counted one at a time, so two at once cannot both pass.
        await sql`select pg_advisory_xact_lock(${LOCK_CLASS}::int, hashtext(${`${tenantId}:${actorId}`}))`.execute(
          trx,
        );
        const window = await trx
          .selectFrom('contact_reveals')
          .select([(eb) => eb.fn.countAll<string>().as('n'), (eb) => eb.fn.min('revealed_at').as('oldest')])
          .where('tenant_id', '=', tenantId)
          .where('actor_id', '=', actorId)
          .where('revealed_at', '>', since)
          .executeTakeFirst();
        if (Number(window?.n ?? 0) >= limit) {
          const oldest = window?.oldest ? new Date(window.oldest) : at;
          return { limited: Math.max(1, Math.ceil((oldest.getTime() + HOUR_MS - at.getTime()) / 1000)) };
        }
        // Only for a contact not erased meanwhile.
        const { rows } = await sql<{ reveal_id: string }>`
          insert into contact_reveals (tenant_id, reveal_id, conversation_id, contact_id, actor_id, actor_role,
                                       fields, reason_sealed, reason_sha256, revealed_at)
          select ${tenantId}::uuid, ${revealId}::uuid, ${row.conversation_id}::uuid, ${row.contact_id}::uuid,
                 ${actorId}, ${event.actor.role}, ${sql`array[${sql.join(fields)}]::text[]`}, ${sealed}::bytea,
                 ${sha256}, ${at}::timestamptz
          where exists (select 1 from contacts k where k.tenant_id = ${tenantId} and k.contact_id = ${row.contact_id}
                        and k.erased_at is null)
          returning reveal_id`.execute(trx);
        if (!rows[0]) return { erased: true };
        await audit.record(trx, event);
        return { stored: true };
      });
      if ('limited' in outcome) {
        await recordDenied(access, row);
        throw new AppError('rate_limited', `At most ${limit} reveals an hour.`, {
          retryAfter: outcome.limited,
        });
      }
      if ('erased' in outcome) {
        // Sealing may have made the keyring create a key again for a person just erased; none may live.
        await deps.keyring.eraseSubject(tenantId, row.contact_id);
        throw new AppError('conflict', 'The contact was erased.');
      }
      const values: Partial<Record<CardField, string | null>> = {};
      for (const field of fields as CardField[]) values[field] = read.contact[field];
      return { revealId, fields: values };
    },
  };
}

export type ContactCardService = ReturnType<typeof createContactCardService>;

import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { asSubject } from '../access/ability.ts';
import { authorizeActor } from '../access/actor-ability.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import type { ContactRepository } from './contact.repository.ts';
import {
  type ContactAccess,
  contactEvent,
  contactPseudonym,
  type PseudonymKeySource,
} from './contact-audit.ts';
import {
  GUARDIAN_RELATIONSHIPS,
  type GuardianRelationship,
  type GuardianshipTable,
} from './guardianship.table.ts';

export interface GuardianshipServiceDeps {
  readonly db: Kysely<Database>;
  readonly contacts: Pick<ContactRepository, 'read'>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly pseudonymKey: PseudonymKeySource;
  readonly now?: () => Date;
}

export interface Guardianship {
  readonly id: string;
  readonly guardianId: string;
  readonly minorId: string;
  readonly relationship: GuardianRelationship;
  readonly consent: 'granted' | 'withdrawn';
  readonly grantedAt: Date;
  readonly withdrawnAt: Date | null;
  readonly recordedBy: string;
}

export interface NewGuardianship {
  readonly guardianId: string;
  readonly minorId: string;
  readonly relationship: string;
}

/** Age of majority, in years, for ward access (documented in docs/compliance/access-control.md). */
const MAJORITY = 18;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Whether a date of birth (`YYYY-MM-DD`) is under 18 years before `now`, on UTC calendar dates.
 * An unknown or malformed date is not a minor's: no ward access rests on a guess.
 */
export function isMinorOn(dateOfBirth: string | null | undefined, now: Date): boolean {
  const match = dateOfBirth ? DATE.exec(dateOfBirth) : null;
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const adult = `${String(y + MAJORITY).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  // Born on 29 February: adult on 1 March of a common year, since "YYYY-02-29" sorts before it.
  return now.toISOString().slice(0, 10) < adult;
}

const toGuardianship = (row: Selectable<GuardianshipTable>): Guardianship => ({
  id: row.guardianship_id,
  guardianId: row.guardian_contact_id,
  minorId: row.minor_contact_id,
  relationship: row.relationship,
  consent: row.consent,
  grantedAt: row.granted_at,
  withdrawnAt: row.withdrawn_at,
  recordedBy: row.recorded_by,
});

const subjectOf = (
  tenantId: string,
  g: Pick<Guardianship, 'id' | 'guardianId' | 'minorId' | 'relationship' | 'consent'>,
) => ({
  type: 'Guardianship' as const,
  attributes: {
    tenantId,
    id: g.id,
    guardianId: g.guardianId,
    minorId: g.minorId,
    relationship: g.relationship,
    consent: g.consent,
  },
});

const invalid = (path: string, message: string) =>
  new AppError('validation_failed', 'The guardianship is invalid.', { issues: [{ path, message }] });

const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === '23505';

/**
 * Guardian ↔ minor relationships with their consent state (Issue 5 §4). Staff record them and
 * withdraw consent; the verified guardian may withdraw it too. Every write is audited in its
 * transaction, naming the minor by pseudonym, so it appears in the minor's accounting.
 */
export function createGuardianshipService(deps: GuardianshipServiceDeps) {
  const { db, audit } = deps;
  const now = deps.now ?? (() => new Date());

  async function byId(tenantId: string, guardianshipId: string): Promise<Guardianship | undefined> {
    const row = await db
      .selectFrom('contact_guardianships')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('guardianship_id', '=', guardianshipId)
      .executeTakeFirst();
    return row && toGuardianship(row);
  }

  /** A contact (the guardian) is named in the log by pseudonym, as in every contact's event. */
  async function auditAccess(access: ContactAccess): Promise<ContactAccess> {
    if (access.actor.kind !== 'contact') return access;
    const id = await contactPseudonym(deps.pseudonymKey, access.tenantId, access.actor.id);
    return { ...access, actor: { kind: 'contact', id, role: 'contact' } };
  }

  return {
    async record(access: ContactAccess, input: NewGuardianship): Promise<Guardianship> {
      const { tenantId } = access;
      if (!(GUARDIAN_RELATIONSHIPS as readonly string[]).includes(input.relationship))
        throw invalid('relationship', `expected one of: ${GUARDIAN_RELATIONSHIPS.join(', ')}`);
      if (input.guardianId === input.minorId)
        throw invalid('guardianId', 'a person is not their own guardian');
      const draft = {
        id: randomUUID(),
        guardianId: input.guardianId,
        minorId: input.minorId,
        relationship: input.relationship as GuardianRelationship,
        consent: 'granted' as const,
      };
      authorizeActor(access.actor, 'create', subjectOf(tenantId, draft));
      const [guardian, minor] = await Promise.all([
        deps.contacts.read(tenantId, input.guardianId),
        deps.contacts.read(tenantId, input.minorId),
      ]);
      if (guardian?.status !== 'found') throw invalid('guardianId', 'no such contact');
      if (minor?.status !== 'found') throw new AppError('not_found', 'No such contact.');
      const at = now();
      const pseudonym = await contactPseudonym(deps.pseudonymKey, tenantId, input.minorId);
      try {
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('contact_guardianships')
            .values({
              tenant_id: tenantId,
              guardianship_id: draft.id,
              guardian_contact_id: draft.guardianId,
              minor_contact_id: draft.minorId,
              relationship: draft.relationship,
              consent: 'granted',
              granted_at: at,
              withdrawn_at: null,
              recorded_by: access.actor.id,
            })
            .execute();
          await audit.record(trx, contactEvent(access, 'create', pseudonym));
        });
      } catch (error) {
        if (isUniqueViolation(error))
          throw new AppError('conflict', 'This guardian already has consent in force for this minor.');
        throw error;
      }
      return { ...draft, grantedAt: at, withdrawnAt: null, recordedBy: access.actor.id };
    },

    /** The relationships a contact is in, as minor or as guardian, newest first. */
    async list(access: ContactAccess, contactId: string): Promise<Guardianship[]> {
      const ability = authorizeActor(access.actor, 'read', 'Guardianship');
      const rows = await db
        .selectFrom('contact_guardianships')
        .selectAll()
        .where('tenant_id', '=', access.tenantId)
        .where((eb) =>
          eb.or([eb('minor_contact_id', '=', contactId), eb('guardian_contact_id', '=', contactId)]),
        )
        .orderBy('granted_at', 'desc')
        .orderBy('guardianship_id')
        .execute();
      return rows
        .map(toGuardianship)
        .filter((g) =>
          ability.can('read', asSubject('Guardianship', subjectOf(access.tenantId, g).attributes)),
        );
    },

    /**
     * Withdraws consent: from now on the guardian no longer acts for the minor. `minorId`, when
     * given (the URL's contact), must be the guardianship's minor.
     */
    async withdraw(access: ContactAccess, guardianshipId: string, minorId?: string): Promise<Guardianship> {
      const found = await byId(access.tenantId, guardianshipId);
      if (!found || (minorId !== undefined && found.minorId !== minorId))
        throw new AppError('not_found', 'No such guardianship.');
      // Whoever may see it learns that it is withdrawn already (409); the rest get 403.
      const subject = subjectOf(access.tenantId, found);
      authorizeActor(access.actor, found.consent === 'granted' ? 'update' : 'read', subject, 'consent');
      if (found.consent !== 'granted') throw new AppError('conflict', 'Consent was already withdrawn.');
      const at = now();
      const pseudonym = await contactPseudonym(deps.pseudonymKey, access.tenantId, found.minorId);
      const recorded = await auditAccess(access);
      const changed = await db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('contact_guardianships')
          .set({ consent: 'withdrawn', withdrawn_at: at })
          .where('tenant_id', '=', access.tenantId)
          .where('guardianship_id', '=', guardianshipId)
          .where('consent', '=', 'granted')
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) return false;
        await audit.record(trx, contactEvent(recorded, 'update', pseudonym));
        return true;
      });
      if (!changed) throw new AppError('conflict', 'Consent was already withdrawn.');
      return { ...found, consent: 'withdrawn', withdrawnAt: at };
    },

    /**
     * The minors a guardian acts for at `now`: consent granted and under 18 on that day. The
     * minor's date of birth is opened for this check only; it is never returned.
     */
    async wardsOf(tenantId: string, guardianContactId: string, at: Date = now()): Promise<string[]> {
      const rows = await db
        .selectFrom('contact_guardianships')
        .select('minor_contact_id')
        .where('tenant_id', '=', tenantId)
        .where('guardian_contact_id', '=', guardianContactId)
        .where('consent', '=', 'granted')
        .execute();
      const minors = await Promise.all(
        rows.map(async ({ minor_contact_id: id }) => {
          const minor = await deps.contacts.read(tenantId, id);
          return minor?.status === 'found' && isMinorOn(minor.contact.dateOfBirth, at) ? id : undefined;
        }),
      );
      return minors.filter((id): id is string => id !== undefined).sort();
    },

    now,
  };
}

export type GuardianshipService = ReturnType<typeof createGuardianshipService>;

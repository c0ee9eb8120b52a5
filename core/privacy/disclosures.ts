import type { Kysely } from 'kysely';
import { type AuditEvent, searchEvents } from '../../compliance/index.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import {
  type ContactAccess,
  contactEvent,
  contactPseudonym,
  type PseudonymKeySource,
  requireStaff,
} from '../contacts/contact-audit.ts';
import type { Database } from '../db/schema.ts';

/** The accounting of disclosures (HIPAA §164.528, FERPA §99.32): who touched one person's data. */
export const DISCLOSURES_FORMAT = 'custos-disclosures/1';

export interface Disclosure {
  readonly seq: number;
  readonly time: string;
  readonly actor: AuditEvent['actor'];
  readonly action: AuditEvent['action'];
  readonly purpose: AuditEvent['purpose'];
  readonly outcome: AuditEvent['outcome'];
  readonly resource?: AuditEvent['resource'];
}

export interface DisclosureAccount {
  readonly format: typeof DISCLOSURES_FORMAT;
  readonly generatedAt: string;
  readonly contactId: string;
  /** Entries in log order, from the tenant's audit log (sequenced events only). */
  readonly entries: readonly Disclosure[];
}

export interface DisclosureDeps {
  readonly db: Kysely<Database>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly pseudonymKey: PseudonymKeySource;
}

const PAGE = 1000;

/**
 * Every audit event that names the person (by their pseudonym, docs/compliance/audit-log.md
 * §1.3): reads, changes, exports, break-glass, erasure — each with when, who (opaque id, role,
 * kind), why (purpose of use) and the outcome. The request for the account is itself recorded.
 * It answers from the log, so it holds even for a person since erased.
 */
export async function accountOfDisclosures(
  deps: DisclosureDeps,
  access: ContactAccess,
  contactId: string,
): Promise<DisclosureAccount> {
  requireStaff(access.actor);
  const subjectPseudonym = await contactPseudonym(deps.pseudonymKey, access.tenantId, contactId);
  const entries: Disclosure[] = (await eventsNaming(deps, access.tenantId, subjectPseudonym)).map(
    (event) => ({
      seq: event.seq,
      time: event.time,
      actor: event.actor,
      action: event.action,
      purpose: event.purpose,
      outcome: event.outcome,
      ...(event.resource ? { resource: event.resource } : {}),
    }),
  );
  const event = { ...contactEvent(access, 'read', subjectPseudonym), action: 'export' as const };
  await deps.db.transaction().execute((trx) => deps.audit.record(trx, event));
  return { format: DISCLOSURES_FORMAT, generatedAt: new Date().toISOString(), contactId, entries };
}

/** Every sequenced event of the tenant's log that names the pseudonym, in log order. */
async function eventsNaming(deps: DisclosureDeps, tenantId: string, subjectPseudonym: string) {
  const events: AuditEvent[] = [];
  let afterSeq: number | undefined;
  for (;;) {
    const page = await searchEvents(
      deps.db,
      tenantId,
      { subjectPseudonym },
      { limit: PAGE, ...(afterSeq === undefined ? {} : { afterSeq }) },
    );
    events.push(...page.map(({ event }) => event));
    if (page.length < PAGE) break;
    afterSeq = page.at(-1)?.event.seq;
  }
  return events;
}

/** The person's own accounting: what the access rules let them read of an event (rules/public.ts). */
export const OWN_DISCLOSURES_FORMAT = 'custos-own-disclosures/1';

export interface OwnDisclosure {
  readonly time: string;
  /** The role that acted (`agent`, `clinician`, `system`): never who. */
  readonly role: string;
  readonly action: AuditEvent['action'];
  readonly purpose: AuditEvent['purpose'];
  readonly outcome: AuditEvent['outcome'];
}

/**
 * A verified contact's own accounting of disclosures (HIPAA §164.528, FERPA §99.32): the events
 * naming the record they proved to be, with only when, role, action, purpose and outcome — no
 * staff ids, no resource ids. The request is itself recorded, as the auditor's is (`export`),
 * with the contact as actor (`access.actor.id` is their pseudonym). The caller has authorized
 * the read.
 */
export async function ownAccountOfDisclosures(
  deps: DisclosureDeps,
  access: ContactAccess & { readonly actor: { readonly kind: 'contact' } },
  contactId: string,
): Promise<{ format: typeof OWN_DISCLOSURES_FORMAT; generatedAt: string; entries: OwnDisclosure[] }> {
  const subjectPseudonym = await contactPseudonym(deps.pseudonymKey, access.tenantId, contactId);
  const entries = (await eventsNaming(deps, access.tenantId, subjectPseudonym)).map((event) => ({
    time: event.time,
    role: event.actor.role,
    action: event.action,
    purpose: event.purpose,
    outcome: event.outcome,
  }));
  const event = { ...contactEvent(access, 'read', subjectPseudonym), action: 'export' as const };
  await deps.db.transaction().execute((trx) => deps.audit.record(trx, event));
  return { format: OWN_DISCLOSURES_FORMAT, generatedAt: new Date().toISOString(), entries };
}

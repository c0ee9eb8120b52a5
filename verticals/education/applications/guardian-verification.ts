import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { NewAuditEvent } from '../../../compliance/index.ts';
import { type ContactRepository, type Database, type PortCall, PortRefusal } from '../../../core/index.ts';
import { type GuardianAuditDeps, guardianEvent } from './application-audit.ts';
import {
  MALFORMED_BIRTH_DATE,
  MALFORMED_NUMBER,
  NO_CONSENT,
  NOT_MATCHED,
  TOO_MANY_ATTEMPTS,
} from './application-texts.ts';
import type { ApplicationTables, Stage } from './applications.table.ts';

export interface VerificationDeps extends GuardianAuditDeps {
  readonly db: Kysely<Database>;
  readonly contacts: ContactRepository;
  /** The clock; default the turn's (`PortCall.now`). */
  readonly now?: () => Date;
  /** Failed checks a conversation (or a contact) may make in `failureWindowMinutes`; default 5. */
  readonly maxFailures?: number;
  /** Default 60. */
  readonly failureWindowMinutes?: number;
}

/** An application its guardian has just proved they know. */
export interface VerifiedApplication {
  readonly applicationId: string;
  readonly applicantNumber: string;
  readonly grade: string;
  readonly stage: Stage;
}

/** The pack's record number (flows.ts APPLICANT_NUMBER_PATTERN), upper-cased: A, 20, 8 digits. */
const APPLICANT_NUMBER = /^A20\d{8}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isCalendarDate = (value: string) =>
  ISO_DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;

function required(call: PortCall, name: string): string {
  const value = call.slots[name];
  if (!value) throw new Error(`port ${call.port} needs the slot "${name}"`);
  return value;
}

/**
 * A guardian's proof of an application (DESIGN §2.1–2.2): the applicant number finds the child
 * through its blind index, the sealed birth date must match, and the guardian must have
 * consented in this chat first (PIPL Art. 31). Success links the calling contact to the
 * application and records a `read` of it; failure records a failed `read` — naming the child by
 * pseudonym only when the number exists — and answers the same refusal whether it exists or not.
 * Failures are counted per conversation and per contact: past the limit, nothing is looked up.
 */
export function createGuardianVerification(deps: VerificationDeps) {
  const db = deps.db.withTables<ApplicationTables>();
  const maxFailures = deps.maxFailures ?? 5;
  const windowMs = (deps.failureWindowMinutes ?? 60) * 60_000;
  const clock = (call: PortCall) => deps.now?.() ?? call.now;

  // A failed attempt that changes nothing else still commits its event (fail closed: if the
  // event cannot be written, the caller gets an error, not a refusal).
  const recordFailure = async (event: NewAuditEvent) =>
    db.transaction().execute((trx) => deps.audit.record(trx, event));

  async function consented(call: PortCall): Promise<boolean> {
    const consentId = call.slots.consent_id ?? '';
    if (!UUID.test(consentId)) return false;
    const consent = await db
      .selectFrom('guardian_consents')
      .select('consent_id')
      .where('tenant_id', '=', call.tenantId)
      .where('consent_id', '=', consentId)
      .where('guardian_contact_id', '=', call.contactId)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst();
    return consent !== undefined;
  }

  async function recentFailures(call: PortCall): Promise<number> {
    const since = new Date(clock(call).getTime() - windowMs);
    const row = await db
      .selectFrom('admission_verification_failures')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('tenant_id', '=', call.tenantId)
      .where((eb) =>
        eb.or([
          eb('conversation_id', '=', call.conversationId),
          eb('guardian_contact_id', '=', call.contactId),
        ]),
      )
      .where('at', '>', since)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The child with this applicant number and their latest application, if both exist. */
  async function applicantOf(call: PortCall, applicantNumber: string) {
    const children = (await deps.contacts.findBy(call.tenantId, 'studentNumber', applicantNumber)).filter(
      (c) => c.kind === 'student',
    );
    for (const child of children) {
      const application = await db
        .selectFrom('admission_applications')
        .select(['application_id', 'grade', 'stage'])
        .where('tenant_id', '=', call.tenantId)
        .where('applicant_contact_id', '=', child.id)
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      if (application) return { child, application };
    }
    return undefined;
  }

  return async function verify(call: PortCall): Promise<VerifiedApplication> {
    const applicantNumber = required(call, 'applicant_number').trim().toUpperCase();
    const birthDate = required(call, 'child_birth_date').trim();
    if (!APPLICANT_NUMBER.test(applicantNumber)) throw new PortRefusal(MALFORMED_NUMBER);
    if (!isCalendarDate(birthDate)) throw new PortRefusal(MALFORMED_BIRTH_DATE);
    if (!UUID.test(call.conversationId)) throw new Error(`port ${call.port} needs a conversation id`);

    const failed = (
      reason: 'denied' | 'locked-out' | 'bad-credentials',
      subject?: {
        child: string;
        applicationId: string;
      },
    ) =>
      guardianEvent(deps.pseudonymKey, call, 'read', {
        outcome: { result: 'failure', reason },
        ...(subject
          ? {
              subjectContactId: subject.child,
              resource: { type: 'AdmissionApplication', id: subject.applicationId },
            }
          : {}),
      });

    if (!(await consented(call))) {
      await recordFailure(await failed('denied'));
      throw new PortRefusal(NO_CONSENT);
    }
    if ((await recentFailures(call)) >= maxFailures) {
      await recordFailure(await failed('locked-out'));
      throw new PortRefusal(TOO_MANY_ATTEMPTS);
    }

    const found = await applicantOf(call, applicantNumber);
    const at = clock(call);
    if (!found || found.child.dateOfBirth !== birthDate) {
      const event = await failed(
        'bad-credentials',
        found && { child: found.child.id, applicationId: found.application.application_id },
      );
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('admission_verification_failures')
          .values({
            tenant_id: call.tenantId,
            failure_id: randomUUID(),
            conversation_id: call.conversationId,
            guardian_contact_id: call.contactId,
            at,
          })
          .execute();
        await deps.audit.record(trx, event);
      });
      throw new PortRefusal(NOT_MATCHED);
    }

    const { child, application } = found;
    const event = await guardianEvent(deps.pseudonymKey, call, 'read', {
      subjectContactId: child.id,
      resource: { type: 'AdmissionApplication', id: application.application_id },
    });
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('admission_guardian_links')
        .values({
          tenant_id: call.tenantId,
          application_id: application.application_id,
          guardian_contact_id: call.contactId,
          via: 'verification',
          linked_at: at,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'application_id', 'guardian_contact_id']).doNothing())
        .execute();
      await deps.audit.record(trx, event);
    });
    return {
      applicationId: application.application_id,
      applicantNumber,
      grade: application.grade,
      stage: application.stage,
    };
  };
}

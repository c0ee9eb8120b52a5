import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  type ActionPort,
  AppError,
  type ContactRepository,
  type Database,
  type PortCall,
} from '../../../core/index.ts';
import { type GuardianAuditDeps, guardianEvent } from './application-audit.ts';
import { gradeLabel, statusSentence } from './application-texts.ts';
import type { ApplicationTables } from './applications.table.ts';
import { createGuardianVerification } from './guardian-verification.ts';

export interface ApplicationPortsDeps extends GuardianAuditDeps {
  /** The application's view of the database (row-level security applies). */
  readonly db: Kysely<Database>;
  readonly contacts: ContactRepository;
  /** The clock; default the turn's (`PortCall.now`). */
  readonly now?: () => Date;
  /** Failed verifications allowed per conversation or contact in an hour; default 5. */
  readonly maxFailures?: number;
}

const VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const PURPOSE = /^[a-z][a-z0-9-]{0,63}$/;

function argument(call: PortCall, name: 'version' | 'purpose', pattern: RegExp): string {
  const value = call.args[name];
  if (!value || !pattern.test(value)) {
    throw new AppError('validation_failed', `Port ${call.port} needs a consent ${name}.`, {
      issues: [{ path: `args.${name}`, message: `expected a code matching ${pattern}` }],
    });
  }
  return value;
}

/**
 * The admissions register's flow ports (flows.ts): `consent.record`, `applications.verifyGuardian`
 * and `applications.status`. Each write commits with its audit event; a port that cannot record
 * its event fails, and the flow offers a human.
 */
export function createApplicationPorts(deps: ApplicationPortsDeps): Record<string, ActionPort> {
  const db = deps.db.withTables<ApplicationTables>();
  const verify = createGuardianVerification(deps);
  const clock = (call: PortCall) => deps.now?.() ?? call.now;

  return {
    // PIPL Art. 31: filed before any of the child's data is asked for. A retry of the same flow
    // step (same idempotency key) returns the consent filed the first time.
    'consent.record': async (call) => {
      const version = argument(call, 'version', VERSION);
      const purpose = argument(call, 'purpose', PURPOSE);
      const consentId = randomUUID();
      const event = await guardianEvent(deps.pseudonymKey, call, 'consent', {
        subjectContactId: call.contactId,
        resource: { type: 'GuardianConsent', id: consentId },
      });
      const filed = await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('guardian_consents')
          .values({
            tenant_id: call.tenantId,
            consent_id: consentId,
            guardian_contact_id: call.contactId,
            version,
            purpose,
            given_at: clock(call),
            conversation_id: call.conversationId,
            idempotency_key: call.idempotencyKey,
          })
          .onConflict((oc) => oc.columns(['tenant_id', 'idempotency_key']).doNothing())
          .returning('consent_id')
          .executeTakeFirst();
        if (inserted) {
          await deps.audit.record(trx, event);
          return inserted.consent_id;
        }
        const earlier = await trx
          .selectFrom('guardian_consents')
          .select(['consent_id', 'guardian_contact_id'])
          .where('tenant_id', '=', call.tenantId)
          .where('idempotency_key', '=', call.idempotencyKey)
          .executeTakeFirstOrThrow();
        if (earlier.guardian_contact_id !== call.contactId)
          throw new AppError('conflict', 'This consent was filed by another contact.');
        return earlier.consent_id;
      });
      return { values: { consent_id: { value: filed, text: filed } } };
    },

    'applications.verifyGuardian': async (call) => {
      const application = await verify(call);
      return {
        values: {
          application_grade: { value: application.grade, text: gradeLabel(application.grade, call.locale) },
        },
      };
    },

    'applications.status': async (call) => {
      const application = await verify(call);
      const text = statusSentence(
        application.applicantNumber,
        application.grade,
        application.stage,
        call.locale,
      );
      return { values: { status: { value: application.stage, text } } };
    },
  };
}

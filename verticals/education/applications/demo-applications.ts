import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { NewAuditEvent } from '../../../compliance/index.ts';
import {
  type AuditLog,
  type Contact,
  type ContactAccess,
  type ContactRepository,
  type ContactService,
  contactPseudonym,
  type Database,
  type NewContact,
  type PseudonymKeySource,
} from '../../../core/index.ts';
import type { DemoApplication } from '../demo-school.ts';
import type { ApplicationTables, Stage } from './applications.table.ts';

export interface SeedApplicationsDeps {
  readonly db: Kysely<Database>;
  /** Lookups by applicant number and phone, so that a second run finds what the first made. */
  readonly contacts: Pick<ContactRepository, 'findBy'>;
  /** Creates the children and guardians, sealed and audited. */
  readonly contactService: Pick<ContactService, 'create'>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly pseudonymKey: PseudonymKeySource;
  /** Stage dates after this are moved back to it; default now. */
  readonly now?: () => Date;
}

export interface SeedReport {
  readonly created: number;
  /** Applicant numbers that already had an application. */
  readonly skipped: number;
}

// The admissions office keys in the demo; applications are its records, not personal data.
const SEEDER = { kind: 'system', id: 'demo-seeder', role: 'admissions_officer' } as const;
const DAY_MS = 86_400_000;

/** The stages an application went through to reach `stage`, in order. */
export function stagePath(stage: Stage): Stage[] {
  const course: Stage[] = ['submitted', 'under_review', 'assessment_scheduled'];
  switch (stage) {
    case 'submitted':
    case 'under_review':
    case 'assessment_scheduled':
      return course.slice(0, course.indexOf(stage) + 1);
    case 'enrolled':
      return [...course, 'offer', 'enrolled'];
    case 'withdrawn':
      return ['submitted', 'withdrawn'];
    default:
      return [...course, stage];
  }
}

/**
 * Creates the demo school's synthetic applicants: each child a `student` contact whose student
 * number is the applicant number (sealed, found by its blind index), each guardian a `guardian`
 * contact with the fake phone, and the application with its stage history, one week per stage
 * from the day it was submitted (09:00 Beijing time). A number that already has an application
 * is skipped, so the seeder can run at every start of the demo.
 */
export async function seedDemoApplications(
  deps: SeedApplicationsDeps,
  tenantId: string,
  applications: readonly DemoApplication[],
): Promise<SeedReport> {
  const db = deps.db.withTables<ApplicationTables>();
  const access: ContactAccess = { actor: SEEDER, tenantId, purpose: 'EDUENROLL' };
  const now = deps.now?.() ?? new Date();

  async function existing(field: 'studentNumber' | 'mobilePhone', value: string, kind: Contact['kind']) {
    return (await deps.contacts.findBy(tenantId, field, value)).find((c) => c.kind === kind);
  }
  async function ensure(found: Contact | undefined, input: NewContact): Promise<Contact> {
    return found ?? deps.contactService.create(access, input);
  }

  let created = 0;
  let skipped = 0;
  for (const application of applications) {
    const known = await existing('studentNumber', application.applicantNumber, 'student');
    if (known) {
      const filed = await db
        .selectFrom('admission_applications')
        .select('application_id')
        .where('tenant_id', '=', tenantId)
        .where('applicant_contact_id', '=', known.id)
        .executeTakeFirst();
      if (filed) {
        skipped++;
        continue;
      }
    }
    const child = await ensure(known, {
      kind: 'student',
      displayName: application.child.names['zh-CN'],
      dateOfBirth: application.child.dateOfBirth,
      studentNumber: application.applicantNumber,
    });
    const { guardian } = application;
    const parent = await ensure(await existing('mobilePhone', guardian.phone, 'guardian'), {
      kind: 'guardian',
      displayName: guardian.names['zh-CN'],
      mobilePhone: guardian.phone,
    });

    const applicationId = randomUUID();
    const submitted = new Date(`${application.submittedOn}T09:00:00+08:00`);
    const history = stagePath(application.stage).map((stage, i) => ({
      stage,
      at: new Date(Math.min(submitted.getTime() + i * 7 * DAY_MS, now.getTime())),
    }));
    const event: NewAuditEvent = {
      tenantId,
      actor: { id: SEEDER.id, role: 'admissions-officer', kind: 'system' },
      action: 'create',
      purpose: 'EDUENROLL',
      resource: { type: 'AdmissionApplication', id: applicationId },
      subject: { type: 'contact', pseudonym: await contactPseudonym(deps.pseudonymKey, tenantId, child.id) },
      outcome: { result: 'success' },
    };
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('admission_applications')
        .values({
          tenant_id: tenantId,
          application_id: applicationId,
          applicant_contact_id: child.id,
          guardian_contact_id: parent.id,
          relationship: guardian.relationship,
          program: application.program,
          grade: application.grade,
          stage: application.stage,
          created_at: submitted,
          updated_at: history.at(-1)?.at ?? submitted,
        })
        .execute();
      await trx
        .insertInto('admission_stage_history')
        .values(
          history.map((h, i) => ({
            tenant_id: tenantId,
            application_id: applicationId,
            seq: i + 1,
            stage: h.stage,
            at: h.at,
            changed_by: SEEDER.id,
          })),
        )
        .execute();
      await trx
        .insertInto('admission_guardian_links')
        .values({
          tenant_id: tenantId,
          application_id: applicationId,
          guardian_contact_id: parent.id,
          via: 'application',
          linked_at: submitted,
        })
        .execute();
      await deps.audit.record(trx, event);
    });
    created++;
  }
  return { created, skipped };
}

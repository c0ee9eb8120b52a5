import { type Kysely, sql, type Transaction } from 'kysely';
import { z } from 'zod';
import type { DatabaseHandle } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { AppError, type FieldIssue } from '../errors/app-error.ts';
import {
  readSettingsSection,
  TENANT_SETTINGS_CHANNEL,
  writeSettingsSection,
} from '../tenancy/tenant-settings.ts';
import { OPERATIONS_ROLES, type Role } from './roles.ts';
import { type AccessRule, createRuleKit, type RoleRules } from './rule-kit.ts';
import { admissionsOfficerRules, agentRules, clinicianRules, supervisorRules } from './rules/operations.ts';
import { ACTIONS, type Action, SUBJECT_FIELDS, type SubjectName } from './subjects.ts';

/**
 * Tenant tailoring (docs/compliance/access-control.md, "Tenant tailoring"): a tenant admin may take
 * permissions away from the operational roles, never add any. Kept in `tenants.settings.access` as
 * `{ restrictions: [{ role, deny: [{ action, subject, fields? }] }] }`; each entry names something
 * the role's built-in rules grant, and becomes a CASL `cannot` rule in the ability builder.
 */
export type TailorableRole = 'agent' | 'supervisor' | 'clinician' | 'admissions_officer';

export interface AccessDenial {
  readonly action: Action;
  readonly subject: SubjectName;
  /** Only these fields (the rest of the grant stays); left out: the whole grant. */
  readonly fields?: readonly string[];
}

export interface RoleRestriction {
  readonly role: TailorableRole;
  readonly deny: readonly AccessDenial[];
}

export interface AccessSettings {
  readonly restrictions: readonly RoleRestriction[];
}

/** Notified with the tenant id, in the transaction of a change (the channel booking settings use too). */
export const ACCESS_SETTINGS_CHANNEL = TENANT_SETTINGS_CHANNEL;

const BUILT_IN: Readonly<Record<TailorableRole, RoleRules>> = {
  agent: agentRules,
  supervisor: supervisorRules,
  clinician: clinicianRules,
  admissions_officer: admissionsOfficerRules,
};

const TAILORABLE = Object.keys(BUILT_IN) as TailorableRole[];
const SUBJECTS = Object.keys(SUBJECT_FIELDS) as [SubjectName, ...SubjectName[]];

const denialSchema = z
  .object({
    action: z.enum(ACTIONS),
    subject: z.enum(SUBJECTS),
    fields: z.array(z.string().min(1)).min(1).max(50).optional(),
  })
  .strict();

const settingsSchema = z
  .object({
    restrictions: z
      .array(
        z
          .object({
            role: z.string(),
            deny: z.array(denialSchema).max(100),
          })
          .strict(),
      )
      .max(TAILORABLE.length)
      .default([]),
  })
  .strict();

const asList = <T>(value: T | readonly T[]): readonly T[] => (Array.isArray(value) ? value : [value as T]);

/** A role's built-in grants, for an actor that has every attribute a rule may depend on. */
function builtInGrants(role: TailorableRole): readonly AccessRule[] {
  const kit = createRuleKit('tenant');
  BUILT_IN[role](kit, {
    id: 'someone',
    tenantId: 'tenant',
    roles: [role],
    mfa: true,
    queueIds: ['queue'],
    schoolIds: ['school'],
  });
  return kit.rules.filter((rule) => !rule.inverted);
}

/** Whether the role's built-in rules grant `action` on `subject`, for each of `fields` if given. */
function granted(role: TailorableRole, denial: AccessDenial): string | undefined {
  const rules = builtInGrants(role).filter(
    (rule) =>
      asList(rule.action).includes(denial.action) &&
      asList(rule.subject as SubjectName | SubjectName[]).includes(denial.subject),
  );
  if (rules.length === 0) return `${role} is not granted ${denial.action} ${denial.subject}`;
  for (const field of denial.fields ?? []) {
    if (!(SUBJECT_FIELDS[denial.subject] as readonly string[]).includes(field))
      return `${denial.subject} has no field ${field}`;
    if (!rules.some((rule) => rule.fields === undefined || asList(rule.fields).includes(field)))
      return `${role} is not granted ${denial.action} ${denial.subject}.${field}`;
  }
  return undefined;
}

const invalid = (issues: FieldIssue[]) =>
  new AppError('validation_failed', 'The access settings are not valid.', { issues });

/**
 * Checks submitted (or stored) settings. Refused, with the path of each problem: a role other than
 * the operational ones (tenant admin, auditor and operator are separation-of-duties roles; contacts
 * and guardians are not staff), an action, subject or field unknown, a role named twice, and any
 * denial of something the role was never granted (a restriction must take something away).
 */
export function parseAccessSettings(input: unknown): AccessSettings {
  const parsed = settingsSchema.safeParse(input ?? {});
  if (!parsed.success)
    throw invalid(
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  parsed.data.restrictions.forEach((restriction, i) => {
    const role = restriction.role as Role;
    if (!TAILORABLE.includes(role as TailorableRole)) {
      const why = OPERATIONS_ROLES.includes(role)
        ? 'this role cannot be tailored'
        : ['tenant_admin', 'auditor', 'platform_operator'].includes(role)
          ? 'separation-of-duties roles cannot be tailored'
          : `expected one of ${TAILORABLE.join(', ')}`;
      issues.push({ path: `restrictions.${i}.role`, message: why });
      return;
    }
    if (seen.has(role)) issues.push({ path: `restrictions.${i}.role`, message: 'role named twice' });
    seen.add(role);
    restriction.deny.forEach((denial, j) => {
      const problem = granted(role as TailorableRole, denial);
      if (problem) issues.push({ path: `restrictions.${i}.deny.${j}`, message: problem });
    });
  });
  if (issues.length > 0) throw invalid(issues);
  return {
    restrictions: parsed.data.restrictions.map((r) => ({
      role: r.role as TailorableRole,
      deny: r.deny.map((d) => ({
        action: d.action,
        subject: d.subject,
        ...(d.fields ? { fields: [...new Set(d.fields)] } : {}),
      })),
    })),
  };
}

/** The tenant's access settings as stored, or none (no restriction). */
export async function readAccessSettings(db: Kysely<Database>, tenantId: string): Promise<AccessSettings> {
  return parseAccessSettings(await readSettingsSection(db, tenantId, 'access'));
}

/** Replaces the tenant's access settings and tells every process (tenant-settings.ts). */
export const writeAccessSettings = (
  trx: Transaction<Database>,
  tenantId: string,
  settings: AccessSettings,
  at: Date,
): Promise<void> => writeSettingsSection(trx, tenantId, 'access', settings, at);

/** What the ability builder applies for one tenant: its restrictions, and a version for cache keys. */
export interface TenantTailoring {
  readonly version: number;
  readonly restrictions: readonly RoleRestriction[];
}

// The ability builder is synchronous and called on every decision, so the restrictions it applies
// are kept in memory, per process: loaded at start, replaced after a change here and on hearing of
// a change elsewhere. The version changes with every replacement, which keys the ability cache.
const tailorings = new Map<string, TenantTailoring>();
let versions = 0;

/** The tenant's restrictions as this process knows them (none for a tenant never tailored). */
export function tailoringOf(tenantId: string | undefined): TenantTailoring | undefined {
  return tenantId === undefined ? undefined : tailorings.get(tenantId);
}

/** Installs a tenant's restrictions in this process; abilities built before are no longer used. */
export function installTailoring(tenantId: string, settings: AccessSettings): void {
  versions += 1;
  tailorings.set(tenantId, { version: versions, restrictions: settings.restrictions });
}

async function loadAll(db: Kysely<Database>): Promise<void> {
  const rows = await db
    .selectFrom('tenants')
    .select(['tenant_id', 'settings'])
    .where(sql<boolean>`settings ? 'access'`)
    .execute();
  for (const row of rows) installTailoring(row.tenant_id, parseAccessSettings(row.settings.access));
}

/**
 * Keeps this process's restrictions current: reads every tenant's at start, then re-reads a tenant's
 * when any process says it changed (`ACCESS_SETTINGS_CHANNEL`), and all of them after the listener
 * reconnects (notifications may have been missed). Resolves once loaded and listening.
 */
export async function followAccessSettings(
  db: Kysely<Database>,
  handle: Pick<DatabaseHandle, 'listen'>,
  onError: (error: unknown) => void,
): Promise<void> {
  const reload = (tenantId: string) =>
    readAccessSettings(db, tenantId)
      .then((settings) => installTailoring(tenantId, settings))
      .catch(onError);
  await handle.listen(
    ACCESS_SETTINGS_CHANNEL,
    (tenantId) => void reload(tenantId),
    () => void loadAll(db).catch(onError),
  );
  await loadAll(db);
}

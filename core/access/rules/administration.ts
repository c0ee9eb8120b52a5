import { OPERATIONS_ROLES, PRIVILEGED_ROLES } from '../roles.ts';
import type { RoleRules } from '../rule-kit.ts';
import type { FieldOf } from '../subjects.ts';
import { selfRules } from './operations.ts';

// Operational metadata only: a tenant admin sees that a conversation exists and how it is routed,
// never who it is with or what was said (DESIGN §2.4: admins do not read PHI by default).
const CONVERSATION_METADATA: readonly FieldOf<'Conversation'>[] = [
  'tenantId',
  'id',
  'status',
  'channel',
  'queueId',
  'assigneeId',
  'priority',
  'tags',
  'createdAt',
  'closedAt',
];
// `mfaEnrolled`: resetting a lost second factor, which makes the account enrol again.
const ACCOUNT_FIELDS: readonly FieldOf<'User'>[] = [
  'displayName',
  'queueIds',
  'schoolIds',
  'disabled',
  'mfaEnrolled',
  'locale',
];
const WHO_IS_WHO: readonly FieldOf<'User'>[] = ['tenantId', 'id', 'displayName', 'roles', 'disabled'];

/** 系统管理员: accounts, configuration and the operational roles of one tenant. */
export const tenantAdminRules: RoleRules = (kit, actor) => {
  selfRules(kit, actor.id);
  kit.allow('update', 'Tenant', {}, ['name', 'locale', 'timeZone', 'displayNames']);
  kit.allow(['read', 'update'], 'TenantSettings', {});
  kit.allow(['create', 'read', 'delete'], 'User', {});
  kit.allow('update', 'User', {}, ACCOUNT_FIELDS);
  kit.allow('read', 'RoleGrant', {});
  kit.allow(['create', 'delete'], 'RoleGrant', { role: { $in: [...OPERATIONS_ROLES] } });
  kit.allow('read', 'Conversation', {}, CONVERSATION_METADATA);
  kit.allow(['create', 'read', 'update', 'delete'], 'KnowledgeArticle', {});
  kit.allow(['create', 'read', 'update', 'delete'], 'CannedReply', {});
  // Aggregates only (core/analytics): running the service needs them, and they hold no content.
  kit.allow(['read', 'export'], 'Analytics', {});
};

/** 审计管理员: the evidence — audit log, break-glass reviews, permission changes — and no content. */
export const auditorRules: RoleRules = (kit, actor) => {
  selfRules(kit, actor.id);
  kit.allow(['read', 'export', 'verify'], 'AuditEvent', {});
  kit.allow('read', 'RoleGrant', {});
  kit.allow('read', 'User', {}, WHO_IS_WHO);
  kit.allow('read', 'TenantSettings', {}, ['tenantId', 'retention', 'masking']);
  kit.allow('read', 'BreakGlass', {});
  kit.allow('review', 'BreakGlass', { reviewed: false });
};

/**
 * 安全管理员, deployment-wide: tenants, the privileged roles (first admin, auditors) and integrity
 * checks. Verifying the audit log proves consistency without reading a single event.
 */
export const platformOperatorRules: RoleRules = (kit) => {
  kit.allow(['create', 'read', 'update'], 'Tenant', {});
  kit.allow('create', 'User', {});
  kit.allow('read', 'User', {}, WHO_IS_WHO);
  kit.allow(['create', 'read', 'delete'], 'RoleGrant', { role: { $in: [...PRIVILEGED_ROLES] } });
  kit.allow('verify', 'AuditEvent', {});
};

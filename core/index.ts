// The public surface of core/. Other areas import from here and nowhere else in core/.

export { ConfigError, type ConfigProblem } from './config/config-error.ts';
export { type Config, loadConfig } from './config/load-config.ts';
export type { Secrets } from './config/secrets.ts';
export {
  type Actor,
  ANONYMOUS,
  currentContext,
  type RequestContext,
  runWithContext,
  systemContext,
} from './context/request-context.ts';
export { coreMigrations } from './db/core-migrations.ts';
export {
  type DatabaseCapabilities,
  type DatabaseHandle,
  type DialectName,
  openDatabase,
  openPGlite,
  pgliteParsers,
  wrapPGlite,
} from './db/database.ts';
export { type MigrationStatus, migrateToLatest, migrationStatus } from './db/migrate.ts';
export { collectMigrations, type MigrationSet } from './db/migration-set.ts';
export { checkReadiness, type ReadinessReport } from './db/readiness.ts';
export type { Database } from './db/schema.ts';
export { AppError, ERROR_CODES, type ErrorCode, type FieldIssue, isAppError } from './errors/app-error.ts';
export { type AppOptions, createApp } from './http/app.ts';
export { type CredentialResolver, operatorTokenResolver } from './http/middleware/authenticate.ts';
export { PROBLEM_CONTENT_TYPE, PROBLEM_KINDS, type ProblemDetails, problemType } from './http/problem.ts';
export { type RunningServer, startServer } from './http/server.ts';
export { exitOnSignals } from './http/shutdown.ts';
export { createLogger, type LogLevel, REDACTED_PATHS } from './logging/logger.ts';
export { type VerticalPack, validatePacks } from './packs/vertical-pack.ts';
export { createTenantRepository, type TenantRepository } from './tenancy/tenant.repository.ts';
export { newTenantSchema } from './tenancy/tenant.schemas.ts';
export { createTenantService, type TenantPage, type TenantService } from './tenancy/tenant.service.ts';
export type { NewTenant, Tenant, TenantId } from './tenancy/tenant.ts';

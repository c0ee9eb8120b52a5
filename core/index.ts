// The public surface of core/. Other areas import from here and nowhere else in core/.

export { type AppAbility, asSubject, defineAbilityFor } from './access/ability.ts';
export type { AccessActor } from './access/access-actor.ts';
export { authorize, permittedFields, pickPermitted } from './access/authorize.ts';
export { breakGlassReasonSealer } from './access/break-glass.columns.ts';
export type { BreakGlassHttp } from './access/break-glass.routes.ts';
export { type BreakGlassService, createBreakGlassService } from './access/break-glass.service.ts';
export { accessFilter, type ColumnMap } from './access/sql-filter.ts';

export { type AuditService, createAuditService } from './audit/audit.service.ts';
export { type AuditLog, createAuditLog } from './audit/audit-log.ts';
export { generateAuditSigningKey, generateExportSigner, loadExportSigner } from './audit/audit-secrets.ts';
export { ConfigError, type ConfigProblem } from './config/config-error.ts';
export { type Config, loadConfig } from './config/load-config.ts';
export type { Secrets } from './config/secrets.ts';
export { contactColumns } from './contacts/contact.columns.ts';
export {
  type ContactKeyring,
  type ContactRepository,
  createContactRepository,
} from './contacts/contact.repository.ts';
export {
  type ContactService,
  type ContactServiceDeps,
  createContactService,
} from './contacts/contact.service.ts';
export {
  CONTACT_KINDS,
  type Contact,
  type ContactFields,
  type ContactKind,
  type ContactPatch,
  type ContactRead,
  type ErasureReceipt,
  LOOKUP_FIELDS,
  type LookupField,
  type NewContact,
} from './contacts/contact.ts';
export { type ContactAccess, contactPseudonym, type PseudonymKeySource } from './contacts/contact-audit.ts';
export {
  currentDataScope,
  type DataScope,
  NO_SCOPE,
  PLATFORM_SCOPE,
  withDataScope,
} from './context/data-scope.ts';
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
export { createIdentity, type Identity } from './identity/identity.ts';
export {
  hasScope,
  isServiceActor,
  requireScope,
  type ServiceActor,
  type ServiceClient,
} from './identity/service-client.ts';
export type { RotationResult, SigningKeyInfo } from './identity/signing-key.service.ts';
export { createKeySet, generateSigningKey } from './identity/signing-keys.ts';
export { accessTokenResolver, isStaffActor, type StaffActor } from './identity/token-resolver.ts';
export { DEFAULT_TOKEN_LIFETIME, issueAccessToken, verifyAccessToken } from './identity/tokens.ts';
export { createLogger, type LogLevel, REDACTED_PATHS } from './logging/logger.ts';
export {
  DATASET_FORMATS,
  DatasetError,
  type DatasetFormat,
  readClinc,
  readJsonl,
  readKuake,
} from './nlu/datasets.ts';
export {
  createNluEngine,
  type NluEngine,
  type NluEngineOptions,
  type NluResult,
  type ParseContext,
} from './nlu/engine.ts';
export type { Entity, EntityVocabulary, VocabularyEntry } from './nlu/entities/entity.ts';
export { type EvaluationReport, evaluateIntents, type IntentScores } from './nlu/evaluation.ts';
export {
  createIntentClassifier,
  type IntentModel,
  type ModelMetadata,
  OUT_OF_SCOPE,
} from './nlu/intent-model.ts';
export type { Language } from './nlu/language.ts';
export {
  deserializeModel,
  loadNluModel,
  ModelFormatError,
  saveNluModel,
  serializeModel,
} from './nlu/model-artefact.ts';
export {
  type NluPackData,
  type NluPackResolver,
  type PackIntent,
  packTrainingExamples,
  packUserWords,
} from './nlu/nlu-pack.ts';
export { createNluService, type NluService } from './nlu/nlu-service.ts';
export type { SafetyResult, SafetyRule } from './nlu/safety.ts';
export type { Sentiment } from './nlu/sentiment.ts';
export type { TimeOfDay } from './nlu/time/temporal-piece.ts';
export {
  TrainingDataError,
  type TrainingExample,
  type TrainOptions,
  trainIntentModel,
} from './nlu/train-intent.ts';
export { type VerticalPack, validatePacks } from './packs/vertical-pack.ts';
export {
  accountOfDisclosures,
  DISCLOSURES_FORMAT,
  type Disclosure,
  type DisclosureAccount,
} from './privacy/disclosures.ts';
export { ENCRYPTED_TABLES } from './privacy/encrypted-tables.ts';
export { KEY_RESOURCE, keyAuditEvents, keyAuditHook, RETIRED_KEY_RESOURCE } from './privacy/key-audit.ts';
export { rootDerivedPseudonymKey } from './privacy/pseudonym-key.ts';
export { SHREDDED_KEY } from './privacy/shred-event.ts';
export {
  formatShredLedger,
  parseShredLedger,
  type ReplayDeps,
  type ReplayOptions,
  readShredLedger,
  replayShreds,
  type ShredEntry,
  type ShredReplay,
} from './privacy/shred-ledger.ts';
export {
  exportSubject,
  SUBJECT_EXPORT_FORMAT,
  type SubjectAccessDeps,
  type SubjectExport,
} from './privacy/subject-access.ts';
export { createTenantRepository, type TenantRepository } from './tenancy/tenant.repository.ts';
export { newTenantSchema } from './tenancy/tenant.schemas.ts';
export { createTenantService, type TenantPage, type TenantService } from './tenancy/tenant.service.ts';
export type { NewTenant, Tenant, TenantId } from './tenancy/tenant.ts';

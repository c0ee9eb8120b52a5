// The public surface of core/. Other areas import from here and nowhere else in core/.

export { type AppAbility, asSubject, defineAbilityFor } from './access/ability.ts';
export type { AccessActor } from './access/access-actor.ts';
export type { AccessSettingsHttp } from './access/access-settings.routes.ts';
export {
  type AccessSettingsService,
  createAccessSettingsService,
} from './access/access-settings.service.ts';
export {
  type AccessSettings,
  followAccessSettings,
  parseAccessSettings,
  tailoringOf,
} from './access/access-settings.ts';
export { authorize, permittedFields, pickPermitted } from './access/authorize.ts';
export { breakGlassReasonSealer } from './access/break-glass.columns.ts';
export type { BreakGlassHttp } from './access/break-glass.routes.ts';
export { type BreakGlassService, createBreakGlassService } from './access/break-glass.service.ts';
export { isQueueId, MAX_QUEUES_PER_USER, QUEUE_ID } from './access/queues.ts';
export { accessFilter, type ColumnMap } from './access/sql-filter.ts';
// analytics
export { type Analytics, type AnalyticsTenant, createAnalytics } from './analytics/analytics.service.ts';
export type { DailyReport } from './analytics/daily-metrics.ts';
export { toCsv as dailyReportCsv } from './analytics/daily-metrics.ts';
// channels and the assistant
export { type Assistant, type AssistantTenant, createAssistant } from './assistant/assistant.ts';
export { type AuditService, createAuditService } from './audit/audit.service.ts';
export { type AuditLog, createAuditLog } from './audit/audit-log.ts';
export { generateAuditSigningKey, generateExportSigner, loadExportSigner } from './audit/audit-secrets.ts';
export { type ScheduleDefinition, scheduleDefinitionSchema } from './booking/availability.ts';
export type { BookingHttp } from './booking/booking.routes.ts';
export { type BookingService, createBookingService } from './booking/booking.service.ts';
// booking
export {
  type Appointment,
  type BookingAccess,
  BookingError,
  type FreeSlot,
  isBookingError,
  type NotificationPort,
  type SchedulingPort,
} from './booking/booking.ts';
export { type BookingPortsDeps, createBookingPorts } from './booking/booking-ports.ts';
export { type BookingRule, bookingRulesConfigSchema, rulesFromConfig } from './booking/booking-rules.ts';
export {
  type BookingSettingsService,
  createBookingSettingsService,
} from './booking/booking-settings.service.ts';
export {
  type BookingSettings,
  type BookingSettingsCache,
  createBookingSettingsCache,
  parseBookingSettings,
  TENANT_SETTINGS_CHANNEL,
} from './booking/booking-settings.ts';
export { contactScheduling } from './booking/contact-scheduling.ts';
export { createLocalScheduler, type LocalScheduler } from './booking/local-scheduler.ts';
export { runReminderBatch } from './booking/reminders.ts';
export { parseScheduleCsv, ScheduleCsvError } from './booking/schedule-csv.ts';
export { type GeneratedSlot, generateSlots } from './booking/slot-generation.ts';
export {
  type ChannelAdapter,
  type DeliveryReceipt,
  type InboundMessage,
  inboundMessageKey,
} from './channels/channel-adapter.ts';
export type { ChatHttp } from './channels/chat.routes.ts';
export { type ChatGateway, conversationAccessOf } from './channels/chat-gateway.ts';
export { builtInPorts, type ChatRuntime, createChatRuntime } from './channels/chat-runtime.ts';
export {
  type ClientFrame,
  MAX_TEXT_LENGTH,
  PROTOCOL_VERSION,
  type ServerFrame,
  type WireMessage,
} from './channels/frames.ts';
export {
  createSocketServer,
  MAX_FRAME_BYTES,
  SOCKET_PATH,
  type SocketServer,
} from './channels/socket-server.ts';
export {
  type ContactActor,
  createWidgetTokens,
  isContactActor,
  isWidgetToken,
  type WidgetTokens,
} from './channels/widget-token.ts';
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
export { createGuardianshipService, type GuardianshipService } from './contacts/guardianship.service.ts';
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
// conversations and realtime
export {
  type ConversationService,
  type ConversationServiceDeps,
  createConversationService,
  type StaffListFilter,
} from './conversations/conversation.service.ts';
export { type ConversationStoreDeps, createConversationStore } from './conversations/conversation.store.ts';
export {
  AUTHOR_KINDS,
  type AuthorKind,
  CHAT_LOCALES,
  type ChatLocale,
  type Conversation,
  type ConversationPatch,
  type ConversationStatus,
  type ConversationStore,
  type InTransaction,
  type Message,
  type MessageMeta,
  type NewMessage,
} from './conversations/conversation.ts';
export type { ConversationAccess } from './conversations/conversation-access.ts';
export type { ConversationKeyring } from './conversations/message-sealing.ts';
export { TRANSCRIPT_FORMAT, type TranscriptFormat } from './conversations/transcript.ts';
export type { WorkspaceHttp } from './conversations/workspace.routes.ts';
export { DISPOSITIONS, type Disposition, INBOX_VIEWS, type InboxView } from './conversations/workspace.ts';
export { createWorkspace, type Workspace, type WorkspaceDeps } from './conversations/workspace-runtime.ts';
// end conversations
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
export type { DialogueHttp } from './dialogue/dialogue.routes.ts';
export { createDialogueEngine, type DialogueEngine } from './dialogue/dialogue-engine.ts';
export {
  type AutoReplyRules,
  createDialogueAdmin,
  type DialogueAdmin,
  type DialogueAdminDeps,
  type DialogueTenant,
  type FlowDetail,
} from './dialogue/dialogue-flow.service.ts';
export {
  createFlowStore,
  type FlowStore,
  type FlowStoreDeps,
  type FlowVersionInfo,
  type PackFlows,
} from './dialogue/dialogue-flow.store.ts';
export {
  DIALOGUE_STATE_VERSION,
  type DialogueState,
  emptyDialogueState,
  readDialogueState,
} from './dialogue/dialogue-state.ts';
export type {
  ActionPort,
  BotReply,
  ConversationRef,
  DialogueDeps,
  DialogueSignal,
  FlowResolver,
  KnowledgeAnswer,
  KnowledgePort,
  KnowledgePortQuery,
  PortCall,
  PortResult,
  TurnInput,
  TurnOutput,
} from './dialogue/dialogue-types.ts';
export { PortRefusal } from './dialogue/dialogue-types.ts';
export {
  type FlowBody,
  type FlowDefinition,
  type FlowState,
  flowBodySchema,
  flowDefinitionSchema,
  type SlotDefinition,
  type SlotValidation,
} from './dialogue/flow.schema.ts';
export {
  BUILT_IN_SLOT_TYPES,
  checkFlow,
  type FlowCheckOptions,
  type FlowProblem,
  validateFlowBody,
} from './dialogue/flow-check.ts';
export { createStaticFlowResolver } from './dialogue/static-flows.ts';
export { AppError, ERROR_CODES, type ErrorCode, type FieldIssue, isAppError } from './errors/app-error.ts';
export { type AppOptions, createApp } from './http/app.ts';
export { type CredentialResolver, operatorTokenResolver } from './http/middleware/authenticate.ts';
export { PROBLEM_CONTENT_TYPE, PROBLEM_KINDS, type ProblemDetails, problemType } from './http/problem.ts';
export { type RunningServer, startServer } from './http/server.ts';
export { exitOnSignals } from './http/shutdown.ts';
export type { ContactVerificationHttp } from './identity/contact-verification.routes.ts';
export {
  type Assurance,
  type ContactVerificationService,
  createContactVerificationService,
  VERIFICATION_LIMITS,
} from './identity/contact-verification.service.ts';
export {
  createDevelopmentOutbox,
  createHttpSmsGatewaySender,
  gatewaySignature,
  type OneTimeCodeMessage,
  type OneTimeCodeSender,
  oneTimeCodeSenderFor,
  SIGNATURE_HEADER,
} from './identity/contact-verification-senders.ts';
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
// knowledge
export type {
  ArticleFilter,
  ArticlePage,
  ArticlePatch,
  ArticleStatus,
  FaqSeed,
  KnowledgeArticle,
  KnowledgeHit,
  KnowledgeLocale,
  KnowledgeQuery,
  KnowledgeTenant,
  NewArticle,
} from './knowledge/article.ts';
export {
  type Bm25Params,
  DEFAULT_BM25,
  idf as bm25Idf,
  queryWeights,
  referenceScore,
  saturate as bm25Saturate,
  weighDocuments,
} from './knowledge/bm25.ts';
export { confidenceOf } from './knowledge/confidence.ts';
export type { KnowledgeHttp } from './knowledge/knowledge.routes.ts';
export {
  createKnowledgeBase,
  type KnowledgeBase,
  type KnowledgeBaseDeps,
  type SearchTrial,
} from './knowledge/knowledge.service.ts';
export { analyzeArticle, type IndexableArticle, KnowledgeIndex } from './knowledge/knowledge-index.ts';
export { searchTerms } from './knowledge/search-terms.ts';
// end knowledge
export { createLogger, type LogLevel, REDACTED_PATHS } from './logging/logger.ts';
export {
  type AnnotatedPrediction,
  type AnnotatedReport,
  type EntityScore,
  evaluateAnnotated,
} from './nlu/annotated-evaluation.ts';
export {
  type AnnotatedExample,
  DATASET_FORMATS,
  DatasetError,
  type DatasetFormat,
  readAnnotatedJsonl,
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
export { isNegated } from './nlu/negation.ts';
export {
  type NluPackData,
  type NluPackResolver,
  type PackIntent,
  packTrainingExamples,
  packUserWords,
} from './nlu/nlu-pack.ts';
export { createNluService, type NluService } from './nlu/nlu-service.ts';
export { normalizeText } from './nlu/normalize.ts';
export {
  createSafetyDetector,
  type SafetyDetector,
  type SafetyResult,
  type SafetyRule,
} from './nlu/safety.ts';
export type { Sentiment } from './nlu/sentiment.ts';
export { parseChineseNumber } from './nlu/time/chinese-numbers.ts';
export type { TimeOfDay } from './nlu/time/temporal-piece.ts';
export {
  TrainingDataError,
  type TrainingExample,
  type TrainOptions,
  trainIntentModel,
} from './nlu/train-intent.ts';
export { checkConversationPack, conversationPackSchema } from './packs/conversation-pack.schema.ts';
// dialogue and packs
// `FaqSeed` (core/packs/conversation-pack.ts) reaches the public surface through the knowledge block.
export {
  type AutoReply,
  type ConversationPack,
  DIALOGUE_TEXT_KEYS,
  type DialoguePack,
  type DialogueTextKey,
  type DialogueTexts,
  FIELD_CLASSIFICATIONS,
  type FieldClassification,
  type FieldClassificationKind,
  type GlobalIntents,
  type RolePreset,
} from './packs/conversation-pack.ts';
export { type LocalizedText, PACK_LOCALES, type PackLocale } from './packs/localized-text.ts';
export { createPackNluEngine, type PackNluOptions, packIntentModel } from './packs/pack-nlu.ts';
export { layerPack, type TenantPackOverrides, tenantPackOverridesSchema } from './packs/pack-overrides.ts';
export {
  type DemoCatalogue,
  type PackDemoDeps,
  type PackPortDeps,
  type VerticalPack,
  validatePacks,
} from './packs/vertical-pack.ts';
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
// conversations and realtime: the event bus
export {
  type ConversationEvent,
  createEventBus,
  DEFAULT_CHANNEL as EVENT_BUS_CHANNEL,
  type EventBus,
  type EventBusOptions,
  type EventListener,
  type NotificationSource,
  openEventBus,
} from './realtime/event-bus.ts';
// routing
export { type AgentState, PRIORITY, planAssignments, type WaitingConversation } from './routing/assign.ts';
export { runAssignmentPass, STALE_PRESENCE_MS, startAssignmentLoop } from './routing/assignment-loop.ts';
export { type CallbackRequests, createCallbackRequests } from './routing/callback-request.service.ts';
export { setPresence } from './routing/presence.store.ts';
export { createQueuePositions, type QueuePositions } from './routing/queue-position.service.ts';
export { createRoutingService, type RoutingService } from './routing/routing.service.ts';
export { assignAll, assignNext, enqueue } from './routing/routing.store.ts';
export { runSlaCheck, type SlaEvent } from './routing/sla-events.ts';
export {
  createStaffPresence,
  type PresenceScheduler,
  type StaffPresence,
  type StaffPresenceDeps,
} from './routing/staff-presence.ts';
// end conversations and realtime
export { createTenantRepository, type TenantRepository } from './tenancy/tenant.repository.ts';
export { newTenantSchema } from './tenancy/tenant.schemas.ts';
export { createTenantService, type TenantPage, type TenantService } from './tenancy/tenant.service.ts';
export type { NewTenant, Tenant, TenantId } from './tenancy/tenant.ts';
export { createTenantCache, type TenantCache } from './tenancy/tenant-cache.ts';

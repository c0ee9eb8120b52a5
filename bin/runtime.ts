import type { Transaction } from 'kysely';
import type { Logger } from 'pino';
import {
  createKeyring,
  createLocalKeyProvider,
  createSqlKeyStore,
  createSqlKeyTransactions,
  type Keyring,
} from '../compliance/index.ts';
import {
  type AccessSettingsService,
  type Analytics,
  type AuditLog,
  type AuditService,
  type BookingService,
  type BookingSettingsCache,
  type BookingSettingsService,
  type BreakGlassHttp,
  type BreakGlassService,
  breakGlassReasonSealer,
  type CallbackRequests,
  type ChatRuntime,
  type Config,
  type ContactRepository,
  type ContactService,
  type ContactVerificationService,
  type CredentialResolver,
  checkReadiness,
  collectMigrations,
  contactPseudonym,
  contactScheduling,
  conversationAccessOf,
  coreMigrations,
  createAccessSettingsService,
  createAnalytics,
  createApp,
  createAuditLog,
  createAuditService,
  createBookingPorts,
  createBookingService,
  createBookingSettingsCache,
  createBookingSettingsService,
  createBreakGlassService,
  createCallbackRequests,
  createChatRuntime,
  createContactRepository,
  createContactService,
  createContactVerificationService,
  createGuardianshipService,
  createIdentity,
  createLocalScheduler,
  createLogger,
  createQueuePositions,
  createRoutingService,
  createSocketServer,
  createStaffPresence,
  createTenantCache,
  createTenantRepository,
  createTenantService,
  createWorkspace,
  currentDataScope,
  type Database,
  type DatabaseHandle,
  type EventBus,
  followAccessSettings,
  type GuardianshipService,
  type Identity,
  isWidgetToken,
  keyAuditHook,
  type LocalScheduler,
  migrateToLatest,
  type NotificationPort,
  oneTimeCodeSenderFor,
  openDatabase,
  openEventBus,
  operatorTokenResolver,
  type PseudonymKeySource,
  type QueuePositions,
  type RoutingService,
  rootDerivedPseudonymKey,
  runReminderBatch,
  runSlaCheck,
  STALE_PRESENCE_MS,
  type StaffPresenceDeps,
  startAssignmentLoop,
  type TenantCache,
  type TenantService,
  type VerticalPack,
  type Workspace,
} from '../core/index.ts';
import { packs } from './packs.ts';
import { version } from './version.ts';

/** All migrations of this build: compliance and core first, then each pack's own. */
export const allMigrations = collectMigrations(
  coreMigrations,
  ...packs.flatMap((p) => (p.migrations ? [p.migrations] : [])),
);

export interface Runtime {
  readonly config: Config;
  readonly logger: Logger;
  readonly database: DatabaseHandle;
  readonly tenants: TenantService;
  readonly audit: AuditLog;
  /** The auditor's reads of the log, each itself audited. */
  readonly auditReads: AuditService;
  /** Keys over the SQL key store, wrapped under the root key (CUSTOS_ROOT_KEY); key operations are audited. */
  readonly keyring: Keyring<Transaction<Database>>;
  readonly contactRepository: ContactRepository;
  readonly contacts: ContactService;
  readonly pseudonymKey: PseudonymKeySource;
  /** Staff accounts, sign-in and access-token verification. */
  readonly identity: Identity;
  /** Emergency access windows (break-glass) and their review. */
  readonly breakGlass: BreakGlassService;
  readonly breakGlassHttp: BreakGlassHttp;
  /** Tenant tailoring of role permissions; `accessSettingsReady` once loaded and followed. */
  readonly accessSettings: AccessSettingsService;
  readonly accessSettingsReady: Promise<void>;
  /** The packs this runtime serves (the build's, plus any a test adds). */
  readonly packs: readonly VerticalPack[];
  readonly tenantCache: TenantCache;
  /** Cross-process conversation events (LISTEN/NOTIFY); `ready` once listening. */
  readonly bus: EventBus & { readonly ready: Promise<void> };
  /** The conversation engine: store, assistant, knowledge base, flows, channels' gateway. */
  readonly chat: ChatRuntime;
  /** Agent presence, queue settings, the supervisors' overview and reassignment. */
  readonly routing: RoutingService;
  /** A waiting conversation's place in line, and callback requests (core/routing). */
  readonly queuePositions: QueuePositions;
  readonly callbackRequests: CallbackRequests;
  /** The agent workspace: inbox, notes, transfer, close with a rating request, canned replies. */
  readonly workspace: Workspace;
  /** Daily service metrics (core/analytics), over HTTP and the CLI. */
  readonly analytics: Analytics;
  /** The local scheduler (the scheduling port on this database) and the staff/contact booking service. */
  readonly scheduler: LocalScheduler;
  readonly booking: BookingService;
  /** Each tenant's booking rules and notice templates: the short cache, and the admin service. */
  readonly bookingRules: BookingSettingsCache;
  readonly bookingSettings: BookingSettingsService;
  /** Widget visitors proving who they are: one-time codes, knowledge checks, assurances. */
  readonly contactVerification: ContactVerificationService;
  /** Guardian ↔ minor relationships with consent: a verified guardian acts for their wards. */
  readonly guardianships: GuardianshipService;
  close(): Promise<void>;
}

export function createProcessLogger(config: Config): Logger {
  const logger = createLogger(config.logLevel);
  if (config.generatedSecrets.length > 0) {
    logger.warn(
      { generated: config.generatedSecrets, file: `${config.dataDir}/secrets.json` },
      'DEVELOPMENT MODE: missing secrets were generated into the data directory. Never use them in production; set them in the environment and CUSTOS_ENV=production.',
    );
  }
  return logger;
}

/** Opens the database (and, with `migrate`, brings its schema up to date) and wires the services. */
export async function openRuntime(
  config: Config,
  logger: Logger,
  {
    migrate,
    sequencer = true,
    packs: served = packs,
  }: { migrate: boolean; sequencer?: boolean; packs?: readonly VerticalPack[] },
): Promise<Runtime> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    logger,
  });
  try {
    if (migrate) {
      const applied = await migrateToLatest(database.db, allMigrations);
      if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    }
  } catch (error) {
    await database.close();
    throw error;
  }
  const runtime = wireRuntime(config, logger, database, { packs: served });
  try {
    await runtime.bus.ready;
    // Fail closed: a process that cannot read the tenants' restrictions does not serve.
    await runtime.accessSettingsReady;
  } catch (error) {
    await runtime.close();
    throw error;
  }
  if (!sequencer) return runtime;
  // The sequencer numbers recorded audit events in the background; other processes on the same
  // database run theirs too, and a per-tenant advisory lock lets one batch through at a time.
  const loop = runtime.audit.startSequencer();
  // Expired break-glass windows get their `break-glass-stop` within a minute; several processes
  // may sweep at once, and the conditional update closes (and records) each window once.
  const sweeper = setInterval(() => {
    runtime.breakGlass
      .closeExpired()
      .catch((error: unknown) => logger.error({ err: error }, 'closing expired break-glass windows failed'));
  }, 60_000);
  sweeper.unref();
  // Appointment reminders made in chat go back into that conversation, once each (reminders.ts).
  const reminders = setInterval(() => {
    runReminderBatch({
      db: runtime.database.rowSecured(currentDataScope),
      notify: chatNotifier(runtime),
      now: new Date(),
      channels: [CHAT_BOOKING_CHANNEL],
      templates: (tenantId) => runtime.bookingRules.templatesFor(tenantId),
    }).catch((error: unknown) => logger.error({ err: error }, 'sending appointment reminders failed'));
  }, 60_000);
  reminders.unref();
  // Queued conversations of auto-assign queues go to online agents (core/routing): every process
  // runs the loop, a per-tenant advisory lock lets one pass through at a time. Staff sockets keep
  // presence fresh (staff-presence.ts); agents whose process died go offline once stale.
  const assigning = startAssignmentLoop({
    db: runtime.database.rowSecured(currentDataScope),
    intervalMs: 2_000,
    staleAfterMs: STALE_PRESENCE_MS,
    logger,
  });
  // SLA near-breach and breach marks and notices (core/routing/sla-events.ts): every process
  // checks; a conditional update marks each conversation once per kind.
  let slaChecking = false;
  const slaChecks = setInterval(() => {
    if (slaChecking) return;
    slaChecking = true;
    runSlaCheck(runtime.database.rowSecured(currentDataScope), { now: new Date() })
      .then((events) => {
        if (events.length > 0) logger.debug({ events: events.length }, 'SLA events raised');
      })
      .catch((error: unknown) => logger.error({ err: error }, 'the SLA check failed'))
      .finally(() => {
        slaChecking = false;
      });
  }, 10_000);
  slaChecks.unref();
  return {
    ...runtime,
    async close() {
      clearInterval(sweeper);
      clearInterval(reminders);
      clearInterval(slaChecks);
      await assigning.stop();
      await loop.stop();
      await runtime.close();
    },
  };
}

/** The channel of appointments made in chat (booking-ports.ts), the one the chat notifier reaches. */
const CHAT_BOOKING_CHANNEL = 'web';

/**
 * Notices to a contact in the conversation their appointment was made in, as a bot message whose
 * client id is the notice's idempotency key: sending one twice stores it once.
 */
export function chatNotifier(runtime: Pick<Runtime, 'chat'>): NotificationPort {
  return {
    async send(_contactId, _channel, text, idempotencyKey, where) {
      if (!where?.conversationId) throw new Error('no conversation to send the notice to');
      await runtime.chat.store.appendMany(where.tenantId, where.conversationId, [
        {
          authorKind: 'bot',
          clientMessageId: idempotencyKey.slice(0, 128),
          body: text,
          meta: { kind: 'auto' },
        },
      ]);
    },
  };
}

/**
 * Builds the services over an open database. They all work through the application's view of it
 * (`rowSecured`): every query runs as `custos_app` under row-level security, scoped to the tenant
 * of the request at hand, or to the whole platform outside requests (core/context/data-scope.ts).
 */
export function wireRuntime(
  config: Config,
  logger: Logger,
  database: DatabaseHandle,
  options: { packs?: readonly VerticalPack[] } = {},
): Runtime {
  const served = options.packs ?? packs;
  const db = database.rowSecured(currentDataScope);
  const tenantRepository = createTenantRepository(db);
  const tenantCache = createTenantCache(tenantRepository);
  const tenants = createTenantService({
    tenants: tenantRepository,
    verticals: served.map((p) => p.id),
  });
  const audit = createAuditLog({
    db: db,
    signingKey: config.secrets.auditSigningKey,
    exportSigner: config.secrets.auditExportSigner,
    logger,
  });
  const auditReads = createAuditService({ db: db, tenants: tenantRepository, audit });
  // The root key provider wraps tenant keys (keyring) and the platform's token-signing keys.
  const keyProvider = createLocalKeyProvider({ roots: [{ version: 1, key: config.secrets.rootKey }] });
  const pseudonymKey = rootDerivedPseudonymKey(config.secrets.rootKey);
  const keyring = createKeyring({
    store: createSqlKeyStore(db),
    transactions: createSqlKeyTransactions(db),
    provider: keyProvider,
    onEvent: keyAuditHook({ db: db, audit, pseudonymKey }),
  });
  const contactRepository = createContactRepository(db, keyring);
  const contacts = createContactService({
    db: db,
    contacts: contactRepository,
    audit,
    keyring,
    pseudonymKey,
  });
  const identity = createIdentity({
    db: db,
    tenants: tenantRepository,
    audit,
    keyring,
    publicUrl: config.publicUrl,
    keyProvider,
    log: (message, fields) => logger.info(fields, message),
  });
  const breakGlass = createBreakGlassService({
    db,
    audit,
    sealReason: breakGlassReasonSealer(keyring),
    pseudonymOf: (tenantId, subjectId) => contactPseudonym(pseudonymKey, tenantId, subjectId),
    subjectExists: async (tenantId, subjectId) =>
      (await contactRepository.read(tenantId, subjectId)) !== undefined,
  });
  const bus = openEventBus(database, {
    onError: (error) => logger.error({ err: error }, 'conversation event could not be sent'),
    onListenerError: (error) => logger.error({ err: error }, 'conversation event listener failed'),
  });
  // Each tenant's booking rules and notice templates (booking-settings.ts), kept briefly; a change
  // in any process is heard by all (TENANT_SETTINGS_CHANNEL), and they forget what they kept.
  const bookingRules = createBookingSettingsCache({ db });
  bookingRules
    .listen(database, (tenantId) => tenantCache.forget(tenantId))
    .catch((error: unknown) =>
      logger.warn(
        { err: error },
        'tenant settings changes are not heard; cached copies expire by themselves',
      ),
    );
  const bookingSettings = createBookingSettingsService({ db, audit, caches: [bookingRules, tenantCache] });
  // Each tenant's restrictions on its roles, applied by every ability this process builds: read at
  // start, re-read when any process changes them (core/access/access-settings.ts).
  const accessSettings = createAccessSettingsService({ db, audit });
  const accessSettingsReady = followAccessSettings(db, database, (error) =>
    logger.error({ err: error }, 'tenant access settings could not be read'),
  );
  accessSettingsReady.catch((error: unknown) =>
    logger.error({ err: error }, 'tenant access settings are not loaded'),
  );
  const scheduler = createLocalScheduler({ db, keyring, rulesFor: bookingRules.rulesFor });
  const booking = createBookingService({ db, scheduler, keyring, audit, pseudonymKey });
  const routing = createRoutingService({ db, audit });
  const contactVerification = createContactVerificationService({
    db,
    audit,
    pseudonymKey,
    contacts: contactRepository,
    rootKey: config.secrets.rootKey,
    sender: oneTimeCodeSenderFor(config, logger),
    assuranceMinutes: config.contactAssuranceMinutes,
    onDeliveryError: (error, verificationId) =>
      logger.error({ err: error, verificationId }, 'a one-time code could not be sent'),
  });
  const guardianships = createGuardianshipService({ db, contacts: contactRepository, audit, pseudonymKey });
  const chat = createChatRuntime({
    verification: contactVerification,
    wardsOf: guardianships.wardsOf,
    ports: createBookingPorts({ scheduling: contactScheduling(scheduler, { db, audit, pseudonymKey }) }),
    packPortDeps: { db, contacts: contactRepository, audit, pseudonymKey },
    db,
    keyring,
    audit,
    pseudonymKey,
    bus,
    packs: served,
    tenants: tenantCache,
    createVisitor: (tenantId, displayName) => contacts.createVisitor(tenantId, displayName),
    rootKey: config.secrets.rootKey,
    publicUrl: config.publicUrl,
    logger,
  });
  const workspace = createWorkspace({
    db,
    store: chat.store,
    service: chat.service,
    bus,
    keyring,
    contacts: contactRepository,
    audit,
    pseudonymKey,
    knowledge: chat.knowledge,
    assuranceOf: contactVerification.assuranceOf,
  });
  const queuePositions = createQueuePositions({ db });
  const analytics = createAnalytics({ db, audit });
  const callbackRequests = createCallbackRequests({ db, keyring, audit, pseudonymKey, store: chat.store });
  return {
    config,
    logger,
    database,
    packs: served,
    tenantCache,
    bus,
    chat,
    scheduler,
    booking,
    bookingRules,
    bookingSettings,
    contactVerification,
    guardianships,
    routing,
    queuePositions,
    callbackRequests,
    workspace,
    analytics,
    tenants,
    audit,
    auditReads,
    keyring,
    contactRepository,
    contacts,
    pseudonymKey,
    identity,
    breakGlass,
    accessSettings,
    accessSettingsReady,
    breakGlassHttp: {
      breakGlass,
      tenantOf: async (slug) => {
        const tenant = await tenantCache.bySlug(slug);
        return tenant && { id: tenant.id, vertical: tenant.vertical };
      },
    },
    async close() {
      await chat.assistant.idle();
      await contactVerification.settled();
      await bus.close();
      await database.close();
    },
  };
}

export function createHttpApp(runtime: Runtime, extraCredentials: readonly CredentialResolver[] = []) {
  const { config, logger, database } = runtime;
  return createApp({
    logger,
    version,
    publicUrl: config.publicUrl,
    corsOrigins: config.corsOrigins,
    bodyLimitBytes: config.bodyLimitBytes,
    rateLimitPerMinute: config.rateLimitPerMinute,
    trustProxy: config.trustProxy,
    credentials: credentialsOf(runtime, extraCredentials),
    readiness: () => checkReadiness(database.db, allMigrations),
    tenants: runtime.tenants,
    auditVerifierKey: runtime.audit.keys.verifierKey,
    auditReads: runtime.auditReads,
    identity: {
      ...runtime.identity.http,
      tenantIdOf: async (slug) => (await runtime.tenantCache.bySlug(slug))?.id,
      // A clinician's open break-glass windows widen what their ability allows, for this request.
      enrichStaff: async (actor) =>
        actor.roles.includes('clinician')
          ? {
              ...actor,
              emergencySubjectIds: await runtime.breakGlass.activeSubjectIds(actor.tenantId, actor.id),
            }
          : actor,
      // A widget visitor whose conversation has a live assurance acts as verified, for this request.
      // …and, proven to be a guardian, acts for the minors in their care with consent in force.
      enrichContact: async (actor) => {
        const raised = await runtime.contactVerification.enrich(actor);
        if (!raised.verified || !raised.verifiedSubjectId) return raised;
        const { guardianships } = runtime;
        const wardIds = await guardianships.wardsOf(
          raised.tenantId,
          raised.verifiedSubjectId,
          guardianships.now(),
        );
        return wardIds.length > 0 ? { ...raised, wardIds } : raised;
      },
    },
    guardianships: {
      guardianships: runtime.guardianships,
      tenantOf: (slug) => runtime.tenantCache.bySlug(slug),
    },
    breakGlass: runtime.breakGlassHttp,
    accessSettings: { settings: runtime.accessSettings, tenantOf: runtime.breakGlassHttp.tenantOf },
    contactVerification: {
      verification: runtime.contactVerification,
      tenantOf: (slug) => runtime.tenantCache.bySlug(slug),
      disclosures: {
        db: runtime.database.rowSecured(currentDataScope),
        audit: runtime.audit,
        pseudonymKey: runtime.pseudonymKey,
      },
    },
    disclosures: {
      deps: {
        db: runtime.database.rowSecured(currentDataScope),
        audit: runtime.audit,
        pseudonymKey: runtime.pseudonymKey,
      },
      tenantOf: runtime.breakGlassHttp.tenantOf,
    },
    oauth: runtime.identity.oauthHttp,
    sso: runtime.identity.sso.http,
    knowledge: { knowledge: runtime.chat.knowledge, tenantOf: runtime.breakGlassHttp.tenantOf },
    dialogue: { admin: runtime.chat.dialogueAdmin, tenantOf: runtime.breakGlassHttp.tenantOf },
    chat: {
      gateway: runtime.chat.gateway,
      service: runtime.chat.service,
      visits: runtime.chat.visits,
      tenantOf: (slug) => runtime.tenantCache.bySlug(slug),
    },
    booking: {
      booking: runtime.booking,
      scheduler: runtime.scheduler,
      tenantOf: (slug) => runtime.tenantCache.bySlug(slug),
      accessOf: conversationAccessOf,
      settings: runtime.bookingSettings,
    },
    routing: {
      routing: runtime.routing,
      tenantOf: runtime.breakGlassHttp.tenantOf,
      queuePositions: runtime.queuePositions,
      callbackRequests: runtime.callbackRequests,
    },
    workspace: { workspace: runtime.workspace, tenantOf: (slug) => runtime.tenantCache.bySlug(slug) },
    analytics: { analytics: runtime.analytics, tenantOf: (slug) => runtime.tenantCache.bySlug(slug) },
  });
}

/** Bearer credentials, in order: the operator token, staff and service tokens, widget credentials. */
export function credentialsOf(
  runtime: Runtime,
  extra: readonly CredentialResolver[] = [],
): CredentialResolver[] {
  return [
    operatorTokenResolver(runtime.config.secrets.operatorToken),
    // A widget credential says so in its header; only the widget key is tried on it.
    (token) => (isWidgetToken(token) ? runtime.chat.tokens.verify(token) : runtime.identity.resolver(token)),
    ...extra,
  ];
}

/** The chat socket server (`/api/v1/socket`) of this runtime, for the HTTP server's upgrades. */
export function createSocketsFor(
  runtime: Runtime,
  extra: readonly CredentialResolver[] = [],
  options: { presence?: Partial<Pick<StaffPresenceDeps, 'graceMs' | 'refreshMs' | 'now' | 'schedule'>> } = {},
) {
  const credentials = credentialsOf(runtime, extra);
  // Staff sockets keep their agents' presence; a disconnected agent goes offline after the grace.
  const presence = createStaffPresence({
    db: runtime.database.rowSecured(currentDataScope),
    routing: runtime.routing,
    tenantOf: async (tenantId) => {
      const tenant = await runtime.tenantCache.byId(tenantId);
      return tenant && { id: tenant.id, vertical: tenant.vertical };
    },
    logger: runtime.logger,
    graceMs: runtime.config.agentDisconnectGraceMs,
    ...options.presence,
  });
  return createSocketServer({
    presence,
    gateway: runtime.chat.gateway,
    resolve: async (token) => {
      for (const resolve of credentials) {
        const actor = await resolve(token);
        if (actor) return actor;
      }
      return undefined;
    },
    logger: runtime.logger,
  });
}

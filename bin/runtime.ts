import type { Logger } from 'pino';
import {
  createKeyring,
  createLocalKeyProvider,
  createSqlKeyStore,
  type Keyring,
} from '../compliance/index.ts';
import {
  type AuditLog,
  type AuditService,
  type Config,
  type ContactRepository,
  type ContactService,
  type CredentialResolver,
  checkReadiness,
  collectMigrations,
  coreMigrations,
  createApp,
  createAuditLog,
  createAuditService,
  createContactRepository,
  createContactService,
  createIdentity,
  createLogger,
  createTenantRepository,
  createTenantService,
  type DatabaseHandle,
  type Identity,
  migrateToLatest,
  openDatabase,
  operatorTokenResolver,
  type PseudonymKeySource,
  rootDerivedPseudonymKey,
  type TenantService,
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
  /** Keys over the SQL key store, wrapped under the root key (CUSTOS_ROOT_KEY). */
  readonly keyring: Keyring;
  readonly contactRepository: ContactRepository;
  readonly contacts: ContactService;
  readonly pseudonymKey: PseudonymKeySource;
  /** Staff accounts, sign-in and access-token verification. */
  readonly identity: Identity;
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
  { migrate, sequencer = true }: { migrate: boolean; sequencer?: boolean },
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
  const runtime = wireRuntime(config, logger, database);
  if (!sequencer) return runtime;
  // The sequencer numbers recorded audit events in the background; other processes on the same
  // database run theirs too, and a per-tenant advisory lock lets one batch through at a time.
  const loop = runtime.audit.startSequencer();
  return {
    ...runtime,
    async close() {
      await loop.stop();
      await runtime.close();
    },
  };
}

/** Builds the services over an open database. */
export function wireRuntime(config: Config, logger: Logger, database: DatabaseHandle): Runtime {
  const tenantRepository = createTenantRepository(database.db);
  const tenants = createTenantService({
    tenants: tenantRepository,
    verticals: packs.map((p) => p.id),
  });
  const audit = createAuditLog({
    db: database.db,
    signingKey: config.secrets.auditSigningKey,
    exportSigner: config.secrets.auditExportSigner,
    logger,
  });
  const auditReads = createAuditService({ db: database.db, tenants: tenantRepository, audit });
  const keyring = createKeyring({
    store: createSqlKeyStore(database.db),
    provider: createLocalKeyProvider({ roots: [{ version: 1, key: config.secrets.rootKey }] }),
  });
  const pseudonymKey = rootDerivedPseudonymKey(config.secrets.rootKey);
  const contactRepository = createContactRepository(database.db, keyring);
  const contacts = createContactService({
    db: database.db,
    contacts: contactRepository,
    audit,
    keyring,
    pseudonymKey,
  });
  const identity = createIdentity({
    db: database.db,
    tenants: tenantRepository,
    audit,
    keyring,
    publicUrl: config.publicUrl,
  });
  return {
    config,
    logger,
    database,
    tenants,
    audit,
    auditReads,
    keyring,
    contactRepository,
    contacts,
    pseudonymKey,
    identity,
    close: () => database.close(),
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
    credentials: [
      operatorTokenResolver(config.secrets.operatorToken),
      runtime.identity.resolver,
      ...extraCredentials,
    ],
    readiness: () => checkReadiness(database.db, allMigrations),
    tenants: runtime.tenants,
    auditVerifierKey: runtime.audit.keys.verifierKey,
    auditReads: runtime.auditReads,
    identity: runtime.identity.http,
  });
}

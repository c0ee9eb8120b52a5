import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type TransactionSettings,
} from 'kysely';
import type { DataScope } from '../context/data-scope.ts';

/** The role the application's queries run as: neither owner of any table nor BYPASSRLS. */
export const APP_ROLE = 'custos_app';

const APPLY = `select set_config('role', $1, false), set_config('custos.scope', $2, false), set_config('custos.tenant_id', $3, false)`;
const RESET = `select set_config('role', 'none', false), set_config('custos.scope', '', false), set_config('custos.tenant_id', '', false)`;

const keyOf = (scope: DataScope) => (scope.kind === 'tenant' ? `tenant:${scope.tenantId}` : scope.kind);

export interface RowSecurityOptions {
  /** The scope of the work asking for a connection, read at every acquisition. */
  readonly scopeOf: () => DataScope;
  /**
   * The connections are shared with another Kysely instance that runs as the owner (embedded
   * PGlite has a single backend): put them back as they were on every release. Otherwise the
   * settings stay on the connection, and are set again only when the next scope differs.
   */
  readonly shared: boolean;
}

/**
 * A dialect whose every connection runs as `custos_app` with the scope of the work that acquired
 * it, so PostgreSQL's row-level security applies to every query of the application, including a
 * query that forgot its tenant condition. The settings are session-level (`set_config(…, false)`)
 * and applied at acquisition, before the first statement: they hold for plain queries and whole
 * transactions alike, and a connection never carries one tenant's scope into another's work.
 */
export function rowSecurityDialect(inner: Dialect, options: RowSecurityOptions): Dialect {
  return {
    createAdapter: (): DialectAdapter => inner.createAdapter(),
    createDriver: (): Driver => new RowSecurityDriver(inner.createDriver(), options),
    createIntrospector: (db: Kysely<unknown>): DatabaseIntrospector => inner.createIntrospector(db),
    createQueryCompiler: (): QueryCompiler => inner.createQueryCompiler(),
  };
}

class RowSecurityDriver implements Driver {
  /** What each (unshared) connection was last set to. */
  readonly #applied = new WeakMap<DatabaseConnection, string>();

  constructor(
    readonly inner: Driver,
    readonly options: RowSecurityOptions,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    try {
      const scope = this.options.scopeOf();
      const key = keyOf(scope);
      if (this.options.shared || this.#applied.get(connection) !== key) {
        this.#applied.delete(connection);
        const tenant = scope.kind === 'tenant' ? scope.tenantId : '';
        await connection.executeQuery(CompiledQuery.raw(APPLY, [APP_ROLE, scope.kind, tenant]));
        this.#applied.set(connection, key);
      }
      return connection;
    } catch (error) {
      await this.inner.releaseConnection(connection);
      throw error;
    }
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: never): Promise<void> {
    await this.inner.savepoint?.(connection, name, compile);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: never): Promise<void> {
    await this.inner.rollbackToSavepoint?.(connection, name, compile);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: never): Promise<void> {
    await this.inner.releaseSavepoint?.(connection, name, compile);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    try {
      if (this.options.shared) {
        this.#applied.delete(connection);
        await connection.executeQuery(CompiledQuery.raw(RESET));
      }
    } finally {
      await this.inner.releaseConnection(connection);
    }
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

import { PLATFORM_SCOPE, withDataScope } from '../context/data-scope.ts';
import type { Revocation } from './session.repository.ts';

export interface RevocationListOptions {
  /** Reads every tenant's revocations after an instant (session.repository.ts `revokedSince`). */
  readonly load: (since: Date) => Promise<readonly Revocation[]>;
  /**
   * How long a revocation must be remembered: until every access token issued before it has
   * expired (access-token lifetime + clock tolerance), plus a margin for clock skew between processes.
   */
  readonly retainMs: number;
  /** The staleness bound: a list older than this is reloaded before it answers. */
  readonly refreshMs: number;
  readonly now?: () => number;
}

export interface RevocationList {
  /** Whether access tokens of this session (`sid`) must be refused. */
  isRevoked(sessionId: string): boolean | Promise<boolean>;
  /** Called by the process that revoked, after its transaction committed: effective at once here. */
  add(sessionId: string, revokedAt: Date): void;
  /** Reloads from the table now. */
  refresh(): Promise<void>;
}

export const DEFAULT_REVOCATION_REFRESH_MS = 5_000;
export const REVOCATION_SKEW_MARGIN_MS = 60_000;

/**
 * The revoked sessions whose access tokens may still be unexpired, in memory, so that checking a
 * token costs one map lookup. The revoking process adds to it at once; every other process learns
 * of a revocation when its list is next reloaded. A list older than `refreshMs` is reloaded before
 * it answers (one shared query; callers wait for it), so no decision is ever taken on a list more
 * than `refreshMs` (plus one query) behind the table, with no timer to start or stop. If the
 * reload fails, the error propagates: a token is not accepted when its revocation cannot be known.
 */
export function createRevocationList(options: RevocationListOptions): RevocationList {
  const now = options.now ?? Date.now;
  const revoked = new Map<string, number>();
  let loadedAt = Number.NEGATIVE_INFINITY;
  let loading: Promise<void> | undefined;

  function prune(at: number) {
    const horizon = at - options.retainMs;
    for (const [id, when] of revoked) if (when < horizon) revoked.delete(id);
  }

  async function reload(): Promise<void> {
    const started = now();
    // Every tenant's revocations, whichever request asks first (row-level security).
    const rows = await withDataScope(PLATFORM_SCOPE, () =>
      options.load(new Date(started - options.retainMs)),
    );
    // Merged, never replaced: a revocation added while the query ran must not be lost.
    for (const row of rows) revoked.set(row.familyId, row.revokedAt.getTime());
    prune(started);
    loadedAt = started;
  }

  function refresh(): Promise<void> {
    loading ??= reload().finally(() => {
      loading = undefined;
    });
    return loading;
  }

  return {
    isRevoked(sessionId) {
      if (now() - loadedAt < options.refreshMs) return revoked.has(sessionId);
      return refresh().then(() => revoked.has(sessionId));
    },
    add(sessionId, revokedAt) {
      revoked.set(sessionId, revokedAt.getTime());
    },
    refresh,
  };
}

import type { Kysely } from 'kysely';
import type { KeyProvider } from '../../compliance/index.ts';
import { PLATFORM_SCOPE, withDataScope } from '../context/data-scope.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { signingKeyRepository as repo, type SigningKeyRecord } from './signing-key.repository.ts';
import type { SigningKeySource } from './signing-key-source.ts';
import { unwrapSigningKey, wrapSigningKey } from './signing-key-wrap.ts';
import { generateSigningKey, type SigningKey, type SigningKeySet } from './signing-keys.ts';

/**
 * How often a process re-reads `signing_keys`. A rotation done by another process is picked up
 * within this time (at once for a token naming an unknown `kid`); the rotation's overlap adds it
 * to the access-token lifetime, because a process may sign with the old key until it re-reads.
 */
export const DEFAULT_SIGNING_KEY_REFRESH_SECONDS = 60;

/** At most one extra read per this interval for tokens naming a `kid` we do not have. */
const MISS_RELOAD_MS = 1000;

export interface StoredSigningKeysOptions {
  readonly db: Kysely<Database>;
  readonly provider: KeyProvider;
  readonly refreshSeconds?: number;
  readonly now?: () => Date;
  /** Told about key creation, housekeeping and failed reloads (no key material). */
  readonly log?: (message: string, fields: Record<string, unknown>) => void;
}

export interface StoredSigningKeys {
  /** The keys to sign and verify with; pass the token's `kid` to re-read the table on a miss. */
  readonly source: SigningKeySource;
  /** Forgets what was loaded, so the next call reads the table (after a rotation here). */
  invalidate(): void;
}

interface Loaded {
  readonly set: SigningKeySet;
  readonly kids: ReadonlySet<string>;
  readonly at: number;
}

/**
 * Signing keys from the `signing_keys` table, shared by every process on the database. The
 * newest active key signs; active and retiring keys verify, each retiring one until its
 * `retire_at`. When no key is active (a new deployment) the first caller creates one; the
 * one-active index settles a race between processes. Unwrapped keys are kept by `kid`, so a
 * re-read unwraps only keys it has not seen.
 */
export function createStoredSigningKeys(options: StoredSigningKeysOptions): StoredSigningKeys {
  const { db, provider } = options;
  const now = options.now ?? (() => new Date());
  const refreshMs = (options.refreshSeconds ?? DEFAULT_SIGNING_KEY_REFRESH_SECONDS) * 1000;
  const log = options.log ?? (() => {});
  const unwrapped = new Map<string, SigningKey>();
  let loaded: Loaded | undefined;
  let reading: Promise<Loaded> | undefined;

  async function createFirstKey(at: Date): Promise<void> {
    const key = await generateSigningKey('EdDSA', at);
    const wrapped = await wrapSigningKey(provider, key);
    if (await repo.insertActive(db, { kid: key.kid, alg: key.alg, wrapped, at })) {
      unwrapped.set(key.kid, key);
      log('signing key created', { kid: key.kid });
    }
  }

  async function open(record: SigningKeyRecord): Promise<SigningKey> {
    const known = unwrapped.get(record.kid);
    if (known) return known;
    if (!record.wrapped) throw new AppError('internal', `Signing key ${record.kid} has no material.`);
    const key = await unwrapSigningKey(provider, { ...record, wrapped: record.wrapped });
    unwrapped.set(record.kid, key);
    return key;
  }

  async function read(): Promise<Loaded> {
    const at = now();
    let records = await repo.listUnretired(db);
    if (!records.some((r) => r.state === 'active')) {
      await createFirstKey(at);
      records = await repo.listUnretired(db);
    }
    const due = records.filter((r) => r.retireAt !== null && r.retireAt <= at);
    if (due.length > 0) log('signing keys retired', { kids: await repo.retireDue(db, at) });
    const live = records.filter((r) => !due.includes(r));
    const keys: SigningKey[] = [];
    for (const record of live) {
      const key = await open(record);
      keys.push(record.retireAt ? { ...key, verifyUntil: record.retireAt } : key);
    }
    for (const kid of unwrapped.keys()) if (!live.some((r) => r.kid === kid)) unwrapped.delete(kid);
    // Records come newest activation first: the first active one signs.
    const current = keys.find((_, i) => live[i]?.state === 'active');
    if (!current) throw new AppError('internal', 'No active signing key could be loaded.');
    return {
      set: { current, previous: keys.filter((k) => k !== current) },
      kids: new Set(keys.map((k) => k.kid)),
      at: at.getTime(),
    };
  }

  function reload(): Promise<Loaded> {
    // Platform rows, read for whichever request needs them first (row-level security).
    reading ??= withDataScope(PLATFORM_SCOPE, read)
      .then((fresh) => {
        loaded = fresh;
        return fresh;
      })
      .finally(() => {
        reading = undefined;
      });
    return reading;
  }

  return {
    async source(want) {
      const held = loaded;
      if (!held) return (await reload()).set;
      const age = now().getTime() - held.at;
      const miss = want?.kid !== undefined && !held.kids.has(want.kid) && age >= MISS_RELOAD_MS;
      if (age < refreshMs && !miss) return held.set;
      try {
        return (await reload()).set;
      } catch (error) {
        // The database is briefly unreachable: keep verifying with what we have (each retiring
        // key still stops at its `retire_at`) rather than refuse every token.
        log('signing keys could not be re-read', { err: error });
        return held.set;
      }
    },
    invalidate() {
      loaded = undefined;
    },
  };
}

import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { DatabaseHandle } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { AppError, type FieldIssue, isAppError } from '../errors/app-error.ts';
import {
  readSettingsSection,
  TENANT_SETTINGS_CHANNEL,
  writeSettingsSection,
} from '../tenancy/tenant-settings.ts';
import {
  type BookingRule,
  type bookingRulesConfigSchema,
  checkBookingRulesConfig,
  rulesFromConfig,
} from './booking-rules.ts';
import {
  loadNoticeTemplates,
  NOTICE_KINDS,
  type NoticeKind,
  type NoticeLocale,
  type NoticeTemplates,
} from './notification-templates.ts';

/**
 * A tenant's booking settings, kept in `tenants.settings.booking`: the rules (booking-rules.ts
 * `bookingRulesConfigSchema`, stored with every default filled in) and notice templates by kind
 * and locale, using the built-in placeholders. Checked in full on save; read through a short
 * cache that every process drops when a tenant's settings change (`TENANT_SETTINGS_CHANNEL`).
 */
export interface BookingSettings {
  readonly rules: z.output<typeof bookingRulesConfigSchema>;
  readonly templates: Partial<Record<NoticeKind, Partial<Record<NoticeLocale, string>>>>;
}

/** Notified with the tenant id, in the transaction of a change: every process forgets its copy. */
export { TENANT_SETTINGS_CHANNEL };

const prefixed = (prefix: string, error: unknown): FieldIssue[] => {
  if (!isAppError(error) || error.code !== 'validation_failed') throw error;
  return error.issues.length > 0
    ? error.issues.map((i) => ({ path: i.path ? `${prefix}.${i.path}` : prefix, message: i.message }))
    : [{ path: prefix, message: error.message }];
};

/** Checks submitted (or stored) settings; every problem is a `validation_failed` with its path. */
export function parseBookingSettings(input: unknown): BookingSettings {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new AppError('validation_failed', 'The booking settings are not valid.', {
      issues: [{ path: '', message: 'expected an object { rules?, templates? }' }],
    });
  const { rules, templates, ...rest } = input as Record<string, unknown>;
  const issues: FieldIssue[] = Object.keys(rest).map((key) => ({ path: key, message: 'unknown setting' }));
  let parsedRules: BookingSettings['rules'] | undefined;
  try {
    parsedRules = checkBookingRulesConfig(rules ?? {});
  } catch (error) {
    issues.push(...prefixed('rules', error));
  }
  try {
    loadNoticeTemplates(templates ?? {});
  } catch (error) {
    issues.push(...prefixed('templates', error));
  }
  if (issues.length > 0 || !parsedRules)
    throw new AppError('validation_failed', 'The booking settings are not valid.', { issues });
  const kept: BookingSettings['templates'] = {};
  const given = (templates ?? {}) as BookingSettings['templates'];
  for (const kind of NOTICE_KINDS) if (given[kind]) kept[kind] = { ...given[kind] };
  return { rules: parsedRules, templates: kept };
}

/** The tenant's settings as stored, or the defaults (every rule at its default, no templates). */
export async function readBookingSettings(db: Kysely<Database>, tenantId: string): Promise<BookingSettings> {
  return parseBookingSettings(await readSettingsSection(db, tenantId, 'booking'));
}

/** Replaces the tenant's booking settings and tells every process (tenant-settings.ts). */
export const writeBookingSettings = (
  trx: Transaction<Database>,
  tenantId: string,
  settings: BookingSettings,
  at: Date,
): Promise<void> => writeSettingsSection(trx, tenantId, 'booking', settings, at);

interface Cached {
  readonly at: number;
  readonly value: Promise<{ rules: BookingRule[]; templates: NoticeTemplates }>;
}

/**
 * The rules and templates each tenant books with, read once and kept for `ttlMs` (30 s): the
 * scheduler asks at every hold and booking. A change is seen at once in the process that made it
 * and, through `TENANT_SETTINGS_CHANNEL`, in the others; the TTL bounds how stale a copy gets if
 * a notification is lost (a listener that reconnects forgets everything).
 */
export function createBookingSettingsCache(deps: {
  readonly db: Kysely<Database>;
  readonly ttlMs?: number;
  readonly clock?: () => number;
}) {
  const ttl = deps.ttlMs ?? 30_000;
  const clock = deps.clock ?? Date.now;
  const cache = new Map<string, Cached>();

  function load(tenantId: string) {
    const entry = cache.get(tenantId);
    if (entry && clock() - entry.at < ttl) return entry.value;
    const value = readBookingSettings(deps.db, tenantId).then((s) => ({
      rules: rulesFromConfig(s.rules),
      templates: loadNoticeTemplates(s.templates),
    }));
    const fresh = { at: clock(), value };
    if (cache.size > 10_000) cache.clear();
    cache.set(tenantId, fresh);
    // A failed read is not kept: the next call reads again.
    value.catch(() => {
      if (cache.get(tenantId) === fresh) cache.delete(tenantId);
    });
    return value;
  }

  let listening: Promise<void> = Promise.resolve();

  return {
    /**
     * Hears of changes made by any process on `TENANT_SETTINGS_CHANNEL`, and forgets what it kept of
     * that tenant (`alsoForget` drops other caches of it too). A listener that reconnects may have
     * missed some: everything is forgotten then.
     */
    listen(handle: Pick<DatabaseHandle, 'listen'>, alsoForget?: (tenantId: string) => void): Promise<void> {
      listening = handle
        .listen(
          TENANT_SETTINGS_CHANNEL,
          (tenantId) => {
            cache.delete(tenantId);
            alsoForget?.(tenantId);
          },
          () => cache.clear(),
        )
        .then(() => undefined);
      return listening;
    },
    /** Resolves once `listen` listens (at once if it was never called). */
    ready: (): Promise<void> => listening,
    rulesFor: async (tenantId: string): Promise<readonly BookingRule[]> => (await load(tenantId)).rules,
    templatesFor: async (tenantId: string): Promise<NoticeTemplates> => (await load(tenantId)).templates,
    forget(tenantId: string): void {
      cache.delete(tenantId);
    },
    forgetAll(): void {
      cache.clear();
    },
  };
}

export type BookingSettingsCache = ReturnType<typeof createBookingSettingsCache>;

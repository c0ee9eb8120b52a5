import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { ContactService } from '../contacts/contact.service.ts';
import type { PseudonymKeySource } from '../contacts/contact-audit.ts';
import type { MigrationSet } from '../db/migration-set.ts';
import type { Database } from '../db/schema.ts';
import type { ActionPort } from '../dialogue/dialogue-types.ts';
import type { NewTenant } from '../tenancy/tenant.ts';
import { checkConversationPack } from './conversation-pack.schema.ts';
import type { ConversationPack } from './conversation-pack.ts';
import type { LocalizedText } from './localized-text.ts';

export type { ConversationPack, FaqSeed } from './conversation-pack.ts';

/**
 * A vertical pack: the data and small functions that turn Custos into a hospital or a school
 * assistant (DESIGN §7): identity, tables, the demo tenant and, for the conversation stack,
 * intents, vocabularies, flows, FAQ seeds, classification and safety (`conversation`).
 */
export interface VerticalPack {
  /** Stable id, stored in `tenants.vertical`. */
  readonly id: string;
  /** Human-readable name per BCP 47 locale. */
  readonly title: Readonly<Record<string, string>>;
  /** Tables the pack owns, if any. */
  readonly migrations?: MigrationSet;
  /** The tenant `custos demo` creates for this pack. */
  readonly demoTenant: NewTenant;
  /** What the bot of this vertical knows and does; a pack without it has no bot. */
  readonly conversation?: ConversationPack;
  /** What `custos demo` books against: the demo tenant's services, resources and weekly schedules. */
  readonly demoCatalogue?: DemoCatalogue;
  /** Ports of the pack that need the database (the school's guardian verification), built at start-up. */
  readonly createPorts?: (deps: PackPortDeps) => Readonly<Record<string, ActionPort>>;
  /** Demo records of the pack's own (the school's applicants), created once by `custos demo`. */
  readonly seedDemo?: (deps: PackDemoDeps, tenantId: string) => Promise<unknown>;
}

export interface PackDemoDeps extends PackPortDeps {
  readonly contactService: ContactService;
}

/** What a pack's database-backed ports are built from; the composition root passes the runtime's. */
export interface PackPortDeps {
  /** The application's row-secured view. */
  readonly db: Kysely<Database>;
  readonly contacts: ContactRepository;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly pseudonymKey: PseudonymKeySource;
}

/** A demo tenant's booking catalogue; schedules are `ScheduleDefinition`s (core/booking/availability.ts). */
export interface DemoCatalogue {
  readonly services: readonly {
    readonly code: string;
    readonly names: LocalizedText;
    readonly durationMinutes: number;
    readonly restrictions?: {
      readonly minAgeYears?: number;
      readonly maxAgeYears?: number;
      readonly sex?: 'female' | 'male';
    };
  }[];
  readonly resources: readonly {
    readonly code: string;
    readonly kind: 'practitioner' | 'room' | 'guide';
    readonly names: LocalizedText;
    readonly title?: LocalizedText;
    readonly serviceCode: string;
  }[];
  readonly schedules: readonly {
    readonly serviceCode: string;
    readonly resourceCode?: string;
    readonly definition: unknown;
  }[];
  /** How far ahead slots are kept generated. */
  readonly weeks: number;
}

const PACK_ID = /^[a-z][a-z0-9-]{1,31}$/;
const SHOWN_PROBLEMS = 10;

/** Checks a set of packs once at start-up: well-formed, distinct ids and demo slugs, sound conversation data. */
export function validatePacks(packs: readonly VerticalPack[]): readonly VerticalPack[] {
  const ids = new Set<string>();
  const slugs = new Set<string>();
  for (const pack of packs) {
    if (!PACK_ID.test(pack.id)) throw new Error(`pack id "${pack.id}" must match ${PACK_ID}`);
    if (ids.has(pack.id)) throw new Error(`pack "${pack.id}" is registered twice`);
    if (slugs.has(pack.demoTenant.slug))
      throw new Error(`demo tenant slug "${pack.demoTenant.slug}" is used twice`);
    if (pack.demoTenant.vertical !== pack.id)
      throw new Error(`pack "${pack.id}" has a demo tenant of another vertical`);
    if (pack.conversation !== undefined) {
      const problems = checkConversationPack(pack.conversation);
      if (problems.length > 0) {
        const lines = problems.slice(0, SHOWN_PROBLEMS).map((p) => `  conversation.${p.path}: ${p.message}`);
        if (problems.length > SHOWN_PROBLEMS) lines.push(`  … and ${problems.length - SHOWN_PROBLEMS} more`);
        throw new Error(`pack "${pack.id}" has invalid conversation data:\n${lines.join('\n')}`);
      }
    }
    ids.add(pack.id);
    slugs.add(pack.demoTenant.slug);
  }
  return packs;
}

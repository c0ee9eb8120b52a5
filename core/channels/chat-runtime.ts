import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { type AssistantTenant, createAssistant } from '../assistant/assistant.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { PseudonymKeySource } from '../contacts/contact-audit.ts';
import { createConversationService } from '../conversations/conversation.service.ts';
import { createConversationStore } from '../conversations/conversation.store.ts';
import type { ConversationStore } from '../conversations/conversation.ts';
import type { ConversationKeyring } from '../conversations/message-sealing.ts';
import type { Database } from '../db/schema.ts';
import { createDialogueAdmin } from '../dialogue/dialogue-flow.service.ts';
import { createFlowStore } from '../dialogue/dialogue-flow.store.ts';
import type { ActionPort } from '../dialogue/dialogue-types.ts';
import type { ContactVerificationService } from '../identity/contact-verification.service.ts';
import { createContactVerificationPorts } from '../identity/contact-verification-ports.ts';
import { createKnowledgeBase } from '../knowledge/knowledge.service.ts';
import type { NluEngine } from '../nlu/engine.ts';
import type { ConversationPack } from '../packs/conversation-pack.ts';
import { createPackNluEngine } from '../packs/pack-nlu.ts';
import { layerPack } from '../packs/pack-overrides.ts';
import type { PackPortDeps, VerticalPack } from '../packs/vertical-pack.ts';
import type { EventBus } from '../realtime/event-bus.ts';
import { createWaitingNotices } from '../routing/queue-position.notice.ts';
import type { TenantCache } from '../tenancy/tenant-cache.ts';
import { createChatGateway } from './chat-gateway.ts';
import { createVisitService } from './visit.service.ts';
import { createWidgetTokens } from './widget-token.ts';

export interface ChatRuntimeDeps {
  /** The application's row-secured view of the database. */
  readonly db: Kysely<Database>;
  readonly keyring: ConversationKeyring;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly pseudonymKey: PseudonymKeySource;
  readonly bus: EventBus;
  readonly packs: readonly VerticalPack[];
  readonly tenants: TenantCache;
  readonly createVisitor: (tenantId: string, displayName: string) => Promise<string>;
  readonly rootKey: Uint8Array;
  readonly publicUrl: string;
  readonly logger: Logger;
  /** Ports flows may act through, beside the built-in ones (the booking engine's `booking.*`). */
  readonly ports?: Readonly<Record<string, ActionPort>>;
  /**
   * Contact verification: its ports (`identity.*`) are built in, and every port call carries the
   * record the conversation's visitor proved to be (`PortCall.verifiedSubjectId`).
   */
  readonly verification?: ContactVerificationService;
  /** The minors a verified guardian acts for (`PortCall.wardIds`); none when absent. */
  readonly wardsOf?: (tenantId: string, guardianContactId: string, now: Date) => Promise<string[]>;
  /** What packs' database-backed ports (`VerticalPack.createPorts`) are built from. */
  readonly packPortDeps?: PackPortDeps;
}

/** Twelve hours: a visitor who comes back the same day resumes their conversation. */
const WIDGET_TOKEN_SECONDS = 12 * 3600;

/**
 * The ports of this build. Until the booking engine serves `scheduling.*`, a visit request is a
 * request to the front desk: an internal note in the conversation lists the slots, and the
 * conversation is queued for the pack's hand-off queue, where staff confirm it with the person.
 * The reference derives from the flow run's idempotency key, and so does the note's id: a retried
 * call stores nothing twice and answers with the same reference.
 */
/** Slots a staff request never lists: a one-time code and the handles of a verification or a hold. */
const UNLISTED_SLOTS = new Set(['code', 'verification_id', 'hold_key']);

export function builtInPorts(
  store: Pick<ConversationStore, 'appendMany'>,
  queueOf: (tenantId: string) => Promise<string | undefined>,
): Readonly<Record<string, ActionPort>> {
  // A request for staff: an internal note lists what the flow collected; the conversation is queued.
  const staffRequest =
    (label: string): ActionPort =>
    async (call) => {
      const reference = `REQ-${createHash('sha256').update(call.idempotencyKey).digest('hex').slice(0, 8).toUpperCase()}`;
      const slots = Object.entries(call.slots)
        .filter(([name]) => !UNLISTED_SLOTS.has(name))
        .map(([name, value]) => `${name}: ${value}`);
      // Staff need not check again who a verified visitor is.
      const verified = call.verifiedSubjectId
        ? ` — identity verified (contact ${call.verifiedSubjectId})`
        : '';
      const topic = call.args.topic ? ` ${call.args.topic}` : '';
      const queueId = await queueOf(call.tenantId);
      await store.appendMany(
        call.tenantId,
        call.conversationId,
        [
          {
            authorKind: 'system',
            internal: true,
            clientMessageId: `port:${call.idempotencyKey}`.slice(0, 128),
            body: `${label}${topic} ${reference} (${call.flowId} v${call.version}) — ${slots.join('; ')}${verified}`,
            meta: { kind: 'request' },
          },
        ],
        queueId ? { patch: { status: 'queued', queueId } } : {},
      );
      return { reference };
    };
  return {
    'scheduling.requestVisit': staffRequest('Visit request'),
    'requests.staff': staffRequest('Request'),
  };
}

/** Every call carries the record the visitor proved to be, while the conversation's assurance lasts. */
function withAssurance(
  verification: ContactVerificationService | undefined,
  ports: Readonly<Record<string, ActionPort>>,
  wardsOf?: ChatRuntimeDeps['wardsOf'],
): Readonly<Record<string, ActionPort>> {
  if (!verification) return ports;
  return Object.fromEntries(
    Object.entries(ports).map(([name, port]): [string, ActionPort] => [
      name,
      async (call) => {
        const assurance = await verification.assuranceOf(call.tenantId, call.conversationId, call.contactId);
        if (!assurance) return port(call);
        const wardIds = wardsOf ? await wardsOf(call.tenantId, assurance.subjectId, call.now) : [];
        return port({
          ...call,
          verifiedSubjectId: assurance.subjectId,
          ...(wardIds.length > 0 ? { wardIds } : {}),
        });
      },
    ]),
  );
}

/**
 * The packs' own ports, each offered under its name and dispatched by the calling tenant's
 * vertical: a tenant whose pack does not offer the port is refused.
 */
function packPorts(
  packOf: ReadonlyMap<string, ConversationPack>,
  tenants: TenantCache,
): Record<string, ActionPort> {
  const names = new Set([...packOf.values()].flatMap((pack) => Object.keys(pack.ports ?? {})));
  return Object.fromEntries(
    [...names].map((name): [string, ActionPort] => [
      name,
      async (call) => {
        const tenant = await tenants.byId(call.tenantId);
        const port = tenant && packOf.get(tenant.vertical)?.ports?.[name];
        if (!port) throw new Error(`port ${name} is not offered to this tenant's vertical`);
        return port(call);
      },
    ]),
  );
}

/**
 * The conversation engine, wired: store, event bus, services, knowledge base, flows, the
 * assistant and the channels' gateway. One place, so that the composition root stays a list.
 */
export function createChatRuntime(deps: ChatRuntimeDeps) {
  const { db, bus, logger } = deps;
  const packOf = new Map(
    deps.packs.flatMap((p) => {
      if (!p.conversation) return [];
      const built = p.createPorts && deps.packPortDeps ? p.createPorts(deps.packPortDeps) : {};
      return [[p.id, { ...p.conversation, ports: { ...p.conversation.ports, ...built } }] as const];
    }),
  );
  const store = createConversationStore({ db, keyring: deps.keyring, bus });
  const ports = withAssurance(
    deps.verification,
    {
      ...(deps.verification
        ? createContactVerificationPorts({
            verification: deps.verification,
            tenantOf: (tenantId) => deps.tenants.byId(tenantId),
          })
        : {}),
      ...builtInPorts(store, async (tenantId) => {
        const tenant = await deps.tenants.byId(tenantId);
        return tenant && packOf.get(tenant.vertical)?.defaultQueue;
      }),
      ...deps.ports,
      ...packPorts(packOf, deps.tenants),
    },
    deps.wardsOf,
  );
  const service = createConversationService({
    db,
    store,
    audit: deps.audit,
    pseudonymKey: deps.pseudonymKey,
  });
  const knowledge = createKnowledgeBase({ db, audit: deps.audit });
  const flows = createFlowStore({
    db,
    packFlows: async (tenantId) => {
      const tenant = await deps.tenants.byId(tenantId);
      return (tenant && packOf.get(tenant.vertical)?.flows) ?? [];
    },
  });
  const dialogueAdmin = createDialogueAdmin({
    db,
    audit: deps.audit,
    store: flows,
    ports: Object.keys(ports),
    conversationOf: (vertical) => packOf.get(vertical),
  });
  // One NLU engine per pack and time zone: the model is trained once per pack (pack-nlu.ts).
  const engines = new Map<string, NluEngine>();
  const nluFor = (vertical: string, pack: ConversationPack, timeZone: string) => {
    const key = `${vertical}\u0000${timeZone}`;
    let engine = engines.get(key);
    if (!engine) {
      engine = createPackNluEngine(pack, { timeZone });
      engines.set(key, engine);
    }
    return engine;
  };
  const assistantTenant = async (tenantId: string): Promise<AssistantTenant | undefined> => {
    const tenant = await deps.tenants.byId(tenantId);
    const pack = tenant && packOf.get(tenant.vertical);
    if (!tenant || !pack) return undefined;
    return {
      conversation: layerPack(pack, await flows.overrides(tenantId)),
      nlu: nluFor(tenant.vertical, pack, tenant.timeZone),
      timeZone: tenant.timeZone,
    };
  };
  const assistant = createAssistant({
    store,
    flows,
    tenantOf: assistantTenant,
    knowledge: async (tenantId, query) => {
      const hit = await knowledge.answer(tenantId, query);
      return (
        hit && { articleId: hit.articleId, title: hit.title, body: hit.body, confidence: hit.confidence }
      );
    },
    ports,
    logger,
    waiting: createWaitingNotices({ db }),
  });
  const gateway = createChatGateway({
    service,
    store,
    bus,
    onInbound: (conversation, message) => assistant.handle(conversation, message),
  });
  const tokens = createWidgetTokens({
    rootKey: deps.rootKey,
    issuer: deps.publicUrl,
    lifetimeSeconds: WIDGET_TOKEN_SECONDS,
  });
  const visits = createVisitService({
    createVisitor: deps.createVisitor,
    store,
    tokens,
    onOpened: (conversation) => assistant.greet(conversation),
  });
  return {
    store,
    service,
    knowledge,
    flows,
    dialogueAdmin,
    assistant,
    gateway,
    tokens,
    visits,
    /** Seeds a tenant's knowledge base with its pack's FAQ (idempotent). */
    async seedTenant(tenant: { id: string; vertical: string }) {
      const pack = packOf.get(tenant.vertical);
      if (pack) await knowledge.seedArticles(tenant.id, pack.faqSeeds);
    },
  };
}

export type ChatRuntime = ReturnType<typeof createChatRuntime>;

import type { Kysely } from 'kysely';
import type { NewAuditEvent } from '../../compliance/index.ts';
import { authorizeActor } from '../access/actor-ability.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Actor } from '../context/request-context.ts';
import { currentContext } from '../context/request-context.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import type { AutoReply, ConversationPack } from '../packs/conversation-pack.ts';
import type { FlowStore, FlowVersionInfo } from './dialogue-flow.store.ts';
import type { FlowBody, FlowDefinition } from './flow.schema.ts';
import { validateFlowBody } from './flow-check.ts';

export interface DialogueAdminDeps {
  readonly db: Kysely<Database>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly store: FlowStore;
  /** The ports this deployment offers: a flow may only call these. */
  readonly ports: readonly string[];
  /** The tenant's pack, for the intents and entity types its flows may name. */
  readonly conversationOf: (vertical: string) => ConversationPack | undefined;
}

/** The tenant a change belongs to; the vertical decides its pack and purpose of use. */
export interface DialogueTenant {
  readonly id: string;
  readonly vertical: string;
}

export interface FlowDetail {
  readonly active: FlowDefinition;
  readonly versions: readonly FlowVersionInfo[];
}

export interface AutoReplyRules {
  readonly version: number;
  readonly source: 'pack' | 'tenant';
  readonly rules: readonly AutoReply[];
}

// Flows and auto-replies are tenant configuration: the `flows` field of TenantSettings.
const settings = (tenant: DialogueTenant) => ({
  type: 'TenantSettings' as const,
  attributes: { tenantId: tenant.id },
});

const auditRole = (actor: Actor) => (actor.role ?? actor.kind).toLowerCase().replaceAll('_', '-');

/**
 * Tenant admins edit flows and auto-reply rules (issue: low-code, safe defaults). Every save is
 * checked first (`checkFlow`, known intents), creates a new version and records an `update` audit
 * event in the same transaction; the bot sees it at once in this process and within seconds in
 * the others.
 */
export function createDialogueAdmin(deps: DialogueAdminDeps) {
  const { db, store } = deps;

  function event(
    actor: Actor,
    tenant: DialogueTenant,
    resource: { type: string; id: string },
  ): NewAuditEvent {
    const requestId = currentContext()?.requestId;
    return {
      tenantId: tenant.id,
      actor: {
        id: actor.id,
        role: auditRole(actor),
        kind: actor.kind === 'staff' || actor.kind === 'system' ? actor.kind : 'service',
      },
      action: 'update',
      purpose: tenant.vertical === 'education' ? 'EDUADMIN' : 'HSYSADMIN',
      resource,
      outcome: { result: 'success' },
      ...(requestId ? { requestId } : {}),
    };
  }

  const intentsOf = (tenant: DialogueTenant) =>
    deps.conversationOf(tenant.vertical)?.nlu.intents.map((i) => i.name);

  return {
    async listFlows(actor: Actor, tenant: DialogueTenant): Promise<FlowDefinition[]> {
      authorizeActor(actor, 'read', settings(tenant), 'flows');
      return store.list(tenant.id);
    },

    async getFlow(actor: Actor, tenant: DialogueTenant, flowId: string): Promise<FlowDetail> {
      authorizeActor(actor, 'read', settings(tenant), 'flows');
      const active = await store.active(tenant.id, flowId);
      if (!active) throw new AppError('not_found', `No flow "${flowId}".`);
      return { active, versions: await store.history(tenant.id, flowId) };
    },

    /** Saves a new version of `flowId`; `body` is a flow without its version. */
    async saveFlow(
      actor: Actor,
      tenant: DialogueTenant,
      flowId: string,
      body: FlowBody,
    ): Promise<FlowDefinition> {
      authorizeActor(actor, 'update', settings(tenant), 'flows');
      const conversation = deps.conversationOf(tenant.vertical);
      const flow = validateFlowBody(body, {
        ports: deps.ports,
        ...(conversation
          ? {
              intents: conversation.nlu.intents.map((i) => i.name),
              entityTypes: (conversation.nlu.vocabularies ?? []).map((v) => v.type),
            }
          : {}),
      });
      if (flow.id !== flowId)
        throw new AppError(
          'unprocessable',
          `The flow's id "${flow.id}" does not match "${flowId}" in the path.`,
          {
            issues: [{ path: 'id', message: `expected "${flowId}"` }],
          },
        );
      const saved = await db.transaction().execute(async (trx) => {
        const definition = await store.insert(trx, tenant.id, flow, actor.id);
        await deps.audit.record(
          trx,
          event(actor, tenant, { type: 'Flow', id: `${flowId}:v${definition.version}` }),
        );
        return definition;
      });
      store.invalidate(tenant.id);
      return saved;
    },

    async getAutoReplies(actor: Actor, tenant: DialogueTenant): Promise<AutoReplyRules> {
      authorizeActor(actor, 'read', settings(tenant), 'flows');
      const saved = await store.rules(tenant.id);
      if (saved) return { ...saved, source: 'tenant' };
      return {
        version: 0,
        source: 'pack',
        rules: deps.conversationOf(tenant.vertical)?.dialogue.autoReplies ?? [],
      };
    },

    /** Replaces the tenant's auto-reply rules (the pack's included) with a new version. */
    async saveAutoReplies(
      actor: Actor,
      tenant: DialogueTenant,
      rules: readonly AutoReply[],
    ): Promise<AutoReplyRules> {
      authorizeActor(actor, 'update', settings(tenant), 'flows');
      const intents = intentsOf(tenant);
      const issues = rules.flatMap((rule, i) => [
        ...(intents && !intents.includes(rule.intent)
          ? [{ path: `rules.${i}.intent`, message: `unknown intent "${rule.intent}"` }]
          : []),
        ...(rules.findIndex((r) => r.intent === rule.intent) < i
          ? [{ path: `rules.${i}.intent`, message: `intent "${rule.intent}" has two rules` }]
          : []),
      ]);
      if (issues.length > 0)
        throw new AppError('unprocessable', `The rules cannot be saved: ${issues[0]?.message}.`, { issues });
      const saved = await db.transaction().execute(async (trx) => {
        const result = await store.insertRules(trx, tenant.id, rules, actor.id);
        await deps.audit.record(
          trx,
          event(actor, tenant, { type: 'AutoReplyRules', id: `v${result.version}` }),
        );
        return result;
      });
      store.invalidate(tenant.id);
      return { ...saved, source: 'tenant' };
    },
  };
}

export type DialogueAdmin = ReturnType<typeof createDialogueAdmin>;

import { z } from 'zod';
import { MASK_KINDS } from '../../compliance/index.ts';
import { QUEUE_ID } from '../access/queues.ts';
import { ROLES } from '../access/roles.ts';
import type { ActionPort } from '../dialogue/dialogue-types.ts';
import { flowDefinitionSchema } from '../dialogue/flow.schema.ts';
import { checkFlow, type FlowProblem } from '../dialogue/flow-check.ts';
import { OUT_OF_SCOPE } from '../nlu/intent-model.ts';
import type { NluPackData } from '../nlu/nlu-pack.ts';
import {
  type ConversationPack,
  DIALOGUE_TEXT_KEYS,
  type DialogueTextKey,
  FIELD_CLASSIFICATIONS,
} from './conversation-pack.ts';
import { localizedTextSchema } from './localized-text.ts';

const name = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be snake_case (a-z, 0-9, _)');
const utterance = z.string().trim().min(1).max(500);
const regexSource = z.string().refine((source) => {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');
const probability = z.number().min(0).max(1);

const nluSchema = z.strictObject({
  id: z.string().min(1),
  intents: z
    .array(
      z.strictObject({
        name,
        utterances: z.strictObject({
          zh: z.array(utterance).optional(),
          en: z.array(utterance).optional(),
        }),
      }),
    )
    .min(2),
  vocabularies: z
    .array(
      z.strictObject({
        type: name,
        entries: z.array(z.strictObject({ value: z.string().min(1), synonyms: z.array(z.string().min(1)) })),
        pinyin: z.boolean().optional(),
      }),
    )
    .optional(),
  safetyRules: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        severity: z.enum(['emergency', 'urgent']),
        patterns: z.array(regexSource).min(1),
      }),
    )
    .optional(),
  recordNumberPattern: regexSource.optional(),
  annotate: z
    .custom<NluPackData['annotate']>((v) => typeof v === 'function', 'must be a function')
    .optional(),
});

export const autoReplySchema = z.strictObject({
  intent: name,
  text: localizedTextSchema,
  suggestions: z
    .strictObject({ 'zh-CN': z.array(z.string().min(1).max(100)), en: z.array(z.string().min(1).max(100)) })
    .optional(),
});

const textsShape = Object.fromEntries(DIALOGUE_TEXT_KEYS.map((key) => [key, localizedTextSchema])) as Record<
  DialogueTextKey,
  typeof localizedTextSchema
>;

export const conversationPackSchema = z.strictObject({
  nlu: nluSchema,
  flows: z.array(flowDefinitionSchema),
  faqSeeds: z.array(
    z.strictObject({
      key: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'a FAQ key is lower-case, without spaces'),
      locale: z.enum(['zh-CN', 'en']),
      title: z.string().trim().min(1).max(200),
      body: z.string().trim().min(1).max(20_000),
      questions: z.array(utterance).min(1),
      tags: z.array(z.string().min(1).max(50)).optional(),
      intent: name.optional(),
    }),
  ),
  dialogue: z.strictObject({
    texts: z.strictObject(textsShape),
    intentThreshold: probability,
    knowledgeThreshold: probability,
    timeoutMinutes: z
      .int()
      .min(1)
      .max(24 * 60),
    maxFallbacks: z.int().min(1).max(10).optional(),
    globalIntents: z.strictObject({
      greeting: name,
      goodbye: name,
      cancel: name.optional(),
      restart: name.optional(),
      human: name,
    }),
    confirmIntents: z.strictObject({ affirm: name.optional(), deny: name.optional() }).optional(),
    emergencyIntent: name.optional(),
    autoReplies: z.array(autoReplySchema),
  }),
  classification: z.array(
    z.strictObject({
      field: z.string().min(1).max(100),
      classification: z.enum(FIELD_CLASSIFICATIONS),
      mask: z.enum(MASK_KINDS).optional(),
    }),
  ),
  rolePresets: z.array(
    z.strictObject({
      name: z.string().min(1).max(100),
      roles: z.array(z.enum(ROLES)).min(1),
      description: localizedTextSchema,
    }),
  ),
  connectors: z.array(z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'a connector id is kebab-case')),
  // A queue staff can be members of (users.queue_ids), or no one could ever take a handoff.
  defaultQueue: z.string().regex(QUEUE_ID, 'a queue id: a-z first, then a-z, 0-9 and -, at most 48'),
  ports: z
    .record(
      z.string().regex(/^[a-z][a-zA-Z0-9]*(?:\.[a-z][a-zA-Z0-9]*)+$/, 'a port is named area.operation'),
      z.custom<ActionPort>((v) => typeof v === 'function', 'a port must be a function'),
    )
    .optional(),
});

/**
 * Parses a pack's conversation data and checks what the schema cannot: every intent named exists,
 * every flow is sound (`checkFlow`, against the ports the flows themselves name: which ports the
 * deployment offers is known only to the composition root), each intent starts at most one flow.
 */
export function checkConversationPack(input: unknown): FlowProblem[] {
  const parsed = conversationPackSchema.safeParse(input);
  if (!parsed.success)
    return parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  return crossCheck(parsed.data);
}

function crossCheck(pack: ConversationPack): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const report = (path: string, message: string) => problems.push({ path, message });
  const intents = new Set<string>([OUT_OF_SCOPE]);
  pack.nlu.intents.forEach((intent, i) => {
    if (intents.has(intent.name) && intent.name !== OUT_OF_SCOPE)
      report(`nlu.intents.${i}.name`, `intent "${intent.name}" is defined twice`);
    intents.add(intent.name);
  });
  const intent = (path: string, value: string | undefined) => {
    if (value !== undefined && !intents.has(value)) report(path, `unknown intent "${value}"`);
  };
  const { globalIntents, confirmIntents, autoReplies } = pack.dialogue;
  for (const [role, value] of Object.entries(globalIntents)) intent(`dialogue.globalIntents.${role}`, value);
  intent('dialogue.confirmIntents.affirm', confirmIntents?.affirm);
  intent('dialogue.confirmIntents.deny', confirmIntents?.deny);
  intent('dialogue.emergencyIntent', pack.dialogue.emergencyIntent);
  autoReplies.forEach((rule, i) => {
    intent(`dialogue.autoReplies.${i}.intent`, rule.intent);
  });

  const faqKeys = new Set<string>();
  pack.faqSeeds.forEach((seed, i) => {
    const key = `${seed.key}/${seed.locale}`;
    if (faqKeys.has(key))
      report(`faqSeeds.${i}.key`, `FAQ seed "${seed.key}" (${seed.locale}) is defined twice`);
    faqKeys.add(key);
    intent(`faqSeeds.${i}.intent`, seed.intent);
  });

  const entityTypes = (pack.nlu.vocabularies ?? []).map((v) => v.type);
  const flowIds = new Set<string>();
  const triggeredBy = new Map<string, string>();
  pack.flows.forEach((flow, i) => {
    if (flowIds.has(flow.id)) report(`flows.${i}.id`, `flow "${flow.id}" is defined twice`);
    flowIds.add(flow.id);
    for (const trigger of flow.trigger) {
      const other = triggeredBy.get(trigger);
      if (other) report(`flows.${i}.trigger`, `intent "${trigger}" already starts flow "${other}"`);
      triggeredBy.set(trigger, flow.id);
    }
    const ports = flow.states.flatMap((s) => (s.type === 'act' || s.type === 'choose' ? [s.port] : []));
    for (const p of checkFlow(flow, { ports, intents: [...intents], entityTypes }))
      report(`flows.${i}.${p.path}`, p.message);
  });
  return problems;
}

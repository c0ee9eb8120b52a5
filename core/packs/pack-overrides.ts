import { z } from 'zod';
import { type FlowDefinition, flowDefinitionSchema } from '../dialogue/flow.schema.ts';
import { autoReplySchema } from './conversation-pack.schema.ts';
import type { AutoReply, ConversationPack, DialogueTextKey, DialogueTexts } from './conversation-pack.ts';
import { DIALOGUE_TEXT_KEYS } from './conversation-pack.ts';
import { type LocalizedText, partialLocalizedTextSchema } from './localized-text.ts';

/** What a tenant may change of its pack's conversation data, without touching the pack. */
export interface TenantPackOverrides {
  /** Per text and language: a tenant may reword its greeting in one language only. */
  readonly texts?: Partial<Readonly<Record<DialogueTextKey, Partial<LocalizedText>>>>;
  readonly intentThreshold?: number;
  readonly knowledgeThreshold?: number;
  readonly timeoutMinutes?: number;
  /** Replaces the pack's list: a tenant may also drop a pack reply. */
  readonly autoReplies?: readonly AutoReply[];
  /** Added, or replacing the pack's flow of the same id. */
  readonly flows?: readonly FlowDefinition[];
  /** FAQ seed keys (every locale) the tenant does not want. */
  readonly disabledFaqSeeds?: readonly string[];
}

const probability = z.number().min(0).max(1);

export const tenantPackOverridesSchema = z.strictObject({
  texts: z
    .strictObject(
      Object.fromEntries(
        DIALOGUE_TEXT_KEYS.map((key) => [key, partialLocalizedTextSchema.optional()]),
      ) as Record<DialogueTextKey, z.ZodOptional<typeof partialLocalizedTextSchema>>,
    )
    .optional(),
  intentThreshold: probability.optional(),
  knowledgeThreshold: probability.optional(),
  timeoutMinutes: z
    .int()
    .min(1)
    .max(24 * 60)
    .optional(),
  autoReplies: z.array(autoReplySchema).max(500).optional(),
  flows: z.array(flowDefinitionSchema).max(100).optional(),
  disabledFaqSeeds: z.array(z.string().min(1)).max(1000).optional(),
});

/**
 * The pack as one tenant sees it. Pure: the pack is not changed, and `nlu` is passed through as
 * the same object, so the intent model trained for the pack (`createPackNluEngine`) is shared by
 * every tenant of the vertical.
 */
export function layerPack(pack: ConversationPack, overrides: TenantPackOverrides): ConversationPack {
  const flows = new Map(pack.flows.map((flow) => [flow.id, flow]));
  for (const flow of overrides.flows ?? []) flows.set(flow.id, flow);
  const disabled = new Set(overrides.disabledFaqSeeds ?? []);
  const dialogue = pack.dialogue;
  return {
    ...pack,
    flows: [...flows.values()],
    faqSeeds: pack.faqSeeds.filter((seed) => !disabled.has(seed.key)),
    dialogue: {
      ...dialogue,
      texts: layerTexts(dialogue.texts, overrides.texts ?? {}),
      intentThreshold: overrides.intentThreshold ?? dialogue.intentThreshold,
      knowledgeThreshold: overrides.knowledgeThreshold ?? dialogue.knowledgeThreshold,
      timeoutMinutes: overrides.timeoutMinutes ?? dialogue.timeoutMinutes,
      autoReplies: overrides.autoReplies ?? dialogue.autoReplies,
    },
  };
}

function layerTexts(
  base: DialogueTexts,
  overrides: NonNullable<TenantPackOverrides['texts']>,
): DialogueTexts {
  const texts = { ...base } as Record<DialogueTextKey, LocalizedText>;
  for (const key of DIALOGUE_TEXT_KEYS) {
    const override = overrides[key];
    if (override) texts[key] = { ...base[key], ...definedOnly(override) };
  }
  return texts;
}

const definedOnly = (text: Partial<LocalizedText>): Partial<LocalizedText> =>
  Object.fromEntries(Object.entries(text).filter(([, value]) => value !== undefined));

import type { MaskKind } from '../../compliance/index.ts';
import type { Role } from '../access/roles.ts';
import type { ActionPort } from '../dialogue/dialogue-types.ts';
import type { FlowDefinition } from '../dialogue/flow.schema.ts';
import type { NluPackData } from '../nlu/nlu-pack.ts';
import type { LocalizedText } from './localized-text.ts';

/**
 * What a vertical pack gives the conversation stack (DESIGN §7): the NLU data, the flows, the FAQ
 * seeds of the knowledge base, the bot's texts and behaviour, field classification, role presets,
 * connector choices and the queue handoffs go to. Checked at start-up by `validatePacks`.
 */
export interface ConversationPack {
  readonly nlu: NluPackData;
  /** Version-1 defaults; a tenant's saved versions supersede them. */
  readonly flows: readonly FlowDefinition[];
  readonly faqSeeds: readonly FaqSeed[];
  readonly dialogue: DialoguePack;
  readonly classification: readonly FieldClassification[];
  readonly rolePresets: readonly RolePreset[];
  /** Connector choices: `local-scheduler`, `fhir`, `hl7v2`, `oneroster`… */
  readonly connectors: readonly string[];
  /** The queue a handoff goes to when nothing more specific applies. */
  readonly defaultQueue: string;
  /**
   * Ports of the pack's own (the medical `triage.suggest`), beside the deployment's. A flow of
   * the pack may call them; tenants of other verticals cannot.
   */
  readonly ports?: Readonly<Record<string, ActionPort>>;
}

/** One FAQ article, seeded into a tenant's knowledge base. */
export interface FaqSeed {
  readonly key: string;
  readonly locale: 'zh-CN' | 'en';
  readonly title: string;
  readonly body: string;
  readonly questions: readonly string[];
  readonly tags?: readonly string[];
  readonly intent?: string;
}

export const DIALOGUE_TEXT_KEYS = [
  /** The answer to a greeting. */
  'greeting',
  /** Not understood: ask to rephrase, and say a human can help. */
  'fallback',
  /** After too many unusable answers or a failed action: "shall I get a colleague?" */
  'offerHuman',
  /** The conversation is being handed to a human. */
  'handoff',
  'goodbye',
  /** The running flow was dropped after inactivity. */
  'timeout',
  /** Emergency guidance when a red flag is raised; never a diagnosis (DESIGN §2.6). */
  'safety',
  'cancelled',
  'restarted',
  /** After a "no" to an offer, or when nothing is left to do: "anything else?" */
  'anythingElse',
  /** An action port failed. */
  'portError',
] as const;
export type DialogueTextKey = (typeof DIALOGUE_TEXT_KEYS)[number];
export type DialogueTexts = Readonly<Record<DialogueTextKey, LocalizedText>>;

/** The intents that work anywhere, even in the middle of a flow. */
export interface GlobalIntents {
  readonly greeting: string;
  readonly goodbye: string;
  /**
   * Stops the running flow. Outside a flow it starts the flow it triggers, if any (the medical
   * pack's `cancel_appointment` both stops a booking and cancels an appointment).
   */
  readonly cancel?: string;
  readonly restart?: string;
  /** 转人工, "talk to a person". */
  readonly human: string;
}

/** An intent answered with a fixed text, outside flows and as a digression inside them. */
export interface AutoReply {
  readonly intent: string;
  readonly text: LocalizedText;
  readonly suggestions?: { readonly 'zh-CN': readonly string[]; readonly en: readonly string[] };
}

export interface DialoguePack {
  readonly texts: DialogueTexts;
  /** Below this NLU confidence an intent is not acted on. */
  readonly intentThreshold: number;
  /** Below this retrieval confidence a knowledge answer is not given. */
  readonly knowledgeThreshold: number;
  /** Inactivity after which a running flow is dropped. */
  readonly timeoutMinutes: number;
  /** Consecutive fallbacks before a handoff is signalled; default 2. */
  readonly maxFallbacks?: number;
  readonly globalIntents: GlobalIntents;
  /** An intent that counts as a red flag on its own (the medical pack's `emergency`). */
  readonly emergencyIntent?: string;
  /** Intents for yes and no at a confirmation, on top of the built-in words (是, 好的, yes, no…). */
  readonly confirmIntents?: { readonly affirm?: string; readonly deny?: string };
  readonly autoReplies: readonly AutoReply[];
}

export const FIELD_CLASSIFICATIONS = ['pii', 'phi', 'student_record', 'internal'] as const;
export type FieldClassificationKind = (typeof FIELD_CLASSIFICATIONS)[number];

/** How a field (a contact field, a slot) is classified and masked by default. */
export interface FieldClassification {
  readonly field: string;
  readonly classification: FieldClassificationKind;
  readonly mask?: MaskKind;
}

/** A named set of existing roles a tenant admin can hand out in one step. */
export interface RolePreset {
  readonly name: string;
  readonly roles: readonly Role[];
  readonly description: LocalizedText;
}

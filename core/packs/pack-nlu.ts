import { createNluEngine, type NluEngine } from '../nlu/engine.ts';
import type { IntentModel } from '../nlu/intent-model.ts';
import { type NluPackData, packTrainingExamples, packUserWords } from '../nlu/nlu-pack.ts';
import { DEFAULT_TRAINING, trainIntentModel } from '../nlu/train-intent.ts';
import type { ConversationPack } from './conversation-pack.ts';

export interface PackNluOptions {
  /** IANA zone relative dates are resolved in (the tenant's); default Asia/Shanghai. */
  readonly timeZone?: string;
  readonly clock?: () => Date;
}

// Keyed by the NLU data object, not the pack: `layerPack` keeps it, so every tenant of a vertical
// shares one model.
const models = new WeakMap<NluPackData, IntentModel>();

// A fixed seed and creation time make the model, and so its version, a function of the pack alone:
// every process of a deployment reports the same `modelVersion` for the same pack.
const TRAINED_AT = new Date('2026-01-01T00:00:00Z');

/** The pack's intent model, trained on first use and kept for the life of the process. */
export function packIntentModel(nlu: NluPackData): IntentModel {
  let model = models.get(nlu);
  if (!model) {
    model = trainIntentModel(packTrainingExamples(nlu), {
      seed: DEFAULT_TRAINING.seed,
      now: TRAINED_AT,
      features: { userWords: packUserWords(nlu) },
    });
    models.set(nlu, model);
  }
  return model;
}

/** An NLU engine for the pack: its model, vocabularies, red-flag rules and record numbers. */
export function createPackNluEngine(conversation: ConversationPack, options: PackNluOptions = {}): NluEngine {
  const { nlu } = conversation;
  return createNluEngine({
    model: packIntentModel(nlu),
    vocabularies: nlu.vocabularies ?? [],
    safetyRules: nlu.safetyRules ?? [],
    ...(nlu.recordNumberPattern ? { recordNumberPattern: nlu.recordNumberPattern } : {}),
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
}

import type { NluResult } from '../nlu/engine.ts';

// Whole-message answers to a confirmation, in both languages. Short words like 是 or ok carry too
// few features for a classifier to be sure of; a list is exact and explainable.
const YES = new Set([
  '是',
  '是的',
  '对',
  '对的',
  '对啊',
  '好',
  '好的',
  '好啊',
  '嗯',
  '嗯嗯',
  '确认',
  '确定',
  '没问题',
  '可以',
  '行',
  '正确',
  '同意',
  '我同意',
  '同意的',
  'agree',
  'i agree',
  'yes',
  'y',
  'yeah',
  'yep',
  'yup',
  'ok',
  'okay',
  'sure',
  'correct',
  'confirm',
  'confirmed',
  'right',
  'yes please',
  "that's right",
  'that is right',
]);
const NO = new Set([
  '不',
  '不是',
  '不同意',
  '我不同意',
  'disagree',
  'i disagree',
  'i do not agree',
  "i don't agree",
  '不对',
  '否',
  '不要',
  '不行',
  '错了',
  '不正确',
  'no',
  'n',
  'nope',
  'nah',
  'wrong',
  'incorrect',
  'not right',
  'no thanks',
  "that's wrong",
]);

const PUNCTUATION = /[\s。.!！?？,，~～…]+/gu;

export interface ConfirmIntents {
  readonly affirm?: string;
  readonly deny?: string;
}

/** A whole message that is one of the listed answers ("yes please", "不是"), whatever the classifier reads into it. */
export function listedYesOrNo(nlu: Pick<NluResult, 'text'>): 'yes' | 'no' | undefined {
  const words = nlu.text.toLowerCase().replace(PUNCTUATION, ' ').trim();
  if (NO.has(words)) return 'no';
  if (YES.has(words)) return 'yes';
  return undefined;
}

/** A yes, a no, or neither: the word lists first, then the pack's affirm and deny intents. */
export function yesOrNo(
  nlu: NluResult,
  intents: ConfirmIntents,
  threshold: number,
): 'yes' | 'no' | undefined {
  const listed = listedYesOrNo(nlu);
  if (listed) return listed;
  if (nlu.confidence < threshold) return undefined;
  if (intents.deny !== undefined && nlu.intent === intents.deny) return 'no';
  if (intents.affirm !== undefined && nlu.intent === intents.affirm) return 'yes';
  return undefined;
}

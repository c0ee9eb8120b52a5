import { isNegated } from './negation.ts';

export interface Sentiment {
  readonly label: 'neutral' | 'negative' | 'angry';
  /** 0 (calm) to 1 (furious). */
  readonly score: number;
  /** Hand the conversation to a person. */
  readonly escalate: boolean;
}

// Small, hand-checked lexicons: they only need to notice a customer who is upset, not grade
// opinions. Symptom words (难受, pain) are deliberately absent: being ill is not being angry.
const NEGATIVE =
  /不满意|不满|太差|很差|真差|糟糕|失望|太慢|好慢|慢死了|等了很久|等太久|讨厌|无语|坑人|后悔|麻烦死了|不靠谱|敷衍|态度差|态度很差|不专业|什么破|没用|烦死了|\b(?:bad|terrible|awful|horrible|disappointed|disappointing|frustrated|frustrating|annoyed|annoying|unhappy|useless|worst|waste|poor|unacceptable|ridiculous|rude|upset|slow)\b/g;
const ANGRY =
  /投诉|气死|生气|愤怒|垃圾|骗子|滚开|滚蛋|混蛋|太过分|忍无可忍|曝光|举报|告你们|退钱|他妈|妈的|傻逼|\b(?:angry|furious|outraged|complaint|complain|sue|lawyer|scam|fraud|wtf|damn|bullshit|fuck\w*|sick of|fed up|report you)\b/g;
const NEGATED_POSITIVE =
  /不(?:好|行|满意|方便|清楚|合理)|\bnot (?:good|happy|helpful|satisfied|acceptable|ok|okay)\b/g;

/**
 * `raw` is the message as typed: exclamation marks and SHOUTING are signals that
 * normalisation (case folding) would erase.
 */
export function detectSentiment(text: string, raw: string = text): Sentiment {
  const count = (pattern: RegExp) => {
    let n = 0;
    for (const m of text.matchAll(pattern)) if (!isNegated(text, m.index)) n++;
    return n;
  };
  const angry = count(ANGRY);
  const negative = count(NEGATIVE) + [...text.matchAll(NEGATED_POSITIVE)].length;
  const exclamations = (raw.match(/[!！]/g) ?? []).length;
  const shouting = (raw.match(/\b[A-Z]{4,}\b/g) ?? []).length;
  const intensity = Math.min(exclamations, 3) * 0.1 + Math.min(shouting, 2) * 0.15;
  const score = Math.min(
    1,
    angry * 0.6 + negative * 0.3 + (angry + negative > 0 ? intensity : intensity / 2),
  );
  const label =
    angry > 0 || (negative > 0 && intensity >= 0.3) ? 'angry' : negative > 0 ? 'negative' : 'neutral';
  return { label, score: Math.round(score * 100) / 100, escalate: label === 'angry' };
}

import { confidentIntent, type Step, say, sayText, signal, type Turn } from './dialogue-turn.ts';
import type { KnowledgeAnswer } from './dialogue-types.ts';

/** The tenant's fixed answer to an intent, if it has one. */
export function autoReply(turn: Turn, intent: string): boolean {
  const rule = turn.dialogue.autoReplies.find((r) => r.intent === intent);
  if (!rule) return false;
  say(turn, 'auto', rule.text, rule.suggestions ? { suggestions: rule.suggestions[turn.locale] } : {});
  return true;
}

/** An FAQ answer from the knowledge base, cited, if retrieval is confident enough. */
export async function knowledgeAnswer(turn: Turn, intent: string): Promise<boolean> {
  const { input } = turn;
  let hit: KnowledgeAnswer | undefined;
  try {
    hit = await turn.deps.knowledge({ text: input.text, locale: turn.locale, intent });
  } catch (error) {
    // Retrieval failing is no reason to lose the message: it becomes a fallback, with a human offered.
    turn.deps.onPortError?.('knowledge', error);
    return false;
  }
  if (!hit || hit.confidence < turn.dialogue.knowledgeThreshold) return false;
  say(turn, 'answer', hit.body, { citation: { articleId: hit.articleId, title: hit.title } });
  return true;
}

export const autoReplyStep: Step = async (turn) => {
  const intent = confidentIntent(turn);
  return intent !== undefined && autoReply(turn, intent);
};

export const knowledgeStep: Step = (turn) => knowledgeAnswer(turn, turn.input.nlu.intent);

const DEFAULT_MAX_FALLBACKS = 2;

/** Not understood: ask to rephrase and offer a human; after repeated misses, hand over. */
export const fallbackStep: Step = async (turn) => {
  const fallbacks = turn.state.fallbacks + 1;
  if (fallbacks >= (turn.dialogue.maxFallbacks ?? DEFAULT_MAX_FALLBACKS)) {
    sayText(turn, 'handoff', 'handoff');
    signal(turn, { type: 'handoff', reason: 'fallback' });
    turn.state = { ...turn.state, fallbacks: 0, offeredHuman: undefined };
    return true;
  }
  sayText(turn, 'fallback', 'fallback');
  turn.state = { ...turn.state, fallbacks, offeredHuman: true };
  return true;
};

import { describe, expect, it } from 'vitest';
import type { NluResult } from '../nlu/engine.ts';
import { listedYesOrNo, yesOrNo } from './confirm-words.ts';

/** Just what the confirmation reads of a parse: the text, the intent and its confidence. */
const parse = (text: string, intent: string, confidence: number) =>
  ({ text, intent, confidence }) as unknown as NluResult;
const intents = { affirm: 'affirm', deny: 'deny' };

describe('answers to a confirmation', () => {
  it('takes a listed answer whatever the classifier read into it', () => {
    // A classifier may read "yes please" as a request for staff; the list says it is a yes.
    expect(listedYesOrNo(parse('Yes please!', 'human_agent', 0.5))).toBe('yes');
    expect(yesOrNo(parse('yes please', 'human_agent', 0.5), intents, 0.3)).toBe('yes');
    expect(listedYesOrNo(parse('不是。', 'greeting', 0.9))).toBe('no');
    expect(listedYesOrNo(parse('yes but on Friday', 'affirm', 0.9))).toBeUndefined();
  });

  it('falls back to the pack’s intents above the threshold only', () => {
    expect(yesOrNo(parse('sounds good to me', 'affirm', 0.8), intents, 0.5)).toBe('yes');
    expect(yesOrNo(parse('sounds good to me', 'affirm', 0.4), intents, 0.5)).toBeUndefined();
    expect(yesOrNo(parse('rather not', 'deny', 0.8), intents, 0.5)).toBe('no');
  });
});

import { describe, expect, it } from 'vitest';
import { testConversation, testPack } from '../../testing/test-pack.ts';
import type { ConversationPack } from './conversation-pack.ts';
import { type VerticalPack, validatePacks } from './vertical-pack.ts';

const withConversation = (change: (c: ConversationPack) => unknown): VerticalPack => ({
  ...testPack,
  conversation: change(testConversation) as ConversationPack,
});

describe('validatePacks', () => {
  it('accepts a pack without conversation data and the test pack', () => {
    const bare: VerticalPack = {
      id: 'bare',
      title: { en: 'Bare' },
      demoTenant: { slug: 'demo-bare', name: 'Bare', vertical: 'bare', locale: 'en', timeZone: 'UTC' },
    };
    expect(validatePacks([bare, testPack])).toHaveLength(2);
  });

  it.each<[string, (c: ConversationPack) => unknown, string]>([
    [
      'a missing dialogue text',
      (c) => ({ ...c, dialogue: { ...c.dialogue, texts: { ...c.dialogue.texts, goodbye: undefined } } }),
      'conversation.dialogue.texts.goodbye',
    ],
    [
      'a threshold above 1',
      (c) => ({ ...c, dialogue: { ...c.dialogue, intentThreshold: 1.5 } }),
      'conversation.dialogue.intentThreshold',
    ],
    [
      'an unknown mask kind',
      (c) => ({ ...c, classification: [{ field: 'x', classification: 'pii', mask: 'blur' }] }),
      'conversation.classification.0.mask',
    ],
    [
      'a role that does not exist',
      (c) => ({
        ...c,
        rolePresets: [{ name: 'x', roles: ['janitor'], description: c.rolePresets[0]?.description }],
      }),
      'conversation.rolePresets.0.roles.0',
    ],
    [
      'a safety pattern that is not a regular expression',
      (c) => ({
        ...c,
        nlu: { ...c.nlu, safetyRules: [{ id: 'x', severity: 'emergency', patterns: ['(胸痛'] }] },
      }),
      'conversation.nlu.safetyRules.0.patterns.0: not a valid regular expression',
    ],
    [
      'a global intent the pack does not train',
      (c) => ({
        ...c,
        dialogue: { ...c.dialogue, globalIntents: { ...c.dialogue.globalIntents, human: 'agent' } },
      }),
      'conversation.dialogue.globalIntents.human: unknown intent "agent"',
    ],
    [
      'a FAQ seed given twice in one locale',
      (c) => ({ ...c, faqSeeds: [...c.faqSeeds, c.faqSeeds[0]] }),
      'conversation.faqSeeds.6.key: FAQ seed "opening-hours" (zh-CN) is defined twice',
    ],
    [
      'a flow slot of an unknown entity type',
      (c) => ({
        ...c,
        flows: c.flows.map((f) => ({
          ...f,
          slots: f.slots.map((s) => (s.name === 'department' ? { ...s, entity: 'ward' } : s)),
        })),
      }),
      'conversation.flows.0.slots.0.entity: slot "department" uses unknown entity type "ward"',
    ],
    [
      'a flow that refers to an unknown slot',
      (c) => ({
        ...c,
        flows: c.flows.map((f) => ({
          ...f,
          states: f.states.map((s) => (s.id === 'ask_date' ? { ...s, slot: 'day' } : s)),
        })),
      }),
      'conversation.flows.0.states.1.slot: state "ask_date" refers to unknown slot "day"',
    ],
    [
      'two flows started by one intent',
      (c) => ({ ...c, flows: [...c.flows, { ...c.flows[0], id: 'book-again' }] }),
      'conversation.flows.1.trigger: intent "book_visit" already starts flow "book-visit"',
    ],
  ])('rejects %s, naming the pack and the path', (_name, change, expected) => {
    const run = () => validatePacks([withConversation(change)]);
    expect(run).toThrow('pack "testpack" has invalid conversation data');
    expect(run).toThrow(expected);
  });
});

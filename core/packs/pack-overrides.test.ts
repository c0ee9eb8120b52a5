import { describe, expect, it } from 'vitest';
import { bookVisitFlow, testConversation } from '../../testing/test-pack.ts';
import { checkConversationPack } from './conversation-pack.schema.ts';
import { layerPack, tenantPackOverridesSchema } from './pack-overrides.ts';

const pack = testConversation;

describe('layerPack', () => {
  it('with no overrides is the pack, and shares its NLU data', () => {
    const layered = layerPack(pack, {});
    expect(layered).toEqual(pack);
    expect(layered.nlu).toBe(pack.nlu);
  });

  it('replaces one language of one text and keeps the other', () => {
    const layered = layerPack(pack, { texts: { greeting: { en: 'Welcome to the synthetic clinic.' } } });
    expect(layered.dialogue.texts.greeting).toEqual({
      'zh-CN': pack.dialogue.texts.greeting['zh-CN'],
      en: 'Welcome to the synthetic clinic.',
    });
    expect(layered.dialogue.texts.goodbye).toEqual(pack.dialogue.texts.goodbye);
  });

  it('overrides thresholds and the timeout, replaces auto-replies', () => {
    const rules = [{ intent: 'parking', text: { 'zh-CN': '请走东门。', en: 'Use the east gate.' } }];
    const layered = layerPack(pack, {
      intentThreshold: 0.8,
      knowledgeThreshold: 0.2,
      timeoutMinutes: 5,
      autoReplies: rules,
    });
    expect(layered.dialogue).toMatchObject({
      intentThreshold: 0.8,
      knowledgeThreshold: 0.2,
      timeoutMinutes: 5,
      autoReplies: rules,
    });
    expect(layerPack(pack, { autoReplies: [] }).dialogue.autoReplies).toEqual([]);
  });

  it('replaces a flow by id and adds a new one', () => {
    const v2 = { ...bookVisitFlow, version: 2, title: { 'zh-CN': '预约', en: 'Visit' } };
    const other = { ...bookVisitFlow, id: 'book-tour', trigger: [] };
    const layered = layerPack(pack, { flows: [v2, other] });
    expect(layered.flows).toEqual([v2, other]);
  });

  it('disables FAQ seeds in every locale, ignoring keys the pack no longer has', () => {
    const layered = layerPack(pack, { disabledFaqSeeds: ['parking', 'gone'] });
    expect(layered.faqSeeds.map((s) => `${s.key}/${s.locale}`)).toEqual([
      'opening-hours/zh-CN',
      'opening-hours/en',
      'visiting-rules/zh-CN',
      'visiting-rules/en',
    ]);
  });

  it('does not change the pack, and the result is still a valid pack', () => {
    const before = JSON.stringify(pack);
    const layered = layerPack(pack, {
      texts: { goodbye: { 'zh-CN': '再会' } },
      disabledFaqSeeds: ['parking'],
    });
    expect(JSON.stringify(pack)).toBe(before);
    expect(checkConversationPack(layered)).toEqual([]);
  });

  it('overrides are validated before they are layered', () => {
    expect(tenantPackOverridesSchema.safeParse({ intentThreshold: 2 }).success).toBe(false);
    expect(tenantPackOverridesSchema.safeParse({ texts: { welcome: { en: 'x' } } }).success).toBe(false);
    expect(tenantPackOverridesSchema.safeParse({ texts: { greeting: { en: '' } } }).success).toBe(false);
    expect(tenantPackOverridesSchema.parse({ texts: { greeting: { en: 'Hi' } } })).toEqual({
      texts: { greeting: { en: 'Hi' } },
    });
  });
});

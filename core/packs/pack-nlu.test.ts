import { describe, expect, it } from 'vitest';
import { testConversation } from '../../testing/test-pack.ts';
import { createPackNluEngine, packIntentModel } from './pack-nlu.ts';
import { layerPack } from './pack-overrides.ts';

const now = new Date('2026-12-01T02:00:00Z'); // Tuesday 10:00 in Asia/Shanghai
const engine = createPackNluEngine(testConversation, { clock: () => now });
const threshold = testConversation.dialogue.intentThreshold;

describe('the test pack NLU engine', () => {
  it('classifies every training utterance of the pack above the dialogue threshold', () => {
    const misses = testConversation.nlu.intents.flatMap((intent) =>
      [...(intent.utterances.zh ?? []), ...(intent.utterances.en ?? [])].flatMap((text) => {
        const r = engine.parse(text);
        return r.intent === intent.name && r.confidence >= threshold
          ? []
          : [`${text} → ${r.intent} ${r.confidence}`];
      }),
    );
    expect(misses).toEqual([]);
  });

  it.each([
    ['您好', 'greeting'],
    ['我想预约心内科', 'book_visit'],
    ['I want to book cardiology', 'book_visit'],
    ['停车场在哪里', 'parking'],
    ['where can I park', 'parking'],
    ['几点开门', 'opening_hours'],
    ['what are your opening hours', 'opening_hours'],
    ['探视时间', 'visiting_rules'],
    ['转人工', 'human'],
    ['talk to a person', 'human'],
    ['取消', 'cancel'],
    ['cancel', 'cancel'],
    ['重新开始', 'restart'],
    ['start over', 'restart'],
    ['再见', 'goodbye'],
    ['my name is Alex Chen', 'provide_name'],
    ['谢谢', 'thanks'],
  ])('%s → %s', (text, intent) => {
    const r = engine.parse(text);
    expect(r.intent).toBe(intent);
    expect(r.confidence).toBeGreaterThanOrEqual(threshold);
  });

  it('finds departments, dates and the red flag', () => {
    expect(engine.parse('我想挂心血管内科').entities).toMatchObject([
      { type: 'department', value: 'cardiology' },
    ]);
    expect(engine.parse('改成周五').entities).toMatchObject([{ type: 'date', value: '2026-12-04' }]);
    expect(engine.parse('actually make it Friday').entities).toMatchObject([
      { type: 'date', value: '2026-12-04' },
    ]);
    expect(engine.parse('我胸口疼得厉害').safety).toMatchObject({ flagged: true, severity: 'emergency' });
    expect(engine.parse('I have chest pain').safety.matches.map((m) => m.rule)).toEqual(['chest_pain']);
    expect(engine.parse('没有胸痛').safety.flagged).toBe(false);
  });

  it('trains once per pack: tenants layered on it share the model', () => {
    const model = packIntentModel(testConversation.nlu);
    expect(packIntentModel(layerPack(testConversation, { intentThreshold: 0.9 }).nlu)).toBe(model);
    const other = createPackNluEngine(layerPack(testConversation, {}), { timeZone: 'Europe/London' });
    expect(other.modelVersion).toBe(engine.modelVersion);
  });

  it('gives the same model version in every process (fixed seed and creation time)', () => {
    const retrained = packIntentModel({ ...testConversation.nlu });
    expect(retrained).not.toBe(packIntentModel(testConversation.nlu));
    expect(retrained.metadata.version).toBe(engine.modelVersion);
  });
});

import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createNluEngine } from './engine.ts';
import { deserializeModel, serializeModel } from './model-artefact.ts';
import { createNluService } from './nlu-service.ts';
import { syntheticExamples } from './synthetic-intents.fixture.ts';
import { trainIntentModel } from './train-intent.ts';

const NOW = new Date('2025-01-01T00:00:00Z');

describe('hot swap', () => {
  it('keeps parsing while a new model is swapped in, switching versions exactly once', async () => {
    const v1 = createNluEngine({ model: trainIntentModel(syntheticExamples([0, 1]), { now: NOW }) });
    const v2model = deserializeModel(
      serializeModel(trainIntentModel(syntheticExamples([2, 3]), { now: NOW })),
    );
    const v2 = createNluEngine({ model: v2model });
    expect(v1.modelVersion).not.toBe(v2.modelVersion);

    const service = createNluService(v1);
    const seen: string[] = [];
    let failures = 0;
    const parser = (async () => {
      for (let i = 0; i < 400; i++) {
        try {
          const r = service.parse(i % 2 ? '帮我挂眼科的号' : 'how much is dermatology');
          if (!r.intent) failures++;
          seen.push(r.modelVersion);
        } catch {
          failures++;
        }
        await tick();
      }
    })();
    const swapper = (async () => {
      for (let i = 0; i < 100; i++) await tick();
      expect(service.swap(v2)).toBe(v1.modelVersion);
    })();
    await Promise.all([parser, swapper]);

    expect(failures).toBe(0);
    expect(service.modelVersion).toBe(v2.modelVersion);
    // All v1 results come before all v2 results: one switch, never back.
    const firstV2 = seen.indexOf(v2.modelVersion);
    expect(firstV2).toBeGreaterThan(0);
    expect(seen.slice(0, firstV2).every((v) => v === v1.modelVersion)).toBe(true);
    expect(seen.slice(firstV2).every((v) => v === v2.modelVersion)).toBe(true);
  });
});

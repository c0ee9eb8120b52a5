import { describe, expect, it } from 'vitest';
import { createIntentClassifier, OUT_OF_SCOPE } from './intent-model.ts';
import { deserializeModel, ModelFormatError, serializeModel } from './model-artefact.ts';
import { normalizeText } from './normalize.ts';
import { OUT_OF_SCOPE_TEXTS, syntheticExamples } from './synthetic-intents.fixture.ts';
import { REFIT_EPOCHS, TrainingDataError, trainIntentModel } from './train-intent.ts';

const NOW = new Date('2025-01-01T00:00:00Z');
const train = syntheticExamples([0, 1, 2, 3]);
// Held-out department (口腔科 / dental) never seen in training: the model must generalise
// from the phrasing, not memorise department names.
const heldOut = syntheticExamples([4]);
const model = trainIntentModel(train, { now: NOW });
const classify = createIntentClassifier(model);
const predict = (text: string) => classify.predict(normalizeText(text).text);

describe('intent classifier', () => {
  it('learns the intents and generalises to unseen slot values', () => {
    const right = heldOut.filter((e) => predict(e.text).intent === e.intent).length;
    expect(right / heldOut.length).toBeGreaterThanOrEqual(0.9);
  });

  it('is deterministic for a seed and changes with another seed', () => {
    expect(trainIntentModel(train, { now: NOW }).metadata.version).toBe(model.metadata.version);
    expect(trainIntentModel(train, { now: NOW, seed: 2 }).metadata.version).not.toBe(model.metadata.version);
  });

  it('records what it was trained on', () => {
    expect(model.metadata).toMatchObject({
      examples: train.length,
      createdAt: NOW.toISOString(),
      threshold: 0,
    });
    expect(model.metadata.trainingDataHash).toMatch(/^[0-9a-f]{64}$/);
    expect(model.metadata.labels).toEqual([
      'ask_price',
      'book_appointment',
      'cancel_appointment',
      'opening_hours',
    ]);
  });

  it('adds the SVM term by default on small data, records it, and keeps softmax-like confidences', () => {
    const svm = model.metadata.training.svm;
    expect(svm).toMatchObject({ c: 0.3, passes: 10, weight: 8 });
    expect(svm?.temperature).toBeGreaterThan(1);
    const plain = trainIntentModel(train, { now: NOW, svm: false });
    expect(plain.metadata.training.svm).toBeNull();
    expect(plain.metadata.version).not.toBe(model.metadata.version);
    const right = heldOut.filter((e) => predict(e.text).intent === e.intent);
    const mean = right.reduce((s, e) => s + predict(e.text).confidence, 0) / right.length;
    expect(mean).toBeGreaterThan(0.5);
    expect(mean).toBeLessThan(0.999);
  });

  it('rejects training data with fewer than two intents', () => {
    expect(() => trainIntentModel([{ text: 'a', intent: 'x' }])).toThrow(TrainingDataError);
  });
});

describe('out-of-scope threshold', () => {
  const tune = [
    ...heldOut.slice(0, 20),
    ...OUT_OF_SCOPE_TEXTS.map((text) => ({ text, intent: OUT_OF_SCOPE })),
  ];
  const tuned = trainIntentModel(train, { now: NOW, tune, maxInScopeLoss: 0.05 });
  const tunedClassifier = createIntentClassifier(tuned);
  const p = (text: string) => tunedClassifier.predict(normalizeText(text).text);

  it('is calibrated on the tuning split and rejects text unlike the training data', () => {
    expect(tuned.metadata.threshold).toBeGreaterThan(0);
    expect(p('明天天气怎么样').intent).toBe(OUT_OF_SCOPE);
    expect(p('play some music for me').intent).toBe(OUT_OF_SCOPE);
    // A training phrasing well inside the in-scope confidences: with 20 tuning examples the
    // threshold is their second-lowest confidence, so probes near it flip on any model change.
    expect(p('我想预约眼科').intent).toBe('book_appointment');
    expect(p('how much is cardiology').intent).toBe('ask_price');
  });

  it('answers out_of_scope for text with no known feature, whatever the threshold', () => {
    expect(predict('🙂🙂🙂').intent).toBe(OUT_OF_SCOPE);
    expect(predict('').intent).toBe(OUT_OF_SCOPE);
  });

  it('rejects everything below a fixed threshold of 1', () => {
    const strict = createIntentClassifier(trainIntentModel(train, { now: NOW, threshold: 1 }));
    expect(strict.predict('帮我挂心内科的号').intent).toBe(OUT_OF_SCOPE);
  });
});

describe('model artefact', () => {
  it('round-trips to identical predictions', () => {
    const loaded = deserializeModel(serializeModel(model));
    expect(loaded.metadata).toEqual(model.metadata);
    const again = createIntentClassifier(loaded);
    for (const e of heldOut) expect(again.predict(normalizeText(e.text).text)).toEqual(predict(e.text));
  });

  it('refuses corrupt and foreign files', () => {
    const bytes = serializeModel(model);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 5] = (flipped[flipped.length - 5] as number) ^ 0xff;
    expect(() => deserializeModel(flipped)).toThrow(/checksum/);
    expect(() => deserializeModel(bytes.subarray(0, bytes.length - 8))).toThrow(ModelFormatError);
    expect(() => deserializeModel(Buffer.from('{"not":"a model"}'))).toThrow(/not a Custos NLU model/);
  });

  it('refuses an older format with a clear message', () => {
    const bytes = serializeModel(model);
    const at = bytes.indexOf('"format":2');
    const old = Buffer.from(bytes);
    old.write('"format":1', at);
    expect(() => deserializeModel(old)).toThrow(/unsupported model format 1 .*retrain/);
  });
});

describe('refit on the tuning split', () => {
  const tune = syntheticExamples([4]);
  const calibrated = trainIntentModel(train, { now: NOW, tune, refit: false });

  it('is off by default for a small tuning split', () => {
    expect(tune.length).toBeLessThan(1000);
    expect(trainIntentModel(train, { now: NOW, tune }).metadata.version).toBe(calibrated.metadata.version);
  });

  it('keeps the threshold calibrated without the tuning data and then learns from it', () => {
    const refit = trainIntentModel(train, { now: NOW, tune, refit: true });
    const calibration = trainIntentModel(train, { now: NOW, tune, refit: false, epochs: REFIT_EPOCHS });
    expect(refit.metadata.threshold).toBe(calibration.metadata.threshold);
    expect(refit.metadata.training.epochs).toBe(REFIT_EPOCHS);
    expect(refit.metadata.examples).toBe(train.length + tune.length);
    expect(refit.metadata.trainingDataHash).not.toBe(calibrated.metadata.trainingDataHash);
  });
});

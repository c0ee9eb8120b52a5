import { describe, expect, it } from 'vitest';
import { createIntentClassifier, normalizeText, packIntentModel } from '../../../core/index.ts';
import { medicalNlu } from '../conversation.ts';
import { EMERGENCY_INTENT_CONFIDENCE } from '../triage-port.ts';
import { medicalSafety } from './safety.ts';
import { BENIGN_EN, BENIGN_ZH, EMERGENCY_EN, EMERGENCY_ZH } from './safety-dev-set.ts';

// At most this share of benign messages may be flagged, by a rule or by the classifier.
const MAX_FALSE_FLAGS = 0.03;

const SETS = [
  ['zh', EMERGENCY_ZH, BENIGN_ZH],
  ['en', EMERGENCY_EN, BENIGN_EN],
] as const;

describe('red flags on the development sets', () => {
  it('has at least 60 emergencies and 80 benign messages per language, none repeated', () => {
    for (const [, emergencies, benign] of SETS) {
      expect(emergencies.length).toBeGreaterThanOrEqual(60);
      expect(benign.length).toBeGreaterThanOrEqual(80);
      expect(new Set([...emergencies, ...benign]).size).toBe(emergencies.length + benign.length);
    }
  });

  for (const [language, emergencies, benign] of SETS) {
    it(`flags every emergency by rule (${language})`, () => {
      expect(emergencies.filter((text) => !medicalSafety(text).emergency)).toEqual([]);
    });

    it(`flags at most ${MAX_FALSE_FLAGS * 100} % of benign messages by rule (${language})`, () => {
      const flagged = benign.filter((text) => medicalSafety(text).emergency);
      expect(flagged.length / benign.length, flagged.join('\n')).toBeLessThanOrEqual(MAX_FALSE_FLAGS);
    });
  }
});

describe('the pack classifier on the development sets', () => {
  const classifier = createIntentClassifier(packIntentModel(medicalNlu));
  const flagsEmergency = (text: string) => {
    const p = classifier.predict(normalizeText(text).text);
    return p.intent === 'emergency' && p.confidence >= EMERGENCY_INTENT_CONFIDENCE;
  };

  for (const [language, emergencies, benign] of SETS) {
    it(`calls at most ${MAX_FALSE_FLAGS * 100} % of benign messages an emergency (${language})`, () => {
      const flagged = benign.filter(flagsEmergency);
      expect(flagged.length / benign.length, flagged.join('\n')).toBeLessThanOrEqual(MAX_FALSE_FLAGS);
    });

    it(`still calls most emergencies an emergency (${language})`, () => {
      const called = emergencies.filter(flagsEmergency);
      expect(called.length / emergencies.length).toBeGreaterThanOrEqual(0.7);
    });
  }
});

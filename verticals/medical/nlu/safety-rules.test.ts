import { describe, expect, it } from 'vitest';
import { createSafetyDetector, normalizeText } from '../../../core/index.ts';
import { medicalSafetyRules } from './safety-rules.ts';

// One message in each language that each rule, alone, must raise.
const EXAMPLES: Readonly<Record<string, readonly [zh: string, en: string]>> = {
  chest_pain_breathless: ['胸口疼，喘不上气', 'chest pain and I am sweating'],
  chest_pain: ['胸口疼', 'pain in my chest'],
  stroke_signs: ['说话含糊，嘴歪', 'his speech is slurred'],
  severe_bleeding: ['血止不住', 'bleeding profusely'],
  unconscious: ['突然晕过去了', 'she collapsed'],
  anaphylaxis: ['过敏性休克', 'her throat is closing'],
  seizure: ['全身抽搐', 'he is having a seizure'],
  self_harm: ['我想自杀', 'I want to kill myself'],
  infant_fever: ['宝宝高烧不退', 'my baby has a fever of 40 degrees'],
  poisoning: ['误服了老鼠药', 'took too many pills'],
  severe_trauma: ['从楼上掉下来了', 'hit by a car'],
  breathing_difficulty: ['喘不过气', 'gasping for air'],
  severe_burn: ['全身烫伤', 'third-degree burns'],
  pregnancy_bleeding: ['孕早期出血', 'pregnant and spotting'],
  fever_stiff_neck: ['发烧，脖子僵硬', 'high fever and my neck is stiff'],
  thunderclap_headache: ['突然剧烈头痛', 'sudden severe headache'],
  very_high_fever: ['发烧40度', 'fever of 104'],
  infant_fever_danger: ['新生儿发烧了', 'my baby has a fever and is floppy'],
  acute_abdomen: ['肚子突然剧痛', 'sudden severe stomach pain'],
};

describe('medical safety rules', () => {
  it('have stable, unique, snake_case ids', () => {
    const ids = medicalSafetyRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z_]+$/);
    expect(ids.sort()).toEqual(Object.keys(EXAMPLES).sort());
  });

  it('compile as the detector compiles them', () => {
    for (const rule of medicalSafetyRules)
      for (const pattern of rule.patterns) expect(() => new RegExp(pattern, 'giu'), pattern).not.toThrow();
  });

  it('rank only chest pain, a baby with fever and a very high fever as urgent', () => {
    expect(medicalSafetyRules.filter((r) => r.severity === 'urgent').map((r) => r.id)).toEqual([
      'chest_pain',
      'infant_fever',
      'very_high_fever',
    ]);
  });

  for (const rule of medicalSafetyRules) {
    const detect = createSafetyDetector([rule]);
    it.each(EXAMPLES[rule.id] ?? [])(`${rule.id}: %s`, (text) =>
      expect(detect(normalizeText(text).text).matches.map((m) => m.rule)).toEqual([rule.id]),
    );
  }
});

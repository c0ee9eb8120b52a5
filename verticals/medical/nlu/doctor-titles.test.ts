import { describe, expect, it } from 'vitest';
import { createNluEngine, normalizeText, trainIntentModel } from '../../../core/index.ts';
import { DOCTOR_TITLES, doctorTitleVocabulary } from './doctor-titles.ts';

const engine = createNluEngine({
  model: trainIntentModel([
    { text: '我要挂号', intent: 'book' },
    { text: 'book an appointment', intent: 'book' },
    { text: '几点开门', intent: 'hours' },
    { text: 'opening hours', intent: 'hours' },
  ]),
  vocabularies: [doctorTitleVocabulary],
});
const titles = (text: string) =>
  engine
    .parse(text)
    .entities.filter((e) => e.type === 'doctor_title')
    .map((e) => e.value);

describe('doctor titles', () => {
  it('has one entry per title and no form claimed by two titles', () => {
    expect(doctorTitleVocabulary.entries.map((e) => e.value)).toEqual(DOCTOR_TITLES.map((t) => t.id));
    const owner = new Map<string, string>();
    for (const entry of doctorTitleVocabulary.entries)
      for (const form of entry.synonyms) {
        const key = normalizeText(form).text;
        expect(owner.get(key) ?? entry.value, form).toBe(entry.value);
        owner.set(key, entry.value);
      }
  });

  it.each([
    ['我要挂主任医师的号', 'chief_physician'],
    ['有主任的号吗', 'chief_physician'],
    ['副主任', 'associate_chief_physician'],
    ['副主任医师明天出诊吗', 'associate_chief_physician'],
    ['主治医生就行', 'attending_physician'],
    ['住院医师', 'resident_physician'],
    ['专家号还有吗', 'specialist'],
    ['普通号多少钱', 'general_clinic'],
    ['zhurenyishi', 'chief_physician'],
    ['is there a chief physician', 'chief_physician'],
    ['an associate chief please', 'associate_chief_physician'],
    ['the attending', 'attending_physician'],
    ['a resident is fine', 'resident_physician'],
    ['I want a specialist', 'specialist'],
  ])('%s → %s', (text, id) => expect(titles(text)).toEqual([id]));
});

import { describe, expect, it } from 'vitest';
import {
  analyzeArticle,
  conversationPackSchema,
  type FaqSeed,
  type IndexableArticle,
  KnowledgeIndex,
} from '../../../core/index.ts';
import { EDUCATION_INTENTS } from '../nlu/intents.ts';
import { educationFaqSeeds } from './faq.ts';
import { EDUCATION_FAQ_INTENTS } from './faq-seed.ts';

type Locale = FaqSeed['locale'];
const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
const BOUNDS = {
  'zh-CN': { titleMax: 12, bodyMin: 60, bodyMax: 250 },
  en: { titleMax: 6, bodyMin: 40, bodyMax: 180 },
} as const;

const keys = [...new Set(educationFaqSeeds.map((seed) => seed.key))];
const seedsIn = (locale: Locale) => educationFaqSeeds.filter((seed) => seed.locale === locale);
const pair = (key: string) =>
  LOCALES.map((locale) => educationFaqSeeds.find((seed) => seed.key === key && seed.locale === locale));

/** Chinese is measured in characters as printed (spaces aside), English in words. */
function measure(locale: Locale, text: string): number {
  return locale === 'zh-CN' ? [...text.replace(/\s/g, '')].length : text.split(/\s+/).filter(Boolean).length;
}

/** The question stripped of case, width and punctuation: two that agree here are one question. */
function questionKey(question: string): string {
  return question
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

describe('education FAQ seeds: shape', () => {
  it('has at least 40 topics, each exactly once per language', () => {
    expect(keys.length).toBeGreaterThanOrEqual(40);
    for (const key of keys) {
      for (const locale of LOCALES) {
        const found = educationFaqSeeds.filter((seed) => seed.key === key && seed.locale === locale);
        expect(found.length, `${key} in ${locale}`).toBe(1);
      }
    }
    expect(educationFaqSeeds.length).toBe(keys.length * LOCALES.length);
  });

  it('is accepted by the pack contract', () => {
    const result = conversationPackSchema.shape.faqSeeds.safeParse(educationFaqSeeds);
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it('keeps titles short and bodies between the bounds of each language', () => {
    for (const seed of educationFaqSeeds) {
      const { titleMax, bodyMin, bodyMax } = BOUNDS[seed.locale];
      const label = `${seed.key} (${seed.locale})`;
      expect(measure(seed.locale, seed.title), `${label} title`).toBeLessThanOrEqual(titleMax);
      expect(measure(seed.locale, seed.body), `${label} body`).toBeGreaterThanOrEqual(bodyMin);
      expect(measure(seed.locale, seed.body), `${label} body`).toBeLessThanOrEqual(bodyMax);
      expect(seed.title).toBe(seed.title.trim());
      expect(seed.body).toBe(seed.body.trim());
    }
  });

  it('asks each article 4 to 8 ways, and no way twice in a language', () => {
    for (const locale of LOCALES) {
      const askedBy = new Map<string, string>();
      for (const seed of seedsIn(locale)) {
        expect(seed.questions.length, seed.key).toBeGreaterThanOrEqual(4);
        expect(seed.questions.length, seed.key).toBeLessThanOrEqual(8);
        for (const question of seed.questions) {
          const same = questionKey(question);
          expect(same, `${seed.key}: "${question}"`).not.toBe('');
          expect(askedBy.get(same), `"${question}" of ${seed.key} is asked elsewhere`).toBeUndefined();
          askedBy.set(same, seed.key);
        }
      }
    }
  });

  it('links an article to an admissions intent or none, the same in both languages', () => {
    const allowed = new Set<string>(EDUCATION_FAQ_INTENTS);
    for (const key of keys) {
      const [zh, en] = pair(key);
      if (zh?.intent !== undefined) expect(allowed, key).toContain(zh.intent);
      expect(en?.intent, key).toBe(zh?.intent);
      expect(en?.tags, key).toEqual(zh?.tags);
    }
  });

  it('links only to intents the school pack classifies messages into', () => {
    expect(EDUCATION_INTENTS).toEqual(expect.arrayContaining([...EDUCATION_FAQ_INTENTS]));
  });

  it('uses only the demo school’s invented contact details', () => {
    for (const seed of educationFaqSeeds) {
      // Phone numbers are 400-000-xxxx placeholders; nothing that looks like a mobile number.
      expect(seed.body, seed.key).not.toMatch(/1[3-9]\d{9}/);
      for (const phone of seed.body.match(/\d{3,4}-\d{3,4}-\d{3,4}/g) ?? []) {
        expect(phone, seed.key).toMatch(/^400-000-\d{4}$/);
      }
      for (const email of seed.body.match(/[\w.-]+@[\w.-]+\w/g) ?? []) {
        expect(email, seed.key).toMatch(/@school\.example$/);
      }
    }
  });
});

function indexable(seed: FaqSeed, questions: readonly string[] = seed.questions): IndexableArticle {
  return {
    id: `${seed.key}@${seed.locale}`,
    key: seed.key,
    locale: seed.locale,
    title: seed.title,
    body: seed.body,
    questions,
    intent: seed.intent ?? null,
    revision: 1,
  };
}

const bestKey = (index: KnowledgeIndex, text: string) => index.search(text, { limit: 1 })[0]?.article.key;
const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;

describe.each(LOCALES)('education FAQ seeds: retrieval in %s', (locale) => {
  const seeds = seedsIn(locale);

  it('finds each article first by its own first question in at least 95% of cases', () => {
    const index = new KnowledgeIndex(seeds.map((seed) => indexable(seed)));
    const missed = seeds.filter((seed) => bestKey(index, seed.questions[0] as string) !== seed.key);
    const rate = 1 - missed.length / seeds.length;
    console.info(`[education faq] ${locale} first question top-1: ${percent(rate)} of ${seeds.length}`);
    expect(rate, missed.map((seed) => `${seed.key}: ${seed.questions[0]}`).join('; ')).toBeGreaterThanOrEqual(
      0.95,
    );
  });

  // A reworded question is not in the article: leave each variant out in turn and ask it, so the
  // article must be found through its title, body and remaining variants.
  it('finds an article by a variant it no longer lists in at least 80% of cases', () => {
    const analysis = new Map(seeds.map((seed) => [seed.key, analyzeArticle(seed)]));
    const missed: string[] = [];
    let asked = 0;
    for (const seed of seeds) {
      for (const question of seed.questions) {
        const rest = seed.questions.filter((other) => other !== question);
        const without = indexable(seed, rest);
        // Title and body are unchanged: only the remaining variants need analysing again.
        const { title, body } = analysis.get(seed.key) ?? analyzeArticle(seed);
        const { questions } = analyzeArticle({ title: '', body: '', questions: rest });
        const heldOut = { title, body, questions };
        const index = new KnowledgeIndex(
          seeds.map((other) => (other === seed ? without : indexable(other))),
          { reuse: (article) => (article === without ? heldOut : analysis.get(article.key ?? '')) },
        );
        asked++;
        if (bestKey(index, question) !== seed.key) missed.push(`${seed.key}: ${question}`);
      }
    }
    const rate = 1 - missed.length / asked;
    console.info(`[education faq] ${locale} held-out variant top-1: ${percent(rate)} of ${asked}`);
    expect(rate, missed.join('; ')).toBeGreaterThanOrEqual(0.8);
  });
});

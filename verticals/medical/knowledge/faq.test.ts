import { describe, expect, it } from 'vitest';
import {
  analyzeArticle,
  conversationPackSchema,
  type FaqSeed,
  type IndexableArticle,
  KnowledgeIndex,
} from '../../../core/index.ts';
import { medicalFaqSeeds } from './faq.ts';
import { MEDICAL_FAQ_INTENTS } from './faq-seed.ts';

const LOCALES = ['zh-CN', 'en'] as const;
const keys = [...new Set(medicalFaqSeeds.map((seed) => seed.key))];
const inLocale = (locale: FaqSeed['locale']) => medicalFaqSeeds.filter((seed) => seed.locale === locale);

// Characters for Chinese (punctuation and Latin included, as a reader sees them), words for English.
const lengthOf = (seed: FaqSeed, text: string) =>
  seed.locale === 'zh-CN' ? [...text.replace(/\s+/g, '')].length : text.split(/\s+/).filter(Boolean).length;
// Two questions that differ only in case, width, spacing or punctuation are the same question.
const sameQuestion = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');

describe('medical FAQ seeds: shape', () => {
  it('cover at least 40 topics, each once in Chinese and once in English', () => {
    expect(keys.length).toBeGreaterThanOrEqual(40);
    for (const key of keys) {
      for (const locale of LOCALES) {
        const versions = medicalFaqSeeds.filter((seed) => seed.key === key && seed.locale === locale);
        expect(versions, `${key} (${locale})`).toHaveLength(1);
      }
    }
    expect(medicalFaqSeeds).toHaveLength(keys.length * 2);
  });

  it('pass the pack contract', () => {
    const parsed = conversationPackSchema.shape.faqSeeds.safeParse(medicalFaqSeeds);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('keep titles short and bodies within bounds', () => {
    for (const seed of medicalFaqSeeds) {
      const where = `${seed.key} (${seed.locale})`;
      const [titleMax, bodyMin, bodyMax] = seed.locale === 'zh-CN' ? [12, 60, 250] : [6, 40, 180];
      expect(lengthOf(seed, seed.title), `${where} title`).toBeLessThanOrEqual(titleMax);
      const body = lengthOf(seed, seed.body);
      expect(body, `${where} body`).toBeGreaterThanOrEqual(bodyMin);
      expect(body, `${where} body`).toBeLessThanOrEqual(bodyMax);
      expect(seed.body.trim()).toBe(seed.body);
      expect(seed.title.trim()).toBe(seed.title);
    }
  });

  it('give 4 to 8 ways of asking, none shared with another article', () => {
    for (const locale of LOCALES) {
      const owner = new Map<string, string>();
      for (const seed of inLocale(locale)) {
        expect(seed.questions.length, seed.key).toBeGreaterThanOrEqual(4);
        expect(seed.questions.length, seed.key).toBeLessThanOrEqual(8);
        for (const question of seed.questions) {
          const same = sameQuestion(question);
          expect(same.length, `${seed.key}: "${question}"`).toBeGreaterThan(0);
          expect(owner.get(same), `"${question}" in ${seed.key}`).toBeUndefined();
          owner.set(same, seed.key);
        }
      }
    }
  });

  it('link only to medical intents, the same in both languages', () => {
    const intents: readonly (string | undefined)[] = [...MEDICAL_FAQ_INTENTS, undefined];
    for (const key of keys) {
      const [zh, en] = LOCALES.map((locale) =>
        medicalFaqSeeds.find((seed) => seed.key === key && seed.locale === locale),
      );
      expect(intents, key).toContain(zh?.intent);
      expect(en?.intent, key).toBe(zh?.intent);
      expect(en?.tags, key).toEqual(zh?.tags);
    }
  });

  it('send emergencies to 120 and questions about health to a doctor', () => {
    for (const seed of medicalFaqSeeds.filter((s) => s.key === 'emergency.department')) {
      expect(seed.body).toContain('120');
    }
    const clinical = ['emergency.department', 'results.lab-fasting', 'clinics.fever', 'clinics.pediatrics'];
    for (const seed of medicalFaqSeeds.filter((s) => clinical.includes(s.key))) {
      expect(seed.body).toMatch(seed.locale === 'zh-CN' ? /请咨询医生/ : /please consult a doctor/i);
    }
  });
});

const indexable = (seed: FaqSeed, questions: readonly string[] = seed.questions): IndexableArticle => ({
  id: `${seed.key}/${seed.locale}`,
  key: seed.key,
  locale: seed.locale,
  title: seed.title,
  body: seed.body,
  questions,
  intent: seed.intent ?? null,
  revision: 1,
});

const topKey = (index: KnowledgeIndex, text: string) => index.search(text, { limit: 1 })[0]?.article.key;

describe.each(LOCALES)('medical FAQ seeds: retrieval (%s)', (locale) => {
  const seeds = inLocale(locale);

  it('find each article first by its own first question in at least 95% of cases', () => {
    const index = new KnowledgeIndex(seeds.map((seed) => indexable(seed)));
    const misses = seeds.filter((seed) => topKey(index, seed.questions[0] as string) !== seed.key);
    const rate = 1 - misses.length / seeds.length;
    console.info(`[faq] ${locale} first-question top-1: ${(rate * 100).toFixed(1)}% of ${seeds.length}`);
    expect(rate, misses.map((s) => `${s.key}: ${s.questions[0]}`).join('; ')).toBeGreaterThanOrEqual(0.95);
  });

  // The stricter measure: each variant is taken out of its article in turn and asked, so the article
  // has to be found by its other variants, its title and its body, as a reworded question would be.
  it('find an article by a variant it no longer lists in at least 80% of cases', () => {
    const analyzed = new Map(seeds.map((seed) => [seed.key, analyzeArticle(seed)] as const));
    let asked = 0;
    const misses: string[] = [];
    for (const seed of seeds) {
      for (const question of seed.questions) {
        const held = indexable(
          seed,
          seed.questions.filter((q) => q !== question),
        );
        const index = new KnowledgeIndex(
          seeds.map((s) => (s === seed ? held : indexable(s))),
          { reuse: (article) => (article === held ? undefined : analyzed.get(article.key as string)) },
        );
        asked++;
        if (topKey(index, question) !== seed.key) misses.push(`${seed.key}: ${question}`);
      }
    }
    const rate = 1 - misses.length / asked;
    console.info(`[faq] ${locale} held-out top-1: ${(rate * 100).toFixed(1)}% of ${asked}`);
    expect(rate, misses.join('; ')).toBeGreaterThanOrEqual(0.8);
  });
});

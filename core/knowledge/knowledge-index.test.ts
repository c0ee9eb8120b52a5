import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BM25, idf, saturate, weighDocuments } from './bm25.ts';
import { confidenceOf, TIE_SHARE } from './confidence.ts';
import { analyzeArticle, type IndexableArticle, KnowledgeIndex } from './knowledge-index.ts';
import { DEFAULT_THRESHOLD } from './knowledge-search.ts';
import { searchTerms } from './search-terms.ts';

let next = 0;
const article = (
  id: string,
  title: string,
  questions: string[],
  body: string,
  extra: Partial<IndexableArticle> = {},
): IndexableArticle => ({
  id,
  key: null,
  locale: 'zh-CN',
  title,
  questions,
  body,
  intent: null,
  revision: ++next,
  ...extra,
});

const ZH = [
  article(
    'hours',
    '门诊时间',
    ['你们几点开门', '门诊什么时候上班', '周末开门吗'],
    '门诊周一至周五 8:00–17:00，周六上午开放。',
  ),
  article(
    'parking',
    '停车',
    ['哪里可以停车', '停车场在哪里', '停车收费吗'],
    '地下停车场位于门诊楼下，前两小时免费。',
  ),
  article('id-card', '挂号需要的证件', ['挂号要带身份证吗', '医保卡能挂号吗'], '挂号请携带身份证或医保卡。'),
  article('emergency', '急诊', ['急诊在哪里', '晚上能看急诊吗'], '急诊 24 小时开放，位于一号楼一层。'),
  article('visiting', '探视时间', ['什么时候可以探视病人', '探病几点'], '住院部探视时间为每天 15:00–20:00。'),
];

const EN = [
  article(
    'hours',
    'Opening hours',
    ['When are you open?', 'What time does the clinic open?'],
    'Monday to Friday 8 am to 5 pm.',
    { locale: 'en' },
  ),
  article(
    'parking',
    'Parking',
    ['Where can I park?', 'Is there a car park?', 'How much does parking cost?'],
    'The underground car park is free for two hours.',
    { locale: 'en' },
  ),
  article(
    'id-card',
    'Documents for registration',
    ['Do I need my ID card to register?'],
    'Bring your ID card or insurance card.',
    { locale: 'en' },
  ),
  article(
    'emergency',
    'Emergency department',
    ['Where is the emergency room?', 'Is the ER open at night?'],
    'The emergency department is open 24 hours, building 1.',
    { locale: 'en' },
  ),
];

const top = (index: KnowledgeIndex, text: string, intent?: string) =>
  index.search(text, { limit: 3, intent }).map((hit) => hit.article.id);

describe('BM25F ranking', () => {
  const zh = new KnowledgeIndex(ZH);
  const en = new KnowledgeIndex(EN);

  it.each([
    ['医院几点开门？', 'hours'],
    ['车停在哪儿', 'parking'],
    ['停车场收费标准', 'parking'],
    ['看病要带身份证么', 'id-card'],
    ['半夜急诊开吗', 'emergency'],
    ['几点可以去探望病人', 'visiting'],
  ])('zh: %s → %s', (text, expected) => {
    expect(top(zh, text)[0]).toBe(expected);
  });

  it.each([
    ['what time do you open', 'hours'],
    ['where do I park my car', 'parking'],
    ['parking fees', 'parking'],
    ['which card should I bring to register', 'id-card'],
    ['emergency room at night', 'emergency'],
  ])('en: %s → %s', (text, expected) => {
    expect(top(en, text)[0]).toBe(expected);
  });

  it('weighs a question variant above the same words in a body', () => {
    const index = new KnowledgeIndex([
      article('in-body', '其他', ['别的问题'], '停车场在地下一层'),
      article('in-question', '其他', ['停车场在地下一层吗'], '请咨询服务台'),
    ]);
    expect(top(index, '停车场')).toEqual(['in-question', 'in-body']);
  });

  it('weighs a rare term above a common one (IDF), and saturates repetition', () => {
    const common = (id: string) => article(id, '医院', ['医院'], '医院');
    const index = new KnowledgeIndex([
      common('a'),
      common('b'),
      common('c'),
      article('rare', '核磁', ['核磁共振'], '核磁共振'),
      article('repeat', '医院', ['医院 医院 医院 医院 医院 医院'], '医院 医院 医院'),
    ]);
    expect(top(index, '医院核磁')[0]).toBe('rare');
    const [first, second] = index.search('医院', { limit: 2 });
    expect(first!.article.id).toBe('repeat');
    // Six times the words is far less than six times the score.
    expect(first!.score / second!.score).toBeLessThan(1.5);
  });

  it('returns at most `limit` hits, best first, and nothing for an empty query or index', () => {
    const hits = new KnowledgeIndex(ZH).search('门诊 停车 急诊 挂号', { limit: 2 });
    expect(hits).toHaveLength(2);
    expect(hits[0]!.score).toBeGreaterThanOrEqual(hits[1]!.score);
    expect(new KnowledgeIndex(ZH).search('？！', { limit: 5 })).toEqual([]);
    expect(new KnowledgeIndex([]).search('门诊', { limit: 5 })).toEqual([]);
  });

  it('scores exactly as a linear scan of every article with the same formula', () => {
    const vocabulary = ['门诊', '停车', '挂号', '急诊', 'park', 'hour', '24', '探视', '医保', '收费'];
    const text = fc
      .array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 6 })
      .map((w) => w.join(' '));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(text, text, text), { minLength: 1, maxLength: 12 }),
        text,
        (docs, query) => {
          const articles = docs.map(([t, q, b], i) => article(`a${i}`, t, [q], b));
          const index = new KnowledgeIndex(articles);
          const { vectors, df } = weighDocuments(articles.map(analyzeArticle));
          const terms = searchTerms(query);
          const weights = new Map([
            ...terms.words.map((w) => [w, 1] as const),
            ...terms.bigrams.map((b) => [b, DEFAULT_BM25.bigramWeight] as const),
          ]);
          const expected = vectors.map((vector) => {
            let score = 0;
            for (const [term, weight] of weights) {
              const tf = vector.get(term);
              if (tf)
                score += weight * idf(articles.length, df.get(term) ?? 0) * saturate(tf, DEFAULT_BM25.k1);
            }
            return score;
          });
          for (const hit of index.search(query, { limit: articles.length })) {
            expect(hit.score).toBeCloseTo(expected[Number(hit.article.id.slice(1))]!, 4);
          }
          const found = index.search(query, { limit: articles.length }).length;
          expect(found).toBe(expected.filter((score) => score > 0).length);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('confidence', () => {
  const zh = new KnowledgeIndex(ZH);
  const en = new KnowledgeIndex(EN);

  it('is high for a question asked exactly as a variant, and always within 0..1', () => {
    const [hit, runnerUp] = zh.search('你们几点开门', { limit: 2 });
    expect(hit!.article.id).toBe('hours');
    // Not 1: 探病几点 shares 几点, so the margin over the runner-up is not complete.
    expect(hit!.confidence).toBeGreaterThan(0.8);
    expect(runnerUp!.confidence).toBeLessThan(0.3);
    for (const text of ['门诊', '停车场收费', '急诊急诊急诊急诊', 'parking']) {
      for (const h of zh.search(text, { limit: 5 })) {
        expect(h.confidence).toBeGreaterThanOrEqual(0);
        expect(h.confidence).toBeLessThanOrEqual(1);
      }
    }
  });

  it('stays below the answer threshold for questions the knowledge base does not cover', () => {
    for (const text of ['今天天气怎么样', '你们医院的院长是谁', '我想学开车', '推荐一家好吃的餐厅']) {
      const best = zh.search(text, { limit: 1 })[0];
      expect(best?.confidence ?? 0, text).toBeLessThan(DEFAULT_THRESHOLD);
    }
    for (const text of ['what is the weather like', 'who won the football game', 'tell me a joke']) {
      const best = en.search(text, { limit: 1 })[0];
      expect(best?.confidence ?? 0, text).toBeLessThan(DEFAULT_THRESHOLD);
    }
  });

  it('drops to the tie share when two articles are equally good', () => {
    const twin = (id: string) => article(id, '停车', ['哪里可以停车'], '地下停车场');
    // Every query term is in every article, so IDF is the same for all of them in both indexes and
    // the match part of the confidence is equal: only the margin differs.
    const [alone] = new KnowledgeIndex([twin('a')]).search('哪里可以停车', { limit: 1 });
    const [first, second] = new KnowledgeIndex([twin('a'), twin('b')]).search('哪里可以停车', { limit: 2 });
    expect(first!.score).toBe(second!.score);
    expect(alone!.confidence).toBeGreaterThan(0.9);
    expect(first!.confidence).toBeCloseTo(TIE_SHARE * alone!.confidence, 6);
  });

  it('follows the documented formula', () => {
    expect(confidenceOf(5, 10, undefined)).toBeCloseTo(0.5);
    expect(confidenceOf(5, 10, 5)).toBeCloseTo(0.5 * TIE_SHARE);
    expect(confidenceOf(20, 10, 10)).toBeCloseTo(TIE_SHARE + (1 - TIE_SHARE) * 0.5);
    expect(confidenceOf(0, 10, undefined)).toBe(0);
  });
});

describe('intent links', () => {
  const pair = [
    article('general', '门诊服务', ['门诊服务时间'], '门诊服务。'),
    article('linked', '门诊服务', ['门诊服务时间'], '门诊服务。', { intent: 'opening_hours' }),
  ];

  it('boost the article linked to the message intent over an equal text match', () => {
    const index = new KnowledgeIndex(pair);
    expect(top(index, '门诊服务时间')).toEqual(['general', 'linked']);
    const boosted = index.search('门诊服务时间', { limit: 2, intent: 'opening_hours' });
    expect(boosted.map((h) => h.article.id)).toEqual(['linked', 'general']);
    expect(boosted[0]!.score).toBeGreaterThan(boosted[1]!.score);
    expect(top(index, '门诊服务时间', 'parking')).toEqual(['general', 'linked']);
  });

  it('make a linked article a candidate without shared words, but not an answer on its own', () => {
    const index = new KnowledgeIndex([...pair, article('other', '停车', ['停车场'], '地下')]);
    const [hit] = index.search('能帮我看看吗', { limit: 1, intent: 'opening_hours' });
    expect(hit?.article.id).toBe('linked');
    expect(hit!.confidence).toBeLessThan(DEFAULT_THRESHOLD);
  });
});

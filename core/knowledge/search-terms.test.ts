import { describe, expect, it } from 'vitest';
import { stemEnglish } from './english-stem.ts';
import { searchTerms } from './search-terms.ts';

describe('searchTerms: Chinese', () => {
  it('keeps jieba words and drops particles, pronouns and courtesy', () => {
    expect(searchTerms('请问你们几点开门？').words).toEqual(['几点', '开门']);
    expect(searchTerms('看病要带身份证么').words).toEqual(['看病', '带', '身份证']);
  });

  it('adds character bigrams of each Chinese run, except stop words', () => {
    const { bigrams } = searchTerms('你们几点开门');
    expect(bigrams).toEqual(['~们几', '~几点', '~点开', '~开门']);
    // Two segmentations of one phrase still share a bigram: 停车场 (one word) and 停车 (another).
    expect(searchTerms('停车场在哪').bigrams).toContain('~停车');
    expect(searchTerms('哪里可以停车').bigrams).toContain('~停车');
  });

  it('normalises traditional characters, full-width forms and colloquial question words', () => {
    expect(searchTerms('醫院幾點開門').words).toEqual(searchTerms('医院几点开门').words);
    expect(searchTerms('停车场在哪儿').words).toEqual(['停车场', '哪里']);
    expect(searchTerms('ＣＴ检查').words).toEqual(['ct', '检查']);
  });

  it('does not let bigrams cross punctuation or Latin text', () => {
    expect(searchTerms('挂号，缴费').bigrams).toEqual(['~挂号', '~缴费']);
    expect(searchTerms('做CT检查').bigrams).toEqual(['~检查']);
  });
});

describe('searchTerms: English', () => {
  it('lower-cases, drops stop words and lone letters, keeps numbers and question words', () => {
    // Terms, not words: "where" loses its final e as "close" does, and still matches itself.
    expect(searchTerms('Where can I park my car?').words).toEqual(['wher', 'park', 'car']);
    expect(searchTerms('Is the ER open 24 hours?').words).toEqual(['er', 'open', '24', 'hour']);
    expect(searchTerms('vitamin C').words).toEqual(['vitamin']);
    expect(searchTerms('Where can I park?').bigrams).toEqual([]);
  });

  it('maps the forms of a word to one term', () => {
    for (const [forms, stem] of [
      [['park', 'parks', 'parking', 'parked'], 'park'],
      [['close', 'closes', 'closed', 'closing'], 'clos'],
      [['visit', 'visits', 'visiting', 'visited'], 'visit'],
      [['fee', 'fees'], 'fee'],
      [['apply', 'applies'], 'apply'],
      [['bus', 'buses'], 'bus'],
      [['stop', 'stopped', 'stopping'], 'stop'],
    ] as const) {
      expect(forms.map(stemEnglish), stem).toEqual(forms.map(() => stem));
    }
  });

  it('leaves short words, "-ss" words and non-ASCII words alone', () => {
    expect(['bed', 'pass', 'thing', 'café'].map(stemEnglish)).toEqual(['bed', 'pass', 'thing', 'café']);
  });
});

describe('searchTerms: nothing to search', () => {
  it('yields no terms for punctuation, particles and greetings', () => {
    for (const text of ['', '？？？', '吗呢吧', 'hi, thanks!', '😀']) {
      const terms = searchTerms(text);
      expect(terms.words.length + terms.bigrams.length, text).toBe(0);
    }
  });
});

import { AppError, type FieldIssue } from '../errors/app-error.ts';
import type { ArticleContent } from './article.repository.ts';
import { searchTerms } from './search-terms.ts';

export const ARTICLE_LIMITS = {
  title: 200,
  body: 20_000,
  question: 500,
  questions: 100,
  tag: 50,
  tags: 20,
} as const;

export const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,119}$/;
export const INTENT_PATTERN = /^[A-Za-z][A-Za-z0-9_.:-]{0,99}$/;

const distinct = (values: readonly string[]) => [...new Set(values.map((v) => v.trim()).filter(Boolean))];

/**
 * The rules every article obeys, whether it comes over HTTP (where zod has already checked shapes)
 * or from a pack's seeds: trimmed text within limits, distinct question variants and tags, a
 * well-formed key and intent, and at least one searchable word — an article made of punctuation
 * could never be found. Breaking one is `unprocessable` (422), naming each field.
 */
export function checkContent(input: ArticleContent): ArticleContent {
  const issues: FieldIssue[] = [];
  const text = (path: string, value: string, max: number) => {
    const trimmed = value.trim();
    if (trimmed.length === 0) issues.push({ path, message: 'must not be blank' });
    else if (trimmed.length > max) issues.push({ path, message: `at most ${max} characters` });
    return trimmed;
  };
  const title = text('title', input.title, ARTICLE_LIMITS.title);
  const body = text('body', input.body, ARTICLE_LIMITS.body);
  const questions = distinct(input.questions);
  if (questions.length > ARTICLE_LIMITS.questions)
    issues.push({ path: 'questions', message: `at most ${ARTICLE_LIMITS.questions} variants` });
  questions.forEach((q, i) => {
    if (q.length > ARTICLE_LIMITS.question)
      issues.push({ path: `questions.${i}`, message: `at most ${ARTICLE_LIMITS.question} characters` });
  });
  const tags = distinct(input.tags);
  if (tags.length > ARTICLE_LIMITS.tags)
    issues.push({ path: 'tags', message: `at most ${ARTICLE_LIMITS.tags}` });
  tags.forEach((tag, i) => {
    if (tag.length > ARTICLE_LIMITS.tag)
      issues.push({ path: `tags.${i}`, message: `at most ${ARTICLE_LIMITS.tag} characters` });
  });
  if (input.key !== null && !KEY_PATTERN.test(input.key))
    issues.push({ path: 'key', message: 'letters, digits and . _ : - (at most 120)' });
  if (input.intent !== null && !INTENT_PATTERN.test(input.intent))
    issues.push({ path: 'intent', message: 'an intent name: a letter, then letters, digits and . _ : -' });
  if (issues.length === 0) {
    const searchable = [title, body, ...questions].some((part) => {
      const terms = searchTerms(part);
      return terms.words.length > 0 || terms.bigrams.length > 0;
    });
    if (!searchable) issues.push({ path: 'title', message: 'the article has no searchable words' });
  }
  if (issues.length > 0) {
    throw new AppError(
      'unprocessable',
      `The article is not valid: ${issues.map((i) => i.path).join(', ')}.`,
      {
        issues,
      },
    );
  }
  return { key: input.key, title, body, questions, tags, intent: input.intent };
}

import type { FaqSeed } from '../../../core/index.ts';

/**
 * The admissions intents an article may answer. A message classified with one of them lifts the
 * linked articles in retrieval, so an article is linked only when it is a direct answer.
 */
export const EDUCATION_FAQ_INTENTS = [
  'admission_requirements',
  'application_process',
  'application_deadline',
  'required_documents',
  'tuition_fees',
  'scholarships_aid',
  'application_status',
  'book_campus_tour',
  'book_interview',
  'transfer_enrollment',
  'programs_curriculum',
  'campus_services',
  'complaint',
] as const;
export type EducationFaqIntent = (typeof EDUCATION_FAQ_INTENTS)[number];

/** The text of an article in one language. */
export interface ArticleText {
  readonly title: string;
  readonly body: string;
  readonly questions: readonly string[];
}

export interface BilingualArticle {
  /** Dotted, lower-case; its first segment (`fees` in `fees.boarding`) becomes the topic tag. */
  readonly key: string;
  readonly intent?: EducationFaqIntent;
  readonly zh: ArticleText;
  readonly en: ArticleText;
}

/** Both language versions of an article, sharing key, tag and intent so editors see one topic. */
export function bilingual({ key, intent, zh, en }: BilingualArticle): readonly [FaqSeed, FaqSeed] {
  const [topic = key] = key.split('.');
  const shared = { key, tags: [topic], ...(intent ? { intent } : {}) };
  return [
    { ...shared, locale: 'zh-CN', ...zh },
    { ...shared, locale: 'en', ...en },
  ];
}

import type { FaqSeed } from '../../../core/index.ts';

/** The medical intents an article may be linked to: a message with that intent boosts the article. */
export const MEDICAL_FAQ_INTENTS = [
  'hours_location',
  'insurance_billing',
  'test_results',
  'medical_records',
  'doctor_info',
  'book_appointment',
  'reschedule_appointment',
  'cancel_appointment',
  'my_appointments',
  'department_triage',
  'complaint',
] as const;
export type MedicalFaqIntent = (typeof MEDICAL_FAQ_INTENTS)[number];

/** One language version of an article. */
export interface FaqText {
  readonly title: string;
  readonly body: string;
  readonly questions: readonly string[];
}

/**
 * One article in both languages under one key. The first segment of the key (`hours` in
 * `hours.outpatient`) is the topic tag editors filter by.
 */
export function faq(
  key: string,
  intent: MedicalFaqIntent | undefined,
  zh: FaqText,
  en: FaqText,
): readonly [FaqSeed, FaqSeed] {
  const tags = [key.split('.')[0] as string];
  const link = intent === undefined ? {} : { intent };
  return [
    { key, locale: 'zh-CN', ...zh, tags, ...link },
    { key, locale: 'en', ...en, tags, ...link },
  ];
}

import type { FaqSeed } from '../../../core/index.ts';
import { admissionFaqs } from './faq-admissions.ts';
import { applyingFaqs } from './faq-applying.ts';
import { campusLifeFaqs } from './faq-campus-life.ts';
import { feeFaqs } from './faq-fees.ts';
import { contactPrivacyFaqs } from './faq-privacy.ts';
import { programFaqs } from './faq-programs.ts';
import { statusFaqs } from './faq-status.ts';
import { transferFaqs } from './faq-transfer.ts';
import { visitFaqs } from './faq-visits.ts';

/**
 * The knowledge base the demo school (示例实验学校) starts with: every article in Chinese and in
 * English under the same key. Dates are for the 2027 intake; places, fees and contact details are
 * invented for the demo tenant.
 */
export const educationFaqSeeds: readonly FaqSeed[] = [
  ...admissionFaqs,
  ...applyingFaqs,
  ...feeFaqs,
  ...statusFaqs,
  ...visitFaqs,
  ...programFaqs,
  ...transferFaqs,
  ...campusLifeFaqs,
  ...contactPrivacyFaqs,
];

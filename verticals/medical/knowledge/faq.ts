import type { FaqSeed } from '../../../core/index.ts';
import { billingFaqs } from './faq-billing.ts';
import { bookingFaqs } from './faq-booking.ts';
import { clinicFaqs } from './faq-clinics.ts';
import { inpatientFaqs } from './faq-inpatient.ts';
import { recordFaqs } from './faq-records.ts';
import { registrationFaqs } from './faq-registration.ts';
import { serviceFaqs } from './faq-services.ts';
import { testFaqs } from './faq-tests.ts';
import { visitFaqs } from './faq-visit.ts';

/**
 * The knowledge base the demo hospital (示例综合医院) starts with: every article in Chinese and in
 * English under the same key. All places, numbers and fees are invented for the demo tenant; an
 * article points to a doctor for anything about a person's health.
 */
export const medicalFaqSeeds: readonly FaqSeed[] = [
  ...visitFaqs,
  ...registrationFaqs,
  ...bookingFaqs,
  ...billingFaqs,
  ...testFaqs,
  ...recordFaqs,
  ...inpatientFaqs,
  ...clinicFaqs,
  ...serviceFaqs,
];

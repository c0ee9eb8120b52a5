import type { PackIntent } from '../../../core/index.ts';
import { scholarshipsAid } from './intents-aid.ts';
import { applicationProcess } from './intents-applying.ts';
import { applicationDeadline } from './intents-deadline.ts';
import { requiredDocuments } from './intents-documents.ts';
import { tuitionFees } from './intents-fees.ts';
import { goodbye, greeting } from './intents-greetings.ts';
import { complaint, humanAgent } from './intents-handoff.ts';
import { outOfScope } from './intents-out-of-scope.ts';
import { programsCurriculum } from './intents-programs.ts';
import { admissionRequirements } from './intents-requirements.ts';
import { campusServices } from './intents-services.ts';
import { applicationStatus } from './intents-status.ts';
import { transferEnrollment } from './intents-transfer.ts';
import { bookCampusTour, bookInterview } from './intents-visits.ts';

/**
 * The admissions desk's intents. The ids are fixed: flows, FAQ links and evaluations name them.
 * When a message touches two topics, its training label is the first, main one.
 */
export const EDUCATION_INTENTS = [
  'greeting',
  'goodbye',
  'human_agent',
  'complaint',
  'out_of_scope',
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
] as const;
export type EducationIntent = (typeof EDUCATION_INTENTS)[number];

/** Training utterances in Chinese and English for every intent of `EDUCATION_INTENTS`. */
export const educationIntents: readonly PackIntent[] = [
  greeting,
  goodbye,
  humanAgent,
  complaint,
  outOfScope,
  admissionRequirements,
  applicationProcess,
  applicationDeadline,
  requiredDocuments,
  tuitionFees,
  scholarshipsAid,
  applicationStatus,
  bookCampusTour,
  bookInterview,
  transferEnrollment,
  programsCurriculum,
  campusServices,
];

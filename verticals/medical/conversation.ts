import type { ConversationPack, NluPackData } from '../../core/index.ts';
import { medicalClassification, medicalDialogue, medicalRolePresets } from './dialogue.ts';
import { medicalFlows } from './flows.ts';
import { medicalFaqSeeds } from './knowledge/faq.ts';
import { departmentVocabulary } from './nlu/departments.ts';
import { doctorTitleVocabulary } from './nlu/doctor-titles.ts';
import { medicalIntents } from './nlu/intents.ts';
import { medicalSafetyRules } from './nlu/safety-rules.ts';
import { annotateMedical, triagePort } from './triage-port.ts';

/** The hospital's NLU data: 16 intents in both languages, departments, doctor titles, red flags. */
export const medicalNlu: NluPackData = {
  id: 'medical',
  intents: medicalIntents,
  vocabularies: [departmentVocabulary, doctorTitleVocabulary],
  safetyRules: medicalSafetyRules,
  // A synthetic hospital's outpatient number: MZ followed by eight digits.
  recordNumberPattern: 'MZ\\d{8}',
  annotate: annotateMedical,
};

/** Everything the hospital's assistant knows and does (issue: the medical vertical pack). */
export const medicalConversation: ConversationPack = {
  nlu: medicalNlu,
  flows: medicalFlows,
  faqSeeds: medicalFaqSeeds,
  dialogue: medicalDialogue,
  classification: medicalClassification,
  rolePresets: medicalRolePresets,
  connectors: ['local-scheduler'],
  defaultQueue: 'front-desk',
  ports: { 'triage.suggest': triagePort },
};

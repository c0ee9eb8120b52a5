import type { ConversationPack, DemoCatalogue, NluPackData } from '../../core/index.ts';
import { demoServices } from './demo-school.ts';
import { educationClassification, educationDialogue, educationRolePresets } from './dialogue.ts';
import { APPLICANT_NUMBER_PATTERN, educationFlows } from './flows.ts';
import { educationFaqSeeds } from './knowledge/faq.ts';
import { educationIntents } from './nlu/intents.ts';
import { educationVocabularies } from './nlu/vocabularies.ts';

/** The school's NLU data: 17 intents in both languages, grades, programmes, documents, fees, services. */
export const educationNlu: NluPackData = {
  id: 'education',
  intents: educationIntents,
  vocabularies: educationVocabularies,
  // Applicant numbers (A2027000012) are the school's record numbers.
  recordNumberPattern: APPLICANT_NUMBER_PATTERN,
};

/** Everything the school's admissions assistant knows and does. */
export const educationConversation: ConversationPack = {
  nlu: educationNlu,
  flows: educationFlows,
  faqSeeds: educationFaqSeeds,
  dialogue: educationDialogue,
  classification: educationClassification,
  rolePresets: educationRolePresets,
  connectors: ['local-scheduler'],
  defaultQueue: 'admissions',
};

/** Campus tours (groups) and admission interviews, four weeks ahead. */
export const demoSchoolCatalogue: DemoCatalogue = {
  services: demoServices.map((s) => ({ code: s.code, names: s.names, durationMinutes: s.durationMinutes })),
  resources: demoServices.flatMap((s) =>
    s.resources.map((r) => ({
      code: r.code,
      kind: r.kind,
      names: r.names,
      ...(r.title ? { title: r.title } : {}),
      serviceCode: s.code,
    })),
  ),
  schedules: demoServices.flatMap((s) =>
    s.resources.map((r) => ({
      serviceCode: s.code,
      resourceCode: r.code,
      definition: { timeZone: 'Asia/Shanghai', weekly: r.weekly.map((w) => ({ ...w })) },
    })),
  ),
  weeks: 4,
};

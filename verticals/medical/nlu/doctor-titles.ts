import type { EntityVocabulary } from '../../../core/index.ts';

/**
 * Doctor grades (职称) as patients ask for them when choosing a clinic: 专家号 and 普通号 are the
 * registration tiers that the grades sell as, so they are titles here too.
 */
export const DOCTOR_TITLES = [
  { id: 'chief_physician', zh: '主任医师', en: 'Chief physician' },
  { id: 'associate_chief_physician', zh: '副主任医师', en: 'Associate chief physician' },
  { id: 'attending_physician', zh: '主治医师', en: 'Attending physician' },
  { id: 'resident_physician', zh: '住院医师', en: 'Resident physician' },
  { id: 'specialist', zh: '专家号', en: 'Specialist clinic' },
  { id: 'general_clinic', zh: '普通号', en: 'General clinic' },
] as const;

export type DoctorTitleId = (typeof DOCTOR_TITLES)[number]['id'];

const SYNONYMS: Readonly<Record<DoctorTitleId, string>> = {
  chief_physician:
    '主任|主任医生|正主任|主任级|chief physician|chief doctor|chief|head of department|professor',
  associate_chief_physician:
    '副主任|副主任医生|副高|associate chief|associate chief physician|deputy chief physician|associate professor',
  attending_physician: '主治|主治医生|attending|attending physician|attending doctor',
  resident_physician: '住院医生|住院医|规培医生|resident|resident doctor|junior doctor',
  specialist: '专家|专家门诊|知名专家|特需门诊|特需号|specialist|specialist appointment|expert|consultant',
  general_clinic: '普通门诊|普通医生|普号|general clinic|regular doctor|ordinary clinic|general appointment',
};

export const doctorTitleVocabulary: EntityVocabulary = {
  type: 'doctor_title',
  pinyin: true,
  entries: DOCTOR_TITLES.map((t) => ({
    value: t.id,
    synonyms: [t.zh, t.en.toLowerCase(), ...SYNONYMS[t.id].split('|')],
  })),
};

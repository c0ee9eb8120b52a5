/**
 * Purpose of use: why an actor touched the data (FHIR AuditEvent.purposeOfEvent, IHE BALP).
 * Health purposes are HL7 v3 ActReason codes (PurposeOfUse value set, 2.16.840.1.113883.1.11.20448).
 * Schools have no standard vocabulary, so Custos defines EDU* codes in its own code system,
 * each anchored to a disclosure ground of FERPA (34 CFR Part 99) where one applies, so that a
 * school district's auditor can read them against the rule they already know.
 */
export const HL7_PURPOSE_OF_USE = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
export const CUSTOS_PURPOSE_OF_USE = 'urn:custos:purpose-of-use';

export const PURPOSES_OF_USE = {
  // HL7 v3 ActReason — PurposeOfUse.
  TREAT: { system: HL7_PURPOSE_OF_USE, meaning: 'treatment' },
  ETREAT: { system: HL7_PURPOSE_OF_USE, meaning: 'emergency treatment' },
  BTG: { system: HL7_PURPOSE_OF_USE, meaning: 'break the glass: emergency access beyond normal rights' },
  COC: { system: HL7_PURPOSE_OF_USE, meaning: 'coordination of care' },
  HOPERAT: { system: HL7_PURPOSE_OF_USE, meaning: 'healthcare operations' },
  PATADMIN: { system: HL7_PURPOSE_OF_USE, meaning: 'patient administration (registration, scheduling)' },
  HPAYMT: { system: HL7_PURPOSE_OF_USE, meaning: 'healthcare payment' },
  HRESCH: { system: HL7_PURPOSE_OF_USE, meaning: 'healthcare research' },
  PUBHLTH: { system: HL7_PURPOSE_OF_USE, meaning: 'public health' },
  PATRQT: { system: HL7_PURPOSE_OF_USE, meaning: 'requested by the patient' },
  FAMRQT: { system: HL7_PURPOSE_OF_USE, meaning: 'requested by a family member' },
  PWATRNY: { system: HL7_PURPOSE_OF_USE, meaning: 'requested by a power of attorney' },
  HLEGAL: { system: HL7_PURPOSE_OF_USE, meaning: 'legal: subpoena, court order, law enforcement' },
  HCOMPL: { system: HL7_PURPOSE_OF_USE, meaning: 'compliance: audits and privacy oversight' },
  HSYSADMIN: { system: HL7_PURPOSE_OF_USE, meaning: 'system administration (keys, backups, operations)' },
  // Custos education purposes.
  EDUINSTR: {
    system: CUSTOS_PURPOSE_OF_USE,
    meaning: 'instruction: a school official with a legitimate educational interest (34 CFR 99.31(a)(1))',
  },
  EDUADMIN: { system: CUSTOS_PURPOSE_OF_USE, meaning: 'school administration: records, timetables, fees' },
  EDUENROLL: {
    system: CUSTOS_PURPOSE_OF_USE,
    meaning: 'admissions and enrollment, including transfer to another school (34 CFR 99.31(a)(2))',
  },
  EDUCOUNS: { system: CUSTOS_PURPOSE_OF_USE, meaning: 'counselling, pastoral care and student welfare' },
  EDUSAFETY: {
    system: CUSTOS_PURPOSE_OF_USE,
    meaning: 'health or safety emergency, the education break-glass (34 CFR 99.36)',
  },
  EDURQT: {
    system: CUSTOS_PURPOSE_OF_USE,
    meaning: 'requested by the eligible student or a parent (34 CFR 99.10 right to inspect)',
  },
  EDURSCH: { system: CUSTOS_PURPOSE_OF_USE, meaning: 'studies for the school (34 CFR 99.31(a)(6))' },
  EDUAUDIT: {
    system: CUSTOS_PURPOSE_OF_USE,
    meaning: 'audit or evaluation of education programs (34 CFR 99.31(a)(3), 99.35)',
  },
  EDULEGAL: {
    system: CUSTOS_PURPOSE_OF_USE,
    meaning: 'judicial order or lawfully issued subpoena (34 CFR 99.31(a)(9))',
  },
} as const satisfies Record<string, { system: string; meaning: string }>;

export type PurposeOfUse = keyof typeof PURPOSES_OF_USE;

export const PURPOSE_OF_USE_CODES = Object.keys(PURPOSES_OF_USE) as [PurposeOfUse, ...PurposeOfUse[]];

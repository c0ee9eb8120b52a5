import { AppError, isNegated, type LocalizedText, normalizeText } from '../../../core/index.ts';
import { bareParts, composeComplaints, findBodyParts } from './composition.ts';
import { createGazetteer } from './gazetteer.ts';
import { findPatientCues, type PatientCues, SYMPTOMS, type SymptomConcept } from './symptoms.ts';

export interface TriageSuggestion {
  readonly department: string;
  /** This department's share of the evidence, 0 to 1; the suggestions of one message sum to at most 1. */
  readonly score: number;
  /** The complaints (and patient cues) that led here, in the patient's words; never a diagnosis. */
  readonly reason: LocalizedText;
}

export interface TriageOptions {
  /** How many departments to return; 3 unless told. */
  readonly limit?: number;
}

/** Shown with every suggestion: the bot points to a clinic, it does not diagnose (DESIGN §2.6). */
export const TRIAGE_DISCLAIMER: LocalizedText = {
  'zh-CN': '以上仅为就诊科室建议，不是诊断。如症状严重或突然加重，请立即前往急诊科或拨打 120。',
  en: 'This is a suggestion of which department to visit, not a diagnosis. If your symptoms are severe or getting worse quickly, go to the emergency department or call your local emergency number.',
};

const DEFAULT_LIMIT = 3;
const MAX_LIMIT = 33;

const CUE_LABELS = {
  child: { 'zh-CN': '儿童', en: 'a child' },
  pregnant: { 'zh-CN': '孕期', en: 'pregnancy' },
  female: { 'zh-CN': '女性', en: 'female' },
  male: { 'zh-CN': '男性', en: 'male' },
} as const;
type Cue = keyof typeof CUE_LABELS;

// Departments that do not see the other sex; dropped once the sex is known.
const NOT_FOR: Readonly<Record<'female' | 'male', readonly string[]>> = {
  female: ['andrology'],
  male: ['gynecology', 'obstetrics'],
};

interface Tally {
  score: number;
  readonly concepts: SymptomConcept[];
  readonly cues: Set<Cue>;
}

/**
 * Ranks departments for the complaints in a message, best first; empty when no complaint is
 * found. Complaints are the expression table's phrases and, for wordings it lacks, a body part
 * with what it does ("大腿根疼", "swollen wrist": see body-parts.ts). A negated complaint ("不发烧", "no fever") does not count. A child's internal-medicine
 * complaint ranks pediatrics first, a pregnancy with abdominal pain or bleeding ranks obstetrics
 * first, and a known sex removes the clinics of the other.
 */
export function triageDepartments(text: string, options: TriageOptions = {}): TriageSuggestion[] {
  if (typeof text !== 'string') throw new AppError('validation_failed', 'text must be a string');
  const limit = options.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw new AppError('validation_failed', `limit must be an integer from 1 to ${MAX_LIMIT}`, {
      issues: [{ path: 'limit', message: `must be an integer from 1 to ${MAX_LIMIT}` }],
    });
  const normalized = normalizeText(text).text;
  const concepts = findSymptoms(normalized);
  if (concepts.length === 0) return [];
  const cues = findPatientCues(normalized);
  const tallies = tally(concepts, cues);
  const total = [...tallies.values()].reduce((sum, t) => sum + t.score, 0);
  return [...tallies.entries()]
    .sort(([, a], [, b]) => b.score - a.score)
    .slice(0, limit)
    .map(([department, t]) => ({
      department,
      score: Math.round((t.score / total) * 1000) / 1000,
      reason: reasonFor(t),
    }));
}

function tally(concepts: readonly SymptomConcept[], cues: PatientCues): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  const add = (department: string, weight: number, concept: SymptomConcept, cue?: Cue) => {
    let t = tallies.get(department);
    if (!t) {
      t = { score: 0, concepts: [], cues: new Set() };
      tallies.set(department, t);
    }
    t.score += weight;
    if (!t.concepts.includes(concept)) t.concepts.push(concept);
    if (cue) t.cues.add(cue);
  };
  for (const concept of concepts) {
    const top = Math.max(...Object.values(concept.departments));
    for (const [department, weight] of Object.entries(concept.departments)) add(department, weight, concept);
    if (cues.child) add('pediatrics', top * concept.child, concept, 'child');
    if (cues.pregnant) add('obstetrics', top * concept.pregnancy, concept, 'pregnant');
    if (cues.sex)
      for (const [department, weight] of Object.entries(concept[cues.sex]))
        add(department, weight, concept, cues.sex);
  }
  if (cues.sex)
    for (const department of NOT_FOR[cues.sex])
      if (!cues.pregnant || department !== 'obstetrics') tallies.delete(department);
  return tallies;
}

function reasonFor(t: Tally): LocalizedText {
  const cues = [...t.cues].map((c) => CUE_LABELS[c]);
  const zh = `提到：${t.concepts.map((c) => c.zh).join('、')}${cues.map((c) => `；${c['zh-CN']}`).join('')}`;
  const en = `mentions: ${t.concepts.map((c) => c.en).join(', ')}${cues.map((c) => `; ${c.en}`).join('')}`;
  return { 'zh-CN': zh, en };
}

const findTableForms = createGazetteer<SymptomConcept>(
  SYMPTOMS.flatMap((c) => c.forms.map((f) => [f, c] as const)),
);

// Sensations the table knows without a place ("itchy", "a lump", "numb"): once a body part is
// named with them, the part decides the clinic ("itchy eyes" is for the eye clinic).
const PLACELESS = new Set(['itching', 'lump', 'rash', 'numbness']);

/**
 * The complaints in normalised text, each once, in order of mention: the expression table's
 * (leftmost-longest; a body part that starts earlier wins over a table form inside it, so 骨头疼
 * is not 头疼), then body part and complaint pairs the table has no entry for; when neither
 * finds anything, the body parts named alone. Negated ones are skipped.
 */
export function findSymptoms(normalized: string): SymptomConcept[] {
  const parts = findBodyParts(normalized);
  const table = findTableForms(normalized).filter(
    (m) => !parts.some((p) => p.value.id !== 'decoy' && p.start < m.start && p.end > m.start),
  );
  const read = table.filter((m) => !PLACELESS.has(m.value.id));
  const composed = composeComplaints(normalized, parts, read);
  const placed = (m: Span) => composed.some((c) => c.complaint.start < m.end && m.start < c.complaint.end);
  const found: SymptomConcept[] = [];
  for (const m of table)
    if (
      !isNegated(normalized, m.start) &&
      !found.includes(m.value) &&
      !(PLACELESS.has(m.value.id) && placed(m))
    )
      found.push(m.value);
  for (const { concept } of composed) if (!found.includes(concept)) found.push(concept);
  return found.length > 0 ? found : bareParts(normalized, parts);
}

type Span = { readonly start: number; readonly end: number };

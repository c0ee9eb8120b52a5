import { isNegated } from '../../../core/index.ts';
import { BODY_PARTS, type BodyPart } from './body-parts.ts';
import { COMPLAINT_LABELS, COMPLAINT_WORDS, type ComplaintKind } from './complaints.ts';
import { createGazetteer, type GazetteerMatch } from './gazetteer.ts';
import { defaultChildShare, type SymptomConcept } from './symptoms.ts';

/*
 * Complaints the expression table has no entry for, read as a body part plus what it does:
 * "大腿根疼", "swollen knee", "itchy scalp". A complaint word pairs with the nearest body part in
 * its clause; the part's clinics for that kind of complaint make a concept the triage weighs like
 * a table entry. Phrases the table already read are left to it.
 */

/** Body parts named in normalised text, leftmost-longest; decoys (手术, 心情) included, to be skipped. */
export const findBodyParts = createGazetteer<BodyPart>(
  BODY_PARTS.flatMap((p) => p.forms.map((f) => [f, p] as const)),
);
const findComplaints = createGazetteer<ComplaintKind | 'decoy'>(COMPLAINT_WORDS);

// A complaint and its body part stand within one clause, this close: characters between them in
// Chinese, a few words in English.
const MAX_GAP_ZH = 10;
const MAX_GAP_EN = 24;
const HAN = /\p{Script=Han}/u;
const CLAUSE_BREAK = /[，。！？；,.!?;\n]/;
// Regions where a pregnancy makes obstetrics the first stop, with the share it gets.
const PREGNANCY_SHARE: Readonly<Record<string, number>> = {
  abdomen: 1.6,
  lower_abdomen: 1.6,
  right_lower: 1.6,
  left_abdomen: 1.6,
  navel: 1.6,
  female_genitals: 1.8,
  down_there: 1.8,
  upper_abdomen: 1.2,
  back: 1.2,
  leg: 1.6,
  foot: 1.6,
  calf: 1.6,
};

const concepts = new Map<string, SymptomConcept>();

function conceptFor(part: BodyPart, kind: ComplaintKind): SymptomConcept | undefined {
  const id = `${part.id}:${kind}`;
  let concept = concepts.get(id);
  if (!concept) {
    const departments = part.clinics[kind];
    const top = Object.keys(departments)[0];
    if (top === undefined) return undefined;
    const label = COMPLAINT_LABELS[kind];
    concept = {
      id,
      zh: `${part.zh}${label.zh}`,
      en: `${label.en} in the ${part.en}`,
      forms: [],
      departments,
      child: defaultChildShare(top),
      pregnancy: PREGNANCY_SHARE[part.id] ?? 0.5,
      female: part.female,
      male: part.male,
    };
    concepts.set(id, concept);
  }
  return concept;
}

const partOf = (concept: SymptomConcept) => concept.id.slice(0, concept.id.indexOf(':'));

type Span = { readonly start: number; readonly end: number };
const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

/** A body part and complaint pair: the concept it makes and where its complaint word stands. */
export interface ComposedComplaint {
  readonly concept: SymptomConcept;
  readonly complaint: Span;
}

/**
 * Body part and complaint pairs in normalised text, in order of mention. `parts` are the body
 * parts found; `read` the spans the expression table matched, whose complaint words are not read
 * again (their body parts may pair with a complaint further on: "膝盖疼，还肿"). A
 * negated complaint ("膝盖不疼", "no pain in my knee") does not count.
 */
export function composeComplaints(
  normalized: string,
  parts: readonly GazetteerMatch<BodyPart>[],
  read: readonly Span[],
): ComposedComplaint[] {
  const unread = (m: Span) => !read.some((r) => overlaps(r, m));
  const candidates = parts.filter((m) => m.value.id !== 'decoy');
  if (candidates.length === 0) return [];
  const found: ComposedComplaint[] = [];
  for (const c of findComplaints(normalized)) {
    if (c.value === 'decoy' || !unread(c) || isNegated(normalized, c.start)) continue;
    const part = nearestPart(normalized, c, candidates);
    const concept = part && conceptFor(part.value, c.value);
    if (concept) found.push({ concept, complaint: c });
  }
  // A lump is what the patient came about: the pain or swelling of the same part follows it.
  const lumps = new Set(found.filter((f) => f.concept.id.endsWith(':lump')).map((f) => partOf(f.concept)));
  return lumps.size === 0
    ? found
    : found.filter((f) => f.concept.id.endsWith(':lump') || !lumps.has(partOf(f.concept)));
}

function nearestPart(
  text: string,
  complaint: Span,
  parts: readonly GazetteerMatch<BodyPart>[],
): GazetteerMatch<BodyPart> | undefined {
  let best: GazetteerMatch<BodyPart> | undefined;
  let bestGap = Number.POSITIVE_INFINITY;
  for (const p of parts) {
    const from = Math.min(p.end, complaint.end);
    const to = Math.max(p.start, complaint.start);
    const between = text.slice(from, Math.max(from, to));
    const gap = between.length;
    if (gap >= bestGap || gap > (HAN.test(between) ? MAX_GAP_ZH : MAX_GAP_EN) || CLAUSE_BREAK.test(between))
      continue;
    best = p;
    bestGap = gap;
  }
  return best;
}

/**
 * The body parts named, as complaints of their own ("孩子脖子上有淋巴结", "something with my
 * knee"): the last resort when nothing else in the message names a complaint. Nothing when a
 * complaint is denied ("膝盖不疼"); negated parts ("not my knee") do not count.
 */
export function bareParts(normalized: string, parts: readonly GazetteerMatch<BodyPart>[]): SymptomConcept[] {
  const found: SymptomConcept[] = [];
  if (parts.length === 0) return found;
  const denied = findComplaints(normalized).some(
    (c) => c.value !== 'decoy' && isNegated(normalized, c.start),
  );
  if (denied) return found;
  for (const p of parts) {
    if (p.value.id === 'decoy' || isNegated(normalized, p.start)) continue;
    const concept = conceptFor(p.value, 'other');
    if (concept && !found.includes(concept)) found.push(concept);
  }
  return found;
}

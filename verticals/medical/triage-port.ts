import { type ActionPort, type NluResult, PortRefusal } from '../../core/index.ts';
import { MEDICAL_DEPARTMENTS } from './nlu/departments.ts';
import { TRIAGE_DISCLAIMER, triageDepartments } from './nlu/triage.ts';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const NO_SYMPTOMS = t(
  '我需要先了解一下症状，才能推荐科室。',
  'I need to know a little about the symptoms to suggest a department.',
);

const nameOf = (id: string, locale: 'zh-CN' | 'en') => {
  const department = MEDICAL_DEPARTMENTS.find((d) => d.id === id);
  return department ? (locale === 'zh-CN' ? department.zh : department.en) : id;
};

/**
 * `triage.suggest`: the departments for the symptoms in the message the flow started on (or the
 * symptoms asked for), best first, with the reason in the patient's words and the disclaimer —
 * never a diagnosis. It fills the flow's `department` with the best one, so that the booking can
 * follow; no symptom found is a refusal, and the flow asks for them.
 */
export const triagePort: ActionPort = async (call) => {
  const text = call.slots.symptoms ?? call.text;
  const ranked = triageDepartments(text, { limit: 3 });
  const best = ranked[0];
  if (!best) throw new PortRefusal(NO_SYMPTOMS);
  const zh = call.locale === 'zh-CN';
  const list = ranked.map((s, i) => `${i + 1}. ${nameOf(s.department, call.locale)}`).join(zh ? '；' : '; ');
  const suggestion = zh
    ? `根据您的描述（${best.reason['zh-CN']}），建议就诊：${list}。${TRIAGE_DISCLAIMER['zh-CN']}`
    : `From what you describe (${best.reason.en}), I suggest: ${list}. ${TRIAGE_DISCLAIMER.en}`;
  return {
    values: {
      department: { value: best.department, text: nameOf(best.department, call.locale) },
      suggestion: { value: best.department, text: suggestion },
    },
  };
};

/** Confidence above which an `emergency` classification counts as a red flag (the dialogue's threshold). */
export const EMERGENCY_INTENT_CONFIDENCE = 0.45;

/**
 * What `custos nlu parse --pack medical` adds to the engine's fields: the ranked department ids
 * and the safety verdict — the red-flag rules, or a confident `emergency` classification, which
 * the dialogue treats the same way.
 */
export function annotateMedical(text: string, result: NluResult): Readonly<Record<string, unknown>> {
  const reasons = [...new Set(result.safety.matches.map((m) => m.rule))];
  const byIntent = result.intent === 'emergency' && result.confidence >= EMERGENCY_INTENT_CONFIDENCE;
  return {
    triage: triageDepartments(text, { limit: 3 }).map((s) => s.department),
    safety: {
      ...result.safety,
      emergency: result.safety.severity === 'emergency' || byIntent,
      reasons: byIntent && reasons.length === 0 ? ['intent:emergency'] : reasons,
    },
  };
}

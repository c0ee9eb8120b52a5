import type { LocalizedText, PackLocale } from '../../../core/index.ts';
import type { Stage } from './applications.table.ts';

/**
 * What the admissions ports say. Nothing here names a child: a status names the application by
 * the number the guardian typed, the grade and the stage.
 */
const t = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });

const ZH_PRIMARY = ['一', '二', '三', '四', '五', '六'];
const ZH_SECONDARY = [
  '初一（七年级）',
  '初二（八年级）',
  '初三（九年级）',
  '高一（十年级）',
  '高二（十一年级）',
  '高三（十二年级）',
];

/** `kindergarten` → 幼儿园 / Kindergarten; `grade_7` → 初一（七年级）/ Grade 7; an unknown code as it is. */
export function gradeLabel(grade: string, locale: PackLocale): string {
  if (grade === 'kindergarten') return t('幼儿园', 'Kindergarten')[locale];
  const n = /^grade_(\d{1,2})$/.exec(grade)?.[1];
  const year = Number(n);
  if (!n || year < 1 || year > 12) return grade;
  const zh = year <= 6 ? `${ZH_PRIMARY[year - 1]}年级` : (ZH_SECONDARY[year - 7] as string);
  return t(zh, `Grade ${year}`)[locale];
}

/** Each stage and the next step a guardian takes. */
const STAGE_TEXTS: Record<Stage, LocalizedText> = {
  submitted: t(
    '已提交，等待审核。招生办会在 5 个工作日内完成材料初审，如需补充材料会短信通知您。',
    'submitted and waiting for review. The admissions office checks the documents within 5 working days and will text you if anything is missing.',
  ),
  under_review: t(
    '材料审核中。审核通过后，招生办会通知您预约入学评估或面谈。',
    'under review. Once the documents are approved, the admissions office will invite you to book an assessment or interview.',
  ),
  assessment_scheduled: t(
    '已安排入学评估或面谈。请按通知的时间到校，携带监护人身份证和孩子的户口本或护照；如需改期请致电招生办 400-000-0000。',
    'an assessment or interview is scheduled. Please come at the time in your notice with a guardian’s ID and your child’s hukou booklet or passport; to change it, call 400-000-0000.',
  ),
  offer: t(
    '已录取。请在 10 个工作日内登录报名平台确认入学并缴纳学位定金。',
    'an offer has been made. Please accept it and pay the seat deposit on the admissions portal within 10 working days.',
  ),
  waitlist: t(
    '在候补名单中。有学位空出时招生办会按顺序联系您，无需重复报名。',
    'on the waiting list. The admissions office will contact you in turn when a place opens; there is no need to apply again.',
  ),
  enrolled: t(
    '已完成入学注册。开学前学校会发送新生入学指南。',
    'enrolled. The school will send the new-student guide before term starts.',
  ),
  withdrawn: t(
    '申请已撤回。如需重新申请，请登录报名平台。',
    'withdrawn. To apply again, please use the admissions portal.',
  ),
  rejected: t(
    '很遗憾，本次未能录取。如有疑问请致电招生办 400-000-0000。',
    'not successful this time. If you have questions, please call the admissions office on 400-000-0000.',
  ),
};

/** "申请 A2027000003（幼儿园）：已录取。…" / "Application A2027000003 (Kindergarten): an offer has been made. …" */
export function statusSentence(
  applicantNumber: string,
  grade: string,
  stage: Stage,
  locale: PackLocale,
): string {
  const label = gradeLabel(grade, locale);
  const text = STAGE_TEXTS[stage][locale];
  return locale === 'zh-CN'
    ? `申请 ${applicantNumber}（${label}）：${text}`
    : `Application ${applicantNumber} (${label}): ${text}`;
}

/**
 * The one answer to every failed check: the same whether the number exists or not, so the reply
 * cannot be used to find out which numbers are taken.
 */
export const NOT_MATCHED = t(
  '报名编号与出生日期未能核实。',
  'The application number and date of birth could not be verified.',
);

export const TOO_MANY_ATTEMPTS = t(
  '核实失败次数过多，请一小时后再试。',
  'There have been too many unsuccessful attempts; please try again in an hour.',
);

export const MALFORMED_NUMBER = t(
  '报名编号格式不正确：以 A 开头，后面 10 位数字。',
  'That is not an application number: it is an A followed by 10 digits.',
);

export const MALFORMED_BIRTH_DATE = t(
  '出生日期不完整，请包括年、月、日。',
  'The date of birth is incomplete; please give the year, month and day.',
);

export const NO_CONSENT = t(
  '需要先取得监护人同意，才能查询孩子的报名信息。',
  'A guardian’s consent is needed before a child’s application can be looked up.',
);

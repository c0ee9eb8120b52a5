import type { EntityVocabulary } from '../../../core/index.ts';

/** A clinical department a patient can be sent to. Ids are stable: flows, routing and reports rely on them. */
export interface MedicalDepartment {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
}

interface DepartmentNames extends MedicalDepartment {
  /** What people type: abbreviations, older names, the doctor instead of the department. */
  readonly synonyms: readonly string[];
}

// 妇产科 is one word for two clinics. It maps to `gynecology`, the clinic that sees non-pregnant
// women and most "妇产科" visits; when a pregnancy is mentioned the triage ranks `obstetrics`
// first (see triage.ts), so an expectant mother is not misdirected by the choice. OB/GYN follows.
const DEPARTMENTS: readonly DepartmentNames[] = [
  dept(
    'cardiology',
    '心血管内科',
    'Cardiology',
    '心内科|心内|心脏科|心血管科|心脏内科|心脏病科|心血管|cardiology|cardiologist|cardio|heart doctor|heart clinic|heart specialist|cardiac clinic',
  ),
  dept(
    'respiratory',
    '呼吸内科',
    'Respiratory Medicine',
    '呼吸科|呼内|肺科|肺病科|呼吸与危重症医学科|呼吸与危重症科|respiratory|respiratory medicine|pulmonology|pulmonologist|lung doctor|lung specialist|chest clinic|respirology',
  ),
  dept(
    'gastroenterology',
    '消化内科',
    'Gastroenterology',
    '消化科|消内|胃肠科|胃肠内科|肠胃科|胃病科|gastroenterology|gastroenterologist|gastro|gi clinic|stomach doctor|digestive medicine',
  ),
  dept('neurology', '神经内科', 'Neurology', '神内|神经科|neurology|neurologist|neuro|nerve doctor'),
  dept(
    'endocrinology',
    '内分泌科',
    'Endocrinology',
    '内分泌|内分泌代谢科|糖尿病科|糖尿病门诊|endocrinology|endocrinologist|diabetes clinic|hormone doctor',
  ),
  dept(
    'nephrology',
    '肾内科',
    'Nephrology',
    '肾脏内科|肾病科|肾科|nephrology|nephrologist|kidney doctor|kidney clinic|renal clinic|renal medicine',
  ),
  dept(
    'hematology',
    '血液科',
    'Hematology',
    '血液内科|血液病科|hematology|haematology|hematologist|haematologist|blood doctor|blood specialist',
  ),
  dept(
    'rheumatology',
    '风湿免疫科',
    'Rheumatology and Immunology',
    '风湿科|免疫科|风湿免疫|风湿病科|风免科|rheumatology|rheumatologist|rheumatism clinic|immunology clinic',
  ),
  dept(
    'infectious_disease',
    '感染科',
    'Infectious Diseases',
    '感染性疾病科|感染内科|传染科|传染病科|肝病科|发热门诊|肠道门诊|infectious disease|infectious diseases|infection clinic|fever clinic|id clinic',
  ),
  dept(
    'general_surgery',
    '普通外科',
    'General Surgery',
    '普外科|普外|外科|肝胆外科|胃肠外科|甲状腺外科|肝胆科|general surgery|general surgeon|surgery clinic|surgeon',
  ),
  dept(
    'orthopedics',
    '骨科',
    'Orthopedics',
    '骨伤科|创伤骨科|脊柱外科|关节外科|运动医学科|orthopedics|orthopaedics|orthopedic|orthopaedic|orthopedist|bone doctor|ortho|sports medicine|fracture clinic|spine clinic',
  ),
  dept('urology', '泌尿外科', 'Urology', '泌尿科|泌外|泌尿|urology|urologist'),
  dept(
    'neurosurgery',
    '神经外科',
    'Neurosurgery',
    '神外|脑外科|脑外|neurosurgery|neurosurgeon|brain surgeon|brain surgery',
  ),
  dept(
    'thoracic_surgery',
    '胸外科',
    'Thoracic Surgery',
    '心胸外科|胸心外科|胸外|心外科|thoracic surgery|thoracic surgeon|chest surgeon|cardiothoracic surgery|cardiac surgery|heart surgeon',
  ),
  dept(
    'breast_surgery',
    '乳腺外科',
    'Breast Surgery',
    '乳腺科|乳腺|乳房外科|breast surgery|breast clinic|breast surgeon|breast specialist',
  ),
  dept(
    'vascular_surgery',
    '血管外科',
    'Vascular Surgery',
    '血管科|周围血管科|vascular surgery|vascular surgeon|vein clinic',
  ),
  dept(
    'anorectal',
    '肛肠科',
    'Anorectal Surgery',
    '肛肠外科|肛肠|痔疮科|肛门科|anorectal|anorectal surgery|proctology|proctologist|colorectal clinic|hemorrhoid clinic',
  ),
  dept(
    'plastic_surgery',
    '整形外科',
    'Plastic Surgery',
    '整形科|整形|整容科|医学美容科|美容科|烧伤整形科|烧伤科|plastic surgery|plastic surgeon|cosmetic surgery|reconstructive surgery|burns clinic',
  ),
  dept(
    'gynecology',
    '妇科',
    'Gynecology',
    "妇产科|妇科门诊|gynecology|gynaecology|gynecologist|gynaecologist|gyno|ob/gyn|obgyn|ob-gyn|women's health",
  ),
  dept(
    'obstetrics',
    '产科',
    'Obstetrics',
    '产科门诊|产检|孕检|obstetrics|obstetrician|prenatal clinic|antenatal clinic|maternity clinic|maternity',
  ),
  dept(
    'reproductive_medicine',
    '生殖医学科',
    'Reproductive Medicine',
    '生殖科|生殖中心|生殖医学中心|辅助生殖科|不孕不育科|试管婴儿|reproductive medicine|fertility clinic|fertility specialist|ivf|ivf clinic',
  ),
  dept('andrology', '男科', 'Andrology', "男性科|男性病科|andrology|andrologist|men's health|men's clinic"),
  dept(
    'pediatrics',
    '儿科',
    'Pediatrics',
    "小儿科|儿科门诊|儿内科|儿童科|pediatrics|paediatrics|pediatric|paediatric|pediatrician|paediatrician|children's clinic|kids doctor",
  ),
  dept(
    'ophthalmology',
    '眼科',
    'Ophthalmology',
    '眼科门诊|眼睛科|视光科|ophthalmology|ophthalmologist|eye doctor|eye clinic|eye specialist|optometrist',
  ),
  dept(
    'ent',
    '耳鼻咽喉科',
    'ENT (Otolaryngology)',
    '耳鼻喉科|耳鼻喉|耳鼻咽喉头颈外科|五官科|ent|ear nose and throat|ear, nose and throat|otolaryngology|otolaryngologist|ear doctor',
  ),
  dept(
    'stomatology',
    '口腔科',
    'Stomatology (Dental)',
    '口腔|牙科|牙医|口腔医学科|口腔门诊|看牙|dental|dentist|dentistry|dental clinic|stomatology|oral medicine',
  ),
  dept(
    'dermatology',
    '皮肤科',
    'Dermatology',
    '皮肤病科|皮科|皮肤性病科|性病科|dermatology|dermatologist|derm|skin doctor|skin clinic',
  ),
  dept(
    'psychiatry',
    '精神心理科',
    'Psychiatry and Psychology',
    '精神科|心理科|心理咨询|心理门诊|精神卫生科|心身医学科|psychiatry|psychiatrist|psych|psychology clinic|psychologist|mental health|counseling|counselling|therapist',
  ),
  dept(
    'oncology',
    '肿瘤科',
    'Oncology',
    '肿瘤内科|放疗科|化疗科|oncology|oncologist|cancer doctor|cancer clinic|cancer center|cancer centre|radiotherapy',
  ),
  dept(
    'rehabilitation',
    '康复医学科',
    'Rehabilitation Medicine',
    '康复科|康复|理疗科|理疗|rehabilitation|rehab|physical therapy|physiotherapy|physio',
  ),
  dept(
    'tcm',
    '中医科',
    'Traditional Chinese Medicine',
    '中医|中医内科|中医门诊|针灸科|针灸|推拿科|推拿|tcm|traditional chinese medicine|chinese medicine|acupuncture',
  ),
  dept(
    'emergency',
    '急诊科',
    'Emergency Department',
    '急诊|急诊室|急诊中心|急救中心|emergency|emergency department|emergency room|er|a&e|accident and emergency|casualty',
  ),
  dept(
    'general_practice',
    '全科医学科',
    'General Practice',
    '全科|全科门诊|普通内科|综合内科|内科|家庭医生|gp|general practice|general practitioner|family doctor|family medicine|primary care|internal medicine',
  ),
];

function dept(id: string, zh: string, en: string, synonyms: string): DepartmentNames {
  return { id, zh, en, synonyms: synonyms.split('|') };
}

export const MEDICAL_DEPARTMENTS: readonly MedicalDepartment[] = DEPARTMENTS.map(({ id, zh, en }) => ({
  id,
  zh,
  en,
}));

const BY_ID = new Map(MEDICAL_DEPARTMENTS.map((d) => [d.id, d]));

/** The department with this id, or undefined: ids come from configuration and requests, so check them. */
export function medicalDepartment(id: string): MedicalDepartment | undefined {
  return BY_ID.get(id);
}

/** Department names for the entity engine; both official names are synonyms too, so they match as typed. */
export const departmentVocabulary: EntityVocabulary = {
  type: 'department',
  pinyin: true,
  entries: DEPARTMENTS.map((d) => ({ value: d.id, synonyms: [d.zh, d.en.toLowerCase(), ...d.synonyms] })),
};

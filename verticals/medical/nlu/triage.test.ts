import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../core/index.ts';
import { MEDICAL_DEPARTMENTS } from './departments.ts';
import { TRIAGE_DISCLAIMER, triageDepartments } from './triage.ts';

type Case = readonly [text: string, department: string, within: 1 | 3];
const top1 = (text: string, department: string): Case => [text, department, 1];
const top3 = (text: string, department: string): Case => [text, department, 3];

const ZH: readonly Case[] = [
  top1('孩子发烧39度挂哪个科', 'pediatrics'),
  top1('宝宝咳嗽流鼻涕三天了', 'pediatrics'),
  top1('我儿子拉肚子还吐了', 'pediatrics'),
  top1('3岁小孩肚子疼', 'pediatrics'),
  top1('女儿起疹子还发烧', 'pediatrics'),
  top3('孩子牙疼', 'pediatrics'),
  top1('孩子牙疼', 'stomatology'),
  top1('怀孕8周肚子疼', 'obstetrics'),
  top1('孕妇小腹痛', 'obstetrics'),
  top1('怀孕了下面出血', 'obstetrics'),
  top1('孕吐很厉害', 'obstetrics'),
  top1('胎动减少了', 'obstetrics'),
  top1('我不发烧，就是咳嗽', 'respiratory'),
  top1('没有发烧，嗓子疼', 'ent'),
  top1('喉咙痛，鼻塞', 'ent'),
  top1('耳鸣好几个月了', 'ent'),
  top1('牙龈出血', 'stomatology'),
  top1('眼睛红还痒', 'ophthalmology'),
  top1('看东西模糊', 'ophthalmology'),
  top1('最近老是心慌胸闷', 'cardiology'),
  top1('血压高，头有点晕', 'cardiology'),
  top3('胸口很痛喘不上气', 'emergency'),
  top1('胃疼反酸烧心', 'gastroenterology'),
  top1('拉肚子一天跑了十次厕所', 'gastroenterology'),
  top1('大便带血', 'gastroenterology'),
  top1('痔疮犯了', 'anorectal'),
  top1('右下腹痛', 'general_surgery'),
  top1('头疼头晕', 'neurology'),
  top1('手脚发麻', 'neurology'),
  top1('腰疼好几天了', 'orthopedics'),
  top1('崴脚了肿得厉害', 'orthopedics'),
  top1('膝盖疼上下楼梯更疼', 'orthopedics'),
  top1('关节肿还晨僵', 'rheumatology'),
  top1('尿频尿急尿痛', 'urology'),
  top1('尿里有泡沫', 'nephrology'),
  top1('月经不调', 'gynecology'),
  top1('白带异常有异味', 'gynecology'),
  top1('我老公勃起困难', 'andrology'),
  top1('早泄挂什么科', 'andrology'),
  top1('乳房有肿块', 'breast_surgery'),
  top1('脸上长痘痘', 'dermatology'),
  top1('身上起红点很痒', 'dermatology'),
  top1('脱发严重', 'dermatology'),
  top1('失眠睡不着', 'psychiatry'),
  top1('最近情绪低落，对什么都没兴趣', 'psychiatry'),
  top1('口渴喝水多，血糖高', 'endocrinology'),
  top1('甲状腺结节', 'endocrinology'),
  top1('怀不上孩子', 'reproductive_medicine'),
  top1('腿上青筋突出', 'vascular_surgery'),
  top1('被狗咬了', 'emergency'),
  top1('手被开水烫了', 'plastic_surgery'),
  top1('中风后遗症想做康复', 'rehabilitation'),
  top1('上火口苦，想调理身体', 'tcm'),
  top1('乙肝大三阳', 'infectious_disease'),
  top1('贫血，脸色苍白', 'hematology'),
  top1('醫生我胃痛', 'gastroenterology'),
  top1('宝宝39度', 'pediatrics'),
  top1('孩子从床上摔下来了', 'emergency'),
];

const EN: readonly Case[] = [
  top1('my son has a fever', 'pediatrics'),
  top1('my daughter has a cough and a runny nose', 'pediatrics'),
  top1('baby has diarrhea and is vomiting', 'pediatrics'),
  top1('my 4 year old has a tummy ache', 'pediatrics'),
  top1('toddler with a rash and fever', 'pediatrics'),
  top1('my kid has an earache', 'ent'),
  top3('my kid has an earache', 'pediatrics'),
  top1("I'm pregnant and have a stomach ache", 'obstetrics'),
  top1('20 weeks pregnant with lower abdominal pain', 'obstetrics'),
  top1('pregnant and spotting', 'obstetrics'),
  top1('bad morning sickness', 'obstetrics'),
  top1('no fever but a sore throat', 'ent'),
  top1('I do not have a fever, just a cough', 'respiratory'),
  top1('sore throat and hoarse voice', 'ent'),
  top1('ringing in my ears', 'ent'),
  top1('blocked nose and sneezing', 'ent'),
  top1('toothache', 'stomatology'),
  top1('bleeding gums', 'stomatology'),
  top1('blurry vision', 'ophthalmology'),
  top1('red eyes that itch', 'ophthalmology'),
  top1('palpitations and chest tightness', 'cardiology'),
  top1('high blood pressure', 'cardiology'),
  top3('chest pain and shortness of breath', 'emergency'),
  top1('heartburn and acid reflux', 'gastroenterology'),
  top1('diarrhoea for two days', 'gastroenterology'),
  top1('blood in my stool', 'gastroenterology'),
  top1('piles', 'anorectal'),
  top1('pain in the lower right of my belly', 'general_surgery'),
  top1('headache and dizziness', 'neurology'),
  top1('numbness and tingling in my hands', 'neurology'),
  top1('back pain', 'orthopedics'),
  top1('I twisted my ankle', 'orthopedics'),
  top1('knee pain when I climb stairs', 'orthopedics'),
  top1('swollen joints and morning stiffness', 'rheumatology'),
  top1('it burns when I pee', 'urology'),
  top1('foamy urine', 'nephrology'),
  top1('irregular periods', 'gynecology'),
  top1('my husband has erectile dysfunction', 'andrology'),
  top1('lump in my breast', 'breast_surgery'),
  top1('acne on my face', 'dermatology'),
  top1('itchy skin and hives', 'dermatology'),
  top1("I can't sleep", 'psychiatry'),
  top1('feeling down and anxious', 'psychiatry'),
  top1('always thirsty and high blood sugar', 'endocrinology'),
  top1("we can't get pregnant", 'reproductive_medicine'),
  top1('varicose veins', 'vascular_surgery'),
  top1('dog bite', 'emergency'),
  top1('recovery after surgery', 'rehabilitation'),
  top1('hepatitis b', 'infectious_disease'),
  top1('bruise easily and look pale', 'hematology'),
  top1('UTI symptoms: peeing a lot', 'urology'),
];

const MIXED: readonly Case[] = [
  top1('孩子 fever 三天了', 'pediatrics'),
  top1('我有 sore throat', 'ent'),
  top1('my baby 拉肚子', 'pediatrics'),
  top1('pregnant 肚子疼', 'obstetrics'),
  top1('toothache 很严重', 'stomatology'),
];

const rank = (text: string) => triageDepartments(text, { limit: 3 }).map((s) => s.department);

describe('triage ranking', () => {
  for (const [language, cases] of [
    ['zh', ZH],
    ['en', EN],
    ['mixed', MIXED],
  ] as const)
    it.each(cases)(`${language}: %s → %s (top %i)`, (text, department, within) =>
      expect(rank(text).slice(0, within)).toContain(department),
    );

  it('has at least 40 cases in each language', () => {
    expect(ZH.length).toBeGreaterThanOrEqual(40);
    expect(EN.length).toBeGreaterThanOrEqual(40);
  });
});

describe('triage answers', () => {
  it('returns nothing when no complaint is described', () => {
    for (const text of ['你们几点上班', '我想预约心内科', 'what are your opening hours', '', '   '])
      expect(triageDepartments(text)).toEqual([]);
  });

  it('ignores a negated complaint', () => {
    expect(triageDepartments('不发烧')).toEqual([]);
    expect(triageDepartments('没有咳嗽')).toEqual([]);
    expect(triageDepartments('no fever')).toEqual([]);
    expect(triageDepartments('denies chest pain')).toEqual([]);
    expect(triageDepartments('不发烧，但是牙疼')[0]?.department).toBe('stomatology');
  });

  it('names the complaints and cues in both languages, never a diagnosis', () => {
    const [first] = triageDepartments('孩子发烧咳嗽');
    expect(first).toEqual({
      department: 'pediatrics',
      score: expect.any(Number),
      reason: { 'zh-CN': '提到：发烧、咳嗽；儿童', en: 'mentions: fever, cough; a child' },
    });
    const [pregnant] = triageDepartments('怀孕了肚子疼');
    expect(pregnant?.reason).toEqual({
      'zh-CN': '提到：肚子疼；孕期',
      en: 'mentions: abdominal pain; pregnancy',
    });
  });

  it('ranks best first with shares of the evidence', () => {
    const all = triageDepartments('咳嗽发烧流鼻涕', { limit: 33 });
    const scores = all.map((s) => s.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
    for (const s of all) expect(MEDICAL_DEPARTMENTS.some((d) => d.id === s.department)).toBe(true);
    expect(triageDepartments('咳嗽发烧流鼻涕', { limit: 1 })).toHaveLength(1);
    expect(triageDepartments('咳嗽发烧流鼻涕')).toHaveLength(3);
  });

  it('drops the clinics of the other sex once the sex is known', () => {
    expect(rank('我老公小肚子疼')).not.toContain('gynecology');
    expect(
      triageDepartments('my wife has painful urination', { limit: 33 }).map((s) => s.department),
    ).not.toContain('andrology');
  });

  it('rejects a bad limit or a non-string text with a clear error', () => {
    for (const limit of [0, -1, 1.5, 34, Number.NaN]) {
      const attempt = () => triageDepartments('头疼', { limit });
      expect(attempt).toThrow(/limit must be an integer/);
      try {
        attempt();
      } catch (error) {
        expect(isAppError(error) && error.code).toBe('validation_failed');
      }
    }
    expect(() => triageDepartments(42 as unknown as string)).toThrow(/text must be a string/);
  });

  it('ships a disclaimer that suggests, never diagnoses', () => {
    expect(TRIAGE_DISCLAIMER['zh-CN']).toMatch(/不是诊断/);
    expect(TRIAGE_DISCLAIMER['zh-CN']).toMatch(/急诊/);
    expect(TRIAGE_DISCLAIMER.en).toMatch(/not a diagnosis/);
    expect(TRIAGE_DISCLAIMER.en).toMatch(/emergency department/);
  });
});

import type { TrainingExample } from './train-intent.ts';

/**
 * An invented, bilingual hospital front desk, small enough for fast tests: four intents with
 * templated utterances, plus out-of-scope examples for threshold tuning.
 */
const TEMPLATES: Record<string, readonly string[]> = {
  book_appointment: [
    '我想预约{d}',
    '帮我挂{d}的号',
    '能约{d}吗',
    '预约{d}门诊',
    '我要挂号看{d}',
    '挂一个{d}专家号',
    'i want to book {e}',
    'book an appointment with {e}',
    'can i see {e} doctor',
    'make an appointment for {e}',
    'schedule a visit to {e}',
    'i need an appointment in {e}',
  ],
  cancel_appointment: [
    '取消{d}的预约',
    '我想退{d}的号',
    '不去{d}了帮我取消',
    '把{d}预约取消掉',
    '退掉{d}的挂号',
    '取消挂号{d}',
    'cancel my {e} appointment',
    'i want to cancel {e}',
    'please cancel the {e} booking',
    'drop my {e} visit',
    'cancel the appointment with {e}',
    'i can no longer come to {e}, cancel it',
  ],
  opening_hours: [
    '{d}几点开门',
    '{d}周末上班吗',
    '{d}什么时候下班',
    '{d}的门诊时间',
    '{d}几点关门',
    '{d}营业时间是多少',
    'what time does {e} open',
    'when is {e} open',
    'opening hours of {e}',
    'is {e} open on sunday',
    'what time does {e} close',
    'hours for {e}',
  ],
  ask_price: [
    '{d}挂号费多少钱',
    '看{d}要多少钱',
    '{d}收费贵吗',
    '{d}检查费用',
    '{d}的价格',
    '{d}一次多少钱',
    'how much is {e}',
    'what does a {e} visit cost',
    'price of {e} consultation',
    'fees for {e}',
    'how expensive is {e}',
    'cost of seeing {e}',
  ],
};
const ZH = ['心内科', '眼科', '儿科', '皮肤科', '口腔科'];
const EN = ['cardiology', 'eye clinic', 'pediatrics', 'dermatology', 'dental'];

export function syntheticExamples(departments = [0, 1, 2, 3]): TrainingExample[] {
  const out: TrainingExample[] = [];
  for (const [intent, templates] of Object.entries(TEMPLATES)) {
    for (const i of departments) {
      for (const t of templates)
        out.push({ text: t.replace('{d}', ZH[i] as string).replace('{e}', EN[i] as string), intent });
    }
  }
  return out;
}

export const OUT_OF_SCOPE_TEXTS = [
  '今天股票涨了吗',
  '推荐一部好看的电影',
  '怎么做红烧肉',
  '帮我写一首诗',
  '火星离地球多远',
  'what is the capital of peru',
  'tell me a joke about cats',
  'how do i change a car tyre',
  'who won the football game',
  'translate hello into french',
];

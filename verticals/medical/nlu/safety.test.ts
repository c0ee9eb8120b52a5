import { describe, expect, it } from 'vitest';
import { EMERGENCY_NUMBERS, emergencyNumberFor, medicalSafety } from './safety.ts';

type Flag = readonly [text: string, rule: string];

const ZH_FLAGS: readonly Flag[] = [
  ['胸口很痛喘不上气', 'chest_pain_breathless'],
  ['胸痛，出了一身冷汗', 'chest_pain_breathless'],
  ['胸口疼得厉害，左胳膊也疼', 'chest_pain_breathless'],
  ['胸 痛，喘不上气', 'chest_pain_breathless'],
  ['我爸心梗了', 'chest_pain_breathless'],
  ['胸口痛', 'chest_pain'],
  ['我爸突然说话不清楚，嘴歪了', 'stroke_signs'],
  ['奶奶口角歪斜', 'stroke_signs'],
  ['半边身子没力', 'stroke_signs'],
  ['妈妈一只手突然抬不起来', 'stroke_signs'],
  ['手上的伤口血流不止', 'severe_bleeding'],
  ['流了好多血，止不住', 'severe_bleeding'],
  ['吐了一大口血', 'severe_bleeding'],
  ['我妈晕倒了', 'unconscious'],
  ['人叫不醒了', 'unconscious'],
  ['爷爷昏迷了', 'unconscious'],
  ['吃了海鲜后喘不上气', 'anaphylaxis'],
  ['被蜜蜂蛰了，嘴唇肿了', 'anaphylaxis'],
  ['打完青霉素呼吸困难', 'anaphylaxis'],
  ['喉咙突然发紧', 'anaphylaxis'],
  ['孩子抽搐了', 'seizure'],
  ['孩子高烧抽搐', 'seizure'],
  ['老人口吐白沫', 'seizure'],
  ['我不想活了', 'self_harm'],
  ['想自杀', 'self_harm'],
  ['活着没意思，想死', 'self_harm'],
  ['我割腕了', 'self_harm'],
  ['宝宝发烧39度', 'infant_fever'],
  ['婴儿高烧', 'infant_fever'],
  ['宝宝精神很差', 'infant_fever'],
  ['3个月的宝宝发烧40度', 'infant_fever'],
  ['新生儿发热', 'infant_fever'],
  ['我妈吃了一整瓶安眠药', 'poisoning'],
  ['他喝了农药', 'poisoning'],
  ['家里有人煤气中毒', 'poisoning'],
  ['出车祸了', 'severe_trauma'],
  ['从三楼摔下来了', 'severe_trauma'],
  ['骨头露出来了', 'severe_trauma'],
  ['被车撞了', 'severe_trauma'],
  ['呼吸困难', 'breathing_difficulty'],
  ['喘不过气来', 'breathing_difficulty'],
  ['嘴唇发紫', 'breathing_difficulty'],
  ['大面积烫伤', 'severe_burn'],
  ['孩子触电了', 'severe_burn'],
  ['怀孕10周出血了', 'pregnancy_bleeding'],
  ['孕妇见红', 'pregnancy_bleeding'],
  ['阴道流血，我怀孕了', 'pregnancy_bleeding'],
  ['发高烧，脖子硬', 'fever_stiff_neck'],
  ['头痛欲裂', 'thunderclap_headache'],
  ['高烧40度不退', 'very_high_fever'],
  ['醫生，我胸口很痛，喘不上氣', 'chest_pain_breathless'],
];

const ZH_CALM: readonly string[] = [
  '不胸痛',
  '没有呼吸困难',
  '否认胸痛',
  '胸口不痛了',
  '胸口有点闷，可能是没睡好',
  '腿抽筋了',
  '头有点晕',
  '我没有晕倒过',
  '没有晕倒，也没有抽搐',
  '手指划了个小口子，出了点血',
  '牙龈出血',
  '想死你了',
  '我不想死',
  '孩子发烧38度',
  '宝宝没有发烧，精神很好',
  '宝宝不发烧',
  '宝宝精神挺好的',
  '花生过敏吗',
  '过敏性鼻炎又犯了',
  '嗓子疼，喉咙有点肿',
  '被蚊子咬了很痒',
  '我有癫痫，想复诊开药',
  '孩子没有抽搐，只是发烧',
  '蔬菜上的农药残留怎么洗',
  '手被烫了一下，有点红',
  '小面积烫伤起了个小水泡',
  '怀孕了，没有出血',
  '没怀孕，月经量多',
  '发烧但是脖子不硬',
  '不发烧，脖子有点僵',
  '嘴巴有点干',
  '眼皮跳',
  '说话声音有点哑',
  '最近压力大，睡不好',
  '累死了',
  '笑死我了',
  '我昨天摔了一跤，膝盖擦破皮',
  '头疼两天了',
  '血压有点高',
  '月经来了肚子疼',
  '打完疫苗有点发热',
  '你们医院几点开门',
  '预约心内科',
  '我想咨询一下体检套餐',
  '我没意识到要提前预约',
  '运动完出了一身汗',
  '就在门口斜对面',
];

const EN_FLAGS: readonly Flag[] = [
  ['chest pain and shortness of breath', 'chest_pain_breathless'],
  ['crushing chest pain', 'chest_pain_breathless'],
  ['chest pain and sweating a lot', 'chest_pain_breathless'],
  ['my dad is having a heart attack', 'chest_pain_breathless'],
  ['I have chest pain', 'chest_pain'],
  ["my dad's face is drooping", 'stroke_signs'],
  ['slurred speech since this morning', 'stroke_signs'],
  ['weakness on one side of her body', 'stroke_signs'],
  ["my mom can't lift her arm", 'stroke_signs'],
  ['I think he is having a stroke', 'stroke_signs'],
  ['bleeding heavily from a cut', 'severe_bleeding'],
  ["it won't stop bleeding", 'severe_bleeding'],
  ['vomiting blood', 'severe_bleeding'],
  ['my husband passed out', 'unconscious'],
  ['she fainted in the bathroom', 'unconscious'],
  ['he is unconscious', 'unconscious'],
  ["I can't wake him up", 'unconscious'],
  ['my throat is swelling after eating peanuts', 'anaphylaxis'],
  ["stung by a bee and now I can't breathe", 'anaphylaxis'],
  ["I think it's anaphylaxis", 'anaphylaxis'],
  ['his lips are swelling', 'anaphylaxis'],
  ['my son is having a seizure', 'seizure'],
  ['she is convulsing', 'seizure'],
  ['I want to kill myself', 'self_harm'],
  ['I want to end my life', 'self_harm'],
  ['I have been cutting myself', 'self_harm'],
  ["I don't want to live anymore", 'self_harm'],
  ['suicidal thoughts', 'self_harm'],
  ['my baby has a high fever', 'infant_fever'],
  ['the baby is lethargic and floppy', 'infant_fever'],
  ['high fever in my 2-month-old baby', 'infant_fever'],
  ['newborn with a fever', 'infant_fever'],
  ['my daughter took a whole bottle of pills', 'poisoning'],
  ['he drank bleach', 'poisoning'],
  ['possible overdose', 'poisoning'],
  ['carbon monoxide poisoning', 'poisoning'],
  ['car accident, my leg is hurt', 'severe_trauma'],
  ['he fell from the roof', 'severe_trauma'],
  ['the bone is sticking out', 'severe_trauma'],
  ["I can't breathe", 'breathing_difficulty'],
  ['difficulty breathing', 'breathing_difficulty'],
  ['severe burns on his arm', 'severe_burn'],
  ['he got an electric shock', 'severe_burn'],
  ["I'm pregnant and bleeding", 'pregnancy_bleeding'],
  ['bleeding at 10 weeks pregnant', 'pregnancy_bleeding'],
  ['fever and a stiff neck', 'fever_stiff_neck'],
  ['worst headache of my life', 'thunderclap_headache'],
  ['fever of 40 for three days', 'very_high_fever'],
  ['CHEST PAIN AND SHORTNESS OF BREATH', 'chest_pain_breathless'],
];

const EN_CALM: readonly string[] = [
  'no chest pain',
  'I do not have chest pain',
  'denies chest pain',
  'not bleeding',
  'I cut my finger a little',
  'I cut myself shaving',
  'I cut myself while cooking',
  "I don't want to die",
  'no shortness of breath',
  'my chest feels a bit tight, probably from stress',
  'leg cramps at night',
  'I feel a little dizzy',
  'I have never fainted',
  'she has not passed out',
  'she is not unconscious, she is awake',
  'my baby has a mild cold',
  'baby has no fever',
  'the baby is sleeping well',
  'my son has a fever of 38',
  'I need a refill of my seizure medication',
  'no seizures since last year',
  'sunburn on my shoulders',
  'I burned my finger on the stove',
  'food poisoning from takeaway',
  'poison ivy rash',
  'I fell down the stairs last year',
  "I'm not pregnant, but bleeding a little between periods",
  'fever but no stiff neck',
  'I had a flu shot',
  'heat stroke prevention tips',
  'my heart is racing a little after coffee',
  'breathing is fine',
  "I'm not suicidal",
  'no thoughts of self-harm',
  'no vomiting blood',
  'I scraped my knee, it bled a little',
  'what are your opening hours',
  'book an appointment with cardiology',
  'how much is a check-up',
  'I have a headache',
  'sore throat and runny nose',
  'my mom has high blood pressure',
  'back pain after lifting boxes',
  'my knee hurts',
  'my daughter has a rash',
  'toddler has a runny nose',
];

describe('medical red flags', () => {
  for (const [language, flags, calm] of [
    ['zh', ZH_FLAGS, ZH_CALM],
    ['en', EN_FLAGS, EN_CALM],
  ] as const) {
    it.each(flags)(`${language} flags: %s → %s`, (text, rule) =>
      expect(medicalSafety(text).reasons).toContain(rule),
    );
    it.each(calm)(`${language} calm: %s`, (text) => expect(medicalSafety(text).reasons).toEqual([]));
  }

  it('has at least 40 flagged and 40 calm cases in each language', () => {
    for (const cases of [ZH_FLAGS, ZH_CALM, EN_FLAGS, EN_CALM])
      expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it('calls an emergency only for an emergency rule', () => {
    expect(medicalSafety('胸口很痛喘不上气')).toMatchObject({ emergency: true, severity: 'emergency' });
    expect(medicalSafety('胸口痛')).toEqual({
      emergency: false,
      severity: 'urgent',
      reasons: ['chest_pain'],
    });
    expect(medicalSafety('你好')).toEqual({ emergency: false, severity: 'none', reasons: [] });
  });

  it('rejects a non-string message', () => {
    expect(() => medicalSafety(undefined as unknown as string)).toThrow(/text must be a string/);
  });
});

describe('emergency numbers', () => {
  it.each([
    ['CN', '120'],
    ['cn', '120'],
    ['US', '911'],
    ['GB', '999'],
    ['EU', '112'],
    ['HK', '999'],
    ['AU', '000'],
    ['Asia/Shanghai', '120'],
    ['Asia/Hong_Kong', '999'],
    ['Europe/London', '999'],
    ['Europe/Berlin', '112'],
    ['Europe/Tallinn', '112'],
    ['America/Chicago', '911'],
    ['America/Toronto', '911'],
    ['Australia/Sydney', '000'],
    ['Antarctica/Troll', '112'],
    ['XX', '112'],
  ])('%s → %s', (where, number) => expect(emergencyNumberFor(where)).toBe(number));

  it('lists a medical number first for every country', () => {
    for (const [country, numbers] of Object.entries(EMERGENCY_NUMBERS)) {
      expect(country).toMatch(/^[A-Z]{2}$/);
      expect(numbers.length).toBeGreaterThan(0);
      for (const n of numbers) expect(n).toMatch(/^\d{2,5}$/);
    }
  });

  it('needs a country or a zone', () => {
    expect(() => emergencyNumberFor('  ')).toThrow(/country code or time zone/);
  });
});

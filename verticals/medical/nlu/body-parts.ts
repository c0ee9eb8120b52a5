import { COMPLAINT_KINDS, type ComplaintKind } from './complaints.ts';
import { MEDICAL_DEPARTMENTS } from './departments.ts';

/**
 * The body map: every region patients name, with the words they use (official, colloquial,
 * dialect; Chinese and English), and the clinics that see a complaint there. The same region
 * goes to different clinics by complaint: a neck that is stiff goes to orthopedics, a lump in
 * it to general surgery, a swelling at the front of it to endocrinology. Weights are relative,
 * as in symptoms.ts (4 = the obvious clinic).
 */
export interface BodyPart {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  readonly forms: readonly string[];
  /** Clinics for each complaint kind; kinds not listed use `other`. */
  readonly clinics: Readonly<Record<ComplaintKind, Readonly<Record<string, number>>>>;
  /** Extra weights once the patient's sex is known. */
  readonly female: Readonly<Record<string, number>>;
  readonly male: Readonly<Record<string, number>>;
}

type Spec = Readonly<Record<string, string>>;

const SKIN = 'dermatology:4';
const ORTHO = 'orthopedics:4 rehabilitation:1';
const JOINT: Spec = {
  other: ORTHO,
  swelling: 'orthopedics:3 rheumatology:2',
  stiffness: 'orthopedics:3 rheumatology:2 rehabilitation:1',
  numbness: 'neurology:3 orthopedics:2',
  weakness: 'orthopedics:3 neurology:2',
  'itch dry rash': SKIN,
  lump: 'orthopedics:3 general_surgery:2',
};
const LIMB: Spec = {
  ...JOINT,
  swelling: 'orthopedics:3 vascular_surgery:1 cardiology:1',
  stiffness: 'orthopedics:3 rehabilitation:2',
  weakness: 'neurology:3 orthopedics:2',
  lump: 'general_surgery:3 orthopedics:1',
  bleeding: 'general_surgery:3 emergency:1',
};

// id | 中文 / English | forms — followed by the clinic spec of the region.
const PARTS: readonly (readonly [string, Spec])[] = [
  [
    'head | 头部 / head | 头, 脑袋, 脑壳, 脑瓜, 脑瓜子, 头部, 后脑勺, 后脑, 脑后, 太阳穴, 额头, 前额, 脑门, 头顶, 偏头, head, forehead, temple, temples, back of my head',
    {
      other: 'neurology:4 general_practice:1',
      lump: 'general_surgery:3 dermatology:2',
      'itch dry rash discharge': SKIN,
      injury: 'neurosurgery:3 emergency:2',
      bleeding: 'general_surgery:3 emergency:2',
      weakness: 'neurology:3 general_practice:1',
    },
  ],
  [
    'scalp | 头皮 / scalp | 头皮, 头皮屑, scalp, dandruff',
    { other: SKIN, lump: 'dermatology:3 general_surgery:2' },
  ],
  ['hair | 头发 / hair | 头发, 发际线, 眉毛, hair, hairline, eyebrows', { other: SKIN }],
  [
    'face | 面部 / face | 脸, 脸上, 脸部, 面部, 脸颊, 脸蛋, 腮帮子, 面颊, face, cheek, cheeks',
    {
      puffiness: 'nephrology:3 dermatology:1',
      other: SKIN,
      numbness: 'neurology:4',
      weakness: 'neurology:4',
      pain: 'neurology:2 stomatology:2 dermatology:1',
      swelling: 'dermatology:2 stomatology:2 nephrology:1',
      injury: 'plastic_surgery:3 general_surgery:2',
    },
  ],
  [
    'eye | 眼睛 / eye | 眼睛, 眼, 眼珠, 眼珠子, 眼球, 眼皮, 眼睑, 眼角, 眼眶, 眼圈, 眼白, 眼仁, 眼屎, 眼泪, 视力, eye, eyes, eyeball, eyeballs, eyelid, eyelids, eye lid, vision, eyesight',
    {
      puffiness: 'ophthalmology:3 nephrology:2',
      other: 'ophthalmology:4',
      numbness: 'ophthalmology:3 neurology:2',
    },
  ],
  [
    'ear | 耳朵 / ear | 耳朵, 耳, 耳朵眼, 耳朵里, 耳屎, 耵聍, ear wax, earwax, 耳垂, 耳后, 耳朵后面, 耳道, 听力, ear, ears, earlobe, hearing, eardrum',
    {
      other: 'ent:4',
      lump: 'ent:3 general_surgery:2',
      'itch rash': 'ent:3 dermatology:2',
    },
  ],
  [
    'nose | 鼻子 / nose | 鼻子, 鼻, 鼻孔, 鼻梁, 鼻腔, 鼻窦, 鼻头, 鼻屎, nose, nostril, nostrils, sinus, sinuses, snot',
    {
      other: 'ent:4',
      rash: 'dermatology:3 ent:1',
    },
  ],
  [
    'throat | 咽喉 / throat | 嗓子, 喉咙, 咽喉, 咽, 嗓子眼, 喉咙口, 扁桃体, 喉, 嗓门, 声音, 咽部, 吞咽, 吞口水, 咽口水, 咽东西, throat, swallow, swallowing, tonsils, voice, voice box, larynx',
    {
      other: 'ent:4 respiratory:1',
      discharge: 'respiratory:3 ent:3',
      tightness: 'ent:3 respiratory:2',
    },
  ],
  [
    'mouth | 口腔 / mouth | 嘴, 嘴巴, 嘴里, 口腔, 舌头, 舌, 舌苔, 上颚, 口里, 嘴角, mouth, tongue, palate, mouth corner',
    {
      other: 'stomatology:4',
      numbness: 'neurology:3 stomatology:2',
      discharge: 'stomatology:3 gastroenterology:2',
    },
  ],
  [
    'lips | 嘴唇 / lips | 嘴唇, 唇, 嘴皮, lips, lip',
    {
      other: 'stomatology:3 dermatology:2',
      'dry rash itch': 'dermatology:3 stomatology:2',
    },
  ],
  [
    'teeth | 牙齿和牙龈 / teeth and gums | 牙, 牙齿, 牙龈, 牙床, 牙肉, 后槽牙, 槽牙, 大牙, 门牙, 智齿, 牙根, 牙缝, 牙齿缝, 长牙, tooth, teeth, gum, gums, molar, molars, wisdom tooth, teething',
    {
      other: 'stomatology:4',
    },
  ],
  [
    'jaw | 下巴 / jaw | 下巴, 下颌, 下颚, 颌骨, 咬合, jaw, jaws, chin',
    { other: 'stomatology:4', rash: SKIN },
  ],
  [
    'neck | 颈部 / neck | 脖子, 颈, 颈部, 颈椎, 后脖颈, 脖颈, 后颈, 脖梗, 脖梗子, 脖子后面, neck, back of my neck, cervical',
    {
      other: 'orthopedics:4 rehabilitation:2 tcm:1',
      lump: 'general_surgery:3 hematology:2 ent:1',
      swelling: 'endocrinology:3 general_surgery:3 ent:1',
      'itch rash dry': SKIN,
      numbness: 'orthopedics:3 neurology:2',
    },
  ],
  [
    'throat_front | 颈前 / front of the neck | 脖子前面, 甲状腺, 喉结, front of my neck, thyroid',
    {
      other: 'endocrinology:4 general_surgery:2',
    },
  ],
  [
    'chest | 胸部 / chest | 胸, 胸口, 胸部, 胸前, 前胸, 心口, 胸腔, 胸骨, chest, breastbone',
    {
      other: 'cardiology:3 respiratory:2',
      pain: 'cardiology:3 respiratory:2 emergency:1',
      lump: 'thoracic_surgery:2 breast_surgery:2 general_surgery:1',
      'itch rash dry': SKIN,
      injury: 'orthopedics:2 thoracic_surgery:2 emergency:1',
      discharge: 'respiratory:4',
    },
  ],
  [
    'heart | 心脏 / heart | 心脏, 心跳, 心率, 心, heart, heartbeat, heart rate, pulse',
    {
      other: 'cardiology:4',
      discharge: 'cardiology:4',
    },
  ],
  [
    'lungs | 肺和呼吸 / lungs and breathing | 肺, 肺部, 肺里, 呼吸, 喘气, 气管, 支气管, lung, lungs, breathing, breath, windpipe, airway',
    {
      other: 'respiratory:4 cardiology:1',
      lump: 'thoracic_surgery:3 respiratory:3',
      tightness: 'respiratory:3 cardiology:2',
      weakness: 'respiratory:3 cardiology:2',
    },
  ],
  [
    'ribs | 肋骨 / ribs | 肋骨, 肋, 肋间, 肋下, 两肋, 胁, 胁肋, rib, ribs, rib cage',
    {
      other: 'orthopedics:3 thoracic_surgery:2',
      rash: 'dermatology:4',
      lump: 'thoracic_surgery:3 general_surgery:2',
    },
  ],
  [
    'breast | 乳房 / breast | 乳房, 乳头, 乳腺, 奶头, 咪咪, 胸部肿块, breast, breasts, boob, boobs, nipple, nipples, tit, tits',
    {
      other: 'breast_surgery:4 gynecology:1',
      'itch rash': 'breast_surgery:3 dermatology:2',
    },
  ],
  [
    'upper_abdomen | 上腹部 / upper abdomen | 胃, 上腹, 上腹部, 心窝, 心窝子, 胃部, 剑突下, stomach, upper stomach, upper belly, upper abdomen, pit of my stomach',
    {
      other: 'gastroenterology:4 general_practice:1',
      lump: 'general_surgery:3 gastroenterology:2',
      'itch rash': SKIN,
    },
  ],
  [
    'abdomen | 腹部 / abdomen | 肚子, 肚, 腹部, 腹, 肚皮, 肚腩, 肚肚, tummy, belly, abdomen, abdominal, gut, guts, bowels, bowel, intestines',
    {
      other: 'gastroenterology:4 general_surgery:1 general_practice:1',
      lump: 'general_surgery:4 gastroenterology:1',
      'itch rash dry': SKIN,
      injury: 'general_surgery:3 emergency:2',
    },
  ],
  [
    'lower_abdomen | 下腹部 / lower abdomen | 小肚子, 小腹, 下腹, 下腹部, 肚子下面, 耻骨, 盆腔, lower belly, lower tummy, lower abdomen, lower stomach, pelvis, pelvic',
    {
      other: 'gastroenterology:2 urology:2 gynecology:2 general_surgery:1',
      female: 'gynecology:3',
      male: 'urology:2',
    },
  ],
  [
    'right_upper | 右上腹 / upper right abdomen | 右上腹, 右肋下, 右边肋骨下面, 右边肋骨下, 肝区, 肝, 胆, 胆囊, upper right, right upper, under my right ribs, liver, gallbladder, below my right ribs',
    {
      other: 'general_surgery:3 gastroenterology:3 infectious_disease:1',
    },
  ],
  [
    'right_lower | 右下腹 / lower right abdomen | 右下腹, 右下肚, 右边小肚子, 右边下腹, 阑尾, 右边肚子, 肚子右边, 右侧腹, 右腹, right side of my tummy, right side of my belly, right side of my abdomen, right side of my stomach, lower right, right lower, appendix',
    {
      other: 'general_surgery:4 emergency:1',
      female: 'gynecology:1',
    },
  ],
  [
    'left_abdomen | 左腹 / left abdomen | 左下腹, 左上腹, 左边肚子, 左侧腹, 左腹, lower left, upper left, left side of my tummy, left side of my belly, 左边肋骨下, 左边肋骨下面, 左肋下, under my left ribs, below my left ribs',
    {
      other: 'gastroenterology:4 general_surgery:1',
      female: 'gynecology:1',
    },
  ],
  [
    'navel | 肚脐 / belly button | 肚脐, 肚脐眼, 脐周, 肚脐周围, belly button, navel, bellybutton',
    {
      other: 'gastroenterology:3 general_surgery:2',
      lump: 'general_surgery:4',
      'discharge rash itch': 'general_surgery:2 dermatology:2',
    },
  ],
  [
    'stool | 大便 / stool | 大便, 便便, 拉屎, 屎, 粑粑, 排便, 大号, 拉的, stool, stools, poo, poop, bowel movement, bowel movements, number two',
    {
      other: 'gastroenterology:4',
      bleeding: 'anorectal:3 gastroenterology:3',
      pain: 'anorectal:3 gastroenterology:2',
    },
  ],
  [
    'anus | 肛门 / anus | 肛门, 屁股, 屁眼, 肛, 肛周, 腚, 直肠, 屁股眼, anus, bum, butt, bottom, back passage, rectum, rectal, buttocks, arse, ass',
    {
      other: 'anorectal:4 general_surgery:1',
      itch: 'anorectal:3 dermatology:2',
      rash: 'dermatology:3 anorectal:2',
      numbness: 'orthopedics:2 neurology:2 anorectal:1',
    },
  ],
  [
    'back | 腰背 / back | 腰, 后背, 背, 背部, 腰部, 腰椎, 脊椎, 脊柱, 脊梁, 脊梁骨, 后腰, 腰杆, 腰眼, 肩胛骨, 肩胛, 尾巴骨, 尾椎, 尾骨, 屁股骨, back, lower back, upper back, spine, shoulder blade, shoulder blades, tailbone, lumbar, waist',
    {
      other: 'orthopedics:4 rehabilitation:2 tcm:1',
      'itch rash dry': SKIN,
      lump: 'general_surgery:3 dermatology:1',
      numbness: 'orthopedics:3 neurology:2',
    },
  ],
  [
    'flank | 侧腰与肾 / flank and kidneys | 侧腰, 腰侧, 一侧腰, 腰的一侧, 腰部一侧, 肾, 肾脏, 腰子, 肾区, flank, kidney, kidneys, side of my back',
    {
      other: 'urology:3 nephrology:2',
      swelling: 'nephrology:4',
      pain: 'urology:4 nephrology:1',
    },
  ],
  [
    'urine | 小便 / urine | 小便, 尿, 尿尿, 撒尿, 尿液, 膀胱, 尿道, 排尿, 嘘嘘, 尿的, 小解, 起夜, pee, peeing, urine, urinate, urinating, urination, wee, bladder, urethra',
    {
      other: 'urology:4 nephrology:1',
      foam: 'nephrology:4',
      swelling: 'nephrology:3',
      discharge: 'urology:3 nephrology:1',
    },
  ],
  [
    'male_genitals | 男性生殖器 / male genitals | 阴茎, 龟头, 睾丸, 蛋蛋, 阴囊, 蛋, 小弟弟, 鸡鸡, 丁丁, 精索, 包皮, penis, testicle, testicles, testes, balls, scrotum, foreskin, dick',
    {
      other: 'andrology:4 urology:2',
      'itch rash': 'andrology:3 dermatology:3',
      lump: 'andrology:3 urology:3',
    },
  ],
  [
    'female_genitals | 女性生殖器 / female genitals | 外阴, 阴道, 私处, 下体, 阴唇, 宫颈, 子宫, 卵巢, 妇科, vagina, vaginal, vulva, labia, cervix, womb, uterus, ovary, ovaries',
    {
      other: 'gynecology:4',
      'itch rash': 'gynecology:4 dermatology:1',
    },
  ],
  [
    'down_there | 下面 / private parts | 私密处, down there, private parts, privates, genitals, genital',
    {
      other: 'gynecology:2 andrology:2 dermatology:1',
      female: 'gynecology:3',
      male: 'andrology:3',
    },
  ],
  [
    'groin | 腹股沟 / groin | 腹股沟, 大腿根, 大腿根部, 大腿内侧, 裆部, 裤裆, groin, inner thigh, crotch',
    {
      other: 'general_surgery:3 orthopedics:1',
      pain: 'orthopedics:2 general_surgery:2 urology:1',
      'itch rash discharge': 'dermatology:4',
      lump: 'general_surgery:4 hematology:1',
      male: 'andrology:1',
    },
  ],
  [
    'skin | 皮肤 / skin | 皮肤, 皮, 身上, 全身, 浑身, 皮肤上, 身体上, skin, all over my body, all over',
    {
      puffiness: 'nephrology:3 cardiology:2',
      other: SKIN,
      pain: 'dermatology:3 general_practice:1',
      bleeding: 'hematology:3 dermatology:2',
      lump: 'dermatology:3 general_surgery:2',
      swelling: 'dermatology:2 nephrology:2 general_practice:1',
      numbness: 'neurology:4',
      weakness: 'general_practice:3 neurology:2',
      racing: 'general_practice:2',
    },
  ],
  [
    'nails | 指甲 / nails | 指甲, 趾甲, 脚趾甲, 手指甲, 甲床, 指甲盖, nail, nails, toenail, toenails, fingernail, fingernails',
    {
      other: SKIN,
      pain: 'general_surgery:3 dermatology:2',
      swelling: 'general_surgery:3 dermatology:2',
    },
  ],
  [
    'knee | 膝盖 / knee | 膝盖, 膝, 膝关节, 波棱盖, 波罗盖, 磕膝盖, 髌骨, 膝盖骨, 腿弯, knee, knees, kneecap',
    JOINT,
  ],
  ['shoulder | 肩膀 / shoulder | 肩膀, 肩, 肩周, 肩关节, 膀子, 肩头, shoulder, shoulders', JOINT],
  ['wrist | 手腕 / wrist | 手腕, 手腕子, 腕, 腕关节, 手脖子, wrist, wrists', JOINT],
  [
    'ankle | 脚踝 / ankle | 脚踝, 脚脖子, 踝, 踝关节, 脚腕, 脚腕子, ankle, ankles',
    { ...JOINT, puffiness: 'cardiology:2 nephrology:2 vascular_surgery:1' },
  ],
  ['hip | 髋部 / hip | 胯, 胯骨, 髋, 髋关节, 髋部, 胯部, hip, hips', JOINT],
  [
    'fingers | 手指 / fingers | 手指, 手指头, 指头, 指关节, 手指关节, 大拇指, 拇指, 食指, 小拇指, finger, fingers, thumb, thumbs, knuckle, knuckles, finger joints',
    {
      ...JOINT,
      swelling: 'rheumatology:3 orthopedics:3',
      stiffness: 'rheumatology:4 orthopedics:2',
    },
  ],
  [
    'toes | 脚趾 / toes | 脚趾, 脚趾头, 大脚趾, 大脚趾头, 脚指头, toe, toes, big toe',
    {
      ...JOINT,
      swelling: 'rheumatology:3 orthopedics:2',
      'itch rash dry': SKIN,
    },
  ],
  ['elbow | 肘部 / elbow | 胳膊肘, 手肘, 肘, 肘关节, 胳膊肘子, elbow, elbows', JOINT],
  [
    'joint | 关节 / joints | 关节, 骨关节, 大关节, 小关节, joint, joints',
    {
      ...JOINT,
      swelling: 'rheumatology:3 orthopedics:3',
      stiffness: 'rheumatology:3 orthopedics:3',
    },
  ],
  [
    'sex | 同房 / intercourse | 同房, 性生活, 房事, 过性生活, 做爱, sex, intercourse',
    {
      other: 'gynecology:3 andrology:3',
      female: 'gynecology:3',
      male: 'andrology:3',
      bleeding: 'gynecology:4',
    },
  ],
  [
    'bone | 骨头 / bones | 骨头, 骨, 骨骼, 骨节, bone, bones',
    { other: ORTHO, lump: 'orthopedics:4 oncology:1' },
  ],
  [
    'muscle | 肌肉 / muscles | 肌肉, 肌腱, 韧带, muscle, muscles, tendon, tendons, ligament',
    {
      other: 'orthopedics:3 rehabilitation:2 general_practice:1',
      weakness: 'neurology:3 orthopedics:1',
      numbness: 'neurology:3 orthopedics:1',
    },
  ],
  ['arm | 手臂 / arm | 胳膊, 手臂, 上臂, 前臂, 胳臂, 膀臂, arm, arms, forearm, upper arm', LIMB],
  [
    'leg | 腿 / leg | 腿, 大腿, 双腿, 两条腿, 下肢, leg, legs, thigh, thighs',
    {
      puffiness: 'cardiology:2 nephrology:2 vascular_surgery:1',
      ...LIMB,
      swelling: 'cardiology:2 nephrology:2 vascular_surgery:2',
      pain: 'orthopedics:3 vascular_surgery:1',
    },
  ],
  [
    'calf | 小腿 / calf | 小腿, 小腿肚子, 腿肚子, 小腿肚, 胫骨, calf, calves, shin, shins',
    {
      puffiness: 'cardiology:2 nephrology:2 vascular_surgery:2',
      ...LIMB,
      pain: 'orthopedics:3 vascular_surgery:2',
      swelling: 'vascular_surgery:3 cardiology:1 orthopedics:1',
    },
  ],
  [
    'hand | 手 / hand | 手, 手掌, 手心, 手背, 双手, 两只手, hand, hands, palm, palms',
    {
      puffiness: 'nephrology:2 rheumatology:2',
      ...LIMB,
      numbness: 'neurology:3 orthopedics:2',
      swelling: 'rheumatology:2 orthopedics:2',
      'itch rash dry': SKIN,
      shaking: 'neurology:4 endocrinology:1',
    },
  ],
  [
    'foot | 脚 / foot | 脚, 脚底, 脚底板, 脚掌, 脚后跟, 脚跟, 足底, 足跟, 脚背, 足, 脚心, 双脚, foot, feet, heel, heels, sole, soles, arch of my foot',
    {
      puffiness: 'cardiology:2 nephrology:2 vascular_surgery:1',
      ...LIMB,
      swelling: 'cardiology:2 nephrology:2 vascular_surgery:1',
      'itch rash dry discharge': SKIN,
    },
  ],
  [
    'armpit | 腋下 / armpit | 腋下, 胳肢窝, 咯吱窝, 腋窝, 夹肢窝, armpit, armpits, underarm',
    {
      other: 'general_surgery:3 dermatology:1',
      lump: 'general_surgery:3 breast_surgery:2 hematology:1',
      'itch rash discharge': SKIN,
    },
  ],
  [
    'lymph | 淋巴结 / lymph nodes | 淋巴, 淋巴结, 腺体, lymph node, lymph nodes, glands, gland',
    {
      other: 'general_surgery:3 hematology:3 general_practice:1',
    },
  ],
  [
    'decoy | - / - | 心里, 心口窝, 手术, 手机, 手续, 手机号, 骨科, 眼科, 心情, 心理, 开心, 担心, 恶心, 小心, 放心, 伤心, 烧心, 心烦, 恒心, 耐心, 点心, 中心, 心内科, 里头, 外头, 开头, 头一次, 头一回, 头几天, 头两天, 口子, 胃口, 大便宜, 屁股后面, 气温, 天气, 生气, 运气, 力气, 口气, 脚本, 背景, 背包, 背着, 肚量, 腰包, 手写, 手续费, 拿手, 手艺, 皮肤科, 身上的钱, 全身检查, 腿脚不便, 下面的, 下面是, 那里有, 心电图, heart surgeon, skin doctor, eye doctor, hand in, hand over, back to, back on, come back, get back, call back, go back, feet of, head of, face to face',
    {},
  ],
];

const DEPARTMENT_IDS = new Set(MEDICAL_DEPARTMENTS.map((d) => d.id));

function weights(spec: string, where: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const token of spec.split(' ')) {
    const [department = '', raw = ''] = token.split(':');
    const value = Number(raw);
    if (!DEPARTMENT_IDS.has(department) || !(value > 0))
      throw new Error(`body part ${where}: bad weight "${token}"`);
    out[department] = value;
  }
  return out;
}

function parsePart([head, spec]: readonly [string, Spec]): BodyPart {
  const [id = '', labels = '', forms = ''] = head.split(' | ');
  const [zh = '', en = ''] = labels.split(' / ');
  if (!id || !zh || !en || !forms) throw new Error(`body part "${head.slice(0, 20)}" is malformed`);
  const other = spec.other ? weights(spec.other, id) : {};
  const clinics = Object.fromEntries(COMPLAINT_KINDS.map((k) => [k, other])) as Record<
    ComplaintKind,
    Record<string, number>
  >;
  let female: Record<string, number> = {};
  let male: Record<string, number> = {};
  for (const [keys, value] of Object.entries(spec)) {
    if (keys === 'female') female = weights(value, id);
    else if (keys === 'male') male = weights(value, id);
    else
      for (const key of keys.split(' ')) {
        if (!(COMPLAINT_KINDS as readonly string[]).includes(key))
          throw new Error(`body part ${id}: unknown complaint "${key}"`);
        clinics[key as ComplaintKind] = weights(value, id);
      }
  }
  return { id, zh, en, forms: forms.split(', '), clinics, female, male };
}

/** Every region of the body map; `decoy` holds words that contain a body part but are none (手术, 心情). */
export const BODY_PARTS: readonly BodyPart[] = PARTS.map(parsePart);

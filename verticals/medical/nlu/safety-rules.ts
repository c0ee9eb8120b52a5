import type { SafetyRule } from '../../../core/index.ts';

/*
 * Red flags of the hospital pack (DESIGN §2.6). Patterns run case-insensitively on normalised
 * text (simplified Chinese, lower case, ℃ → °c), and a match is dropped when a negation stands
 * just before where it starts. So a compound flag ("a baby" + "high fever") is written with the
 * context in a lookbehind or lookahead and the match starting at the symptom: "宝宝没有高烧" is
 * then read as negated. A context word may not itself be negated ((?<!没有)发烧), and the gap
 * between context and symptom may not contain a negation (NO_NEG), since neither is checked by
 * the detector.
 *
 * Decided look-alikes: a mild, explained chest tightness ("胸口有点闷，可能是没睡好") does not
 * flag, chest pain alone is urgent, and chest pain with breathlessness or sweating is an
 * emergency; 抽筋 (a cramp) is not 抽搐; a 39° fever flags only for a baby or an infant.
 */

// A short gap inside one sentence with no negation in it.
const NO_NEG = (max: number) =>
  `(?:(?!不|没|无|否认|\\bno\\b|\\bnot\\b|n't|\\bwithout\\b)[^。！？!?.]){0,${max}}?`;
const GAP = (max: number) => `[^。！？!?.]{0,${max}}`;
// `symptom` preceded within `max` characters by `context`. The lookahead comes first so that the
// costly lookbehind only runs where the symptom starts, not at every position of a long message.
const AFTER = (context: string, max: number, symptom: string) =>
  `(?=${symptom})(?<=${context}${GAP(max)})${symptom}`;

const CHEST_PAIN_ZH =
  '(?:胸(?:口|部|前)?|心口)(?:很|好|特别|非常|剧烈|突然|一阵阵)?(?:痛|疼|剧痛|闷痛|绞痛|压榨)';
const CHEST_PAIN_EN = 'chest (?:pain|pressure|tightness|hurts)|pain in (?:my|his|her|the) chest';
const SWEAT_ZH = '出了?(?:一身|很多|好多)?(?:冷|大)?汗|冒冷汗|大汗';
const BREATHLESS_ZH = `喘不[上过]气|呼吸困难|上不来气|透不过气|憋气|${SWEAT_ZH}|左(?:胳膊|臂|肩)`;
const BREATHLESS_EN =
  "short(?:ness)? of breath|can'?t breathe|cannot breathe|breathless|trouble breathing|difficulty breathing|sweat|left arm|jaw";

const FEVER_ZH = '(?<!不|没|没有|无)(?:发烧|发热|高烧|高热|烧到)';
const STIFF_NECK_ZH = '(?:脖子|颈部|颈)(?:发|很)?(?:硬|僵|强直|转不动|不能弯|低不下)';
const PREGNANT_ZH = '(?<![没未不想要备])(?:怀孕|怀了|孕妇|孕期|孕[早中晚]期|孕\\s*\\d+\\s*周|妊娠)';
const BABY_ZH = '(?:宝宝|婴儿|新生儿|小宝|\\d{1,2}\\s*个月(?:大)?的?(?:宝宝|孩子|小孩)?)';
const BABY_EN = '\\b(?:baby|infant|newborn|toddler|\\d{1,2}[- ]?(?:month|week)s?[- ]old)\\b';
const HIGH_FEVER_ZH =
  '(?:高烧|高热|发(?:烧|热)(?:到)?\\s*(?:39|40|41)|(?:39|40|41)(?:\\.\\d)?\\s*(?:度|°c)|精神(?:很|特别|非常)?(?:差|不好)|没(?:有)?精神|蔫|叫不醒|嗜睡|昏睡)';
const HIGH_FEVER_EN =
  "(?:high fever|fever of (?:39|40|41|10[2-6])|(?:39|40|41|10[3-6])(?:\\.\\d)?\\s*(?:°|degrees?)|lethargic|floppy|limp|(?:won'?t|hard to|difficult to|can'?t) wake|unresponsive|very sleepy)";

export const medicalSafetyRules: readonly SafetyRule[] = [
  {
    id: 'chest_pain_breathless',
    severity: 'emergency',
    patterns: [
      `${CHEST_PAIN_ZH}(?=${NO_NEG(16)}(?:${BREATHLESS_ZH}))`,
      `胸闷(?=${NO_NEG(12)}(?:喘不[上过]气|呼吸困难|透不过气|${SWEAT_ZH}))`,
      `(?:喘不[上过]气|呼吸困难|透不过气|${SWEAT_ZH})(?=${NO_NEG(12)}胸(?:口|部)?(?:痛|疼|闷))`,
      '胸(?:口|部)?(?:剧痛|压榨)|心梗|心肌梗',
      `(?:胸口|胸部|心口)[^，。]{0,8}压(?:着|住|得)(?=${NO_NEG(16)}(?:${BREATHLESS_ZH}))`,
      `(?:${CHEST_PAIN_EN})(?=${NO_NEG(40)}(?:${BREATHLESS_EN}))`,
      `(?:short(?:ness)? of breath|sweating|can'?t breathe)(?=${NO_NEG(40)}chest (?:pain|pressure|hurts))`,
      '(?:crushing|severe|heavy|sudden) chest pain|heart attack',
    ],
  },
  {
    id: 'chest_pain',
    severity: 'urgent',
    patterns: [CHEST_PAIN_ZH, '心口(?:痛|疼)', CHEST_PAIN_EN, 'my chest (?:really )?hurts'],
  },
  {
    id: 'stroke_signs',
    severity: 'emergency',
    patterns: [
      '口角(?:歪斜|歪|斜)',
      '(?:嘴|嘴巴|脸)(?:突然|有点)?(?:歪|斜)',
      '说话(?:突然)?(?:不清|含糊|说不出|不利索|大舌头)',
      '口齿不清|半身不遂|中风|脑卒中',
      '半边(?:身子|身体|脸)(?:突然)?(?:没力|没劲|无力|发麻|麻|不能动|动不了)',
      '一侧(?:肢体|手脚|身体)(?:突然)?(?:无力|麻木|不能动)',
      '(?:一边|一只|一侧)(?:手|胳膊|腿)(?:突然)?(?:没力|没劲|抬不起来|动不了)',
      'face (?:is |was )?droop|droop(?:ing|y) (?:face|mouth)',
      'slurr(?:ed|ing) (?:speech|words|his words|her words)|speech (?:is )?slurred',
      '(?:weakness|numbness|paralysis) (?:on|in|of) one side',
      'one side of (?:my|his|her|the) (?:body|face) (?:is |went |feels )?(?:weak|numb|droop|paralysed|paralyzed)',
      "can'?t (?:lift|move) (?:his|her|my|one) (?:(?:left|right) )?(?:arm|leg)",
      "sudden(?:ly)? (?:blind|blindness|lost (?:the )?vision|(?:can'?t|cannot) see)|突然(?:失明|(?:一只)?眼(?:睛)?看不见)",
      '(?<!heat |sun )\\bstroke\\b',
    ],
  },
  {
    id: 'severe_bleeding',
    severity: 'emergency',
    patterns: [
      '大出血|大量(?:出血|流血)|血流不止|喷血|血止不住',
      '(?:出|流)血(?:一直)?(?:不止|止不住|停不下来|停不了)',
      '止不住(?:地|的)?(?:流|出)?血',
      '流了(?:很多|好多|一大摊|一地|一大堆)(?:的)?血',
      '(?:呕|吐)了?(?:很多|一大口|好多)?血',
      '(?:咳|吐|呕|拉|便|尿)出?了?(?:很多|一大口|好多|大量|一大碗|一大摊)(?:的)?鲜?血',
      '血[^，。]{0,4}(?:往外)?(?:喷|涌)(?:出|了)?',
      'bleeding (?:heavily|badly|a lot|profusely|everywhere|out)',
      "(?:won'?t|will not|can'?t|cannot) stop (?:the )?bleeding",
      "bleeding (?:won'?t|will not|doesn'?t|does not) stop",
      '(?:heavy|severe|uncontrolled|massive) bleeding|lost a lot of blood|blood (?:is )?(?:everywhere|spurting|pouring)',
      '(?:vomiting|throwing up|coughing up) (?:a lot of )?blood',
      '(?:passing|passed|losing|lost|pouring) (?:a lot of|lots of|so much) blood|(?:a lot of|lots of|so much) blood (?:from|coming)',
    ],
  },
  {
    id: 'unconscious',
    severity: 'emergency',
    patterns: [
      '昏迷|晕倒|昏倒|晕过去|昏过去|晕厥|不省人事|人事不省',
      '失去(?:了)?意识|意识(?:不清|模糊)|叫不醒|没(?:了)?意识(?!到)',
      'passed out|fainted|fainting|unconscious|unresponsive|lost consciousness|blacked out|collapsed',
      "(?:won'?t|can'?t|cannot) wake (?:him |her |them )?up|can'?t be woken",
      '(?:about|going|gonna) (?:to )?(?:pass out|faint|black out)',
    ],
  },
  {
    id: 'anaphylaxis',
    severity: 'emergency',
    patterns: [
      '过敏性休克|严重过敏|喉头水肿',
      '喉(?:咙|头)(?:突然)?(?:发紧|肿得(?:喘|说不|咽不|透不)|肿起来)',
      AFTER(
        `(?:吃了|吃完|服了|用了|打了|输了|输液|打针|吃药|被${GAP(4)}(?:蛰|叮|咬)|蜂蛰|海鲜|花生|青霉素|头孢)`,
        15,
        '(?:喘不[上过]气|呼吸困难|喉咙(?:发)?(?:肿|紧)|全身(?:起)?(?:疹子|风团|红疹)|嘴唇(?:发)?肿|憋气|透不过气)',
      ),
      '(?:舌头|嘴唇|脸)(?:突然)?肿(?:起来|了)?(?=[^。]{0,10}(?:喘不|呼吸困难|憋|透不过))',
      'anaphyla|severe allergic reaction|epi-?pen',
      'throat (?:is |feels )?(?:swelling|swollen|closing|tight)|(?:tongue|lips?) (?:is |are )?(?:swelling|swollen)',
      AFTER(
        '\\b(?:ate|eating|after|took|taking|stung|sting|injection|peanuts?|shellfish|penicillin)\\b',
        40,
        "(?:can'?t breathe|trouble breathing|difficulty breathing|hard to breathe)",
      ),
    ],
  },
  {
    id: 'seizure',
    severity: 'emergency',
    patterns: [
      '抽搐|抽风|惊厥|癫痫发作|羊癫疯(?:犯了|发作)|口吐白沫',
      '(?:全身|四肢)(?:一直|不停地?)?(?:抖|抽)',
      '翻白眼(?=[^。]{0,8}(?:抽|抖|叫不醒))',
      'seizures?(?! (?:medication|medicine|meds|drugs?|pills|prescription|refill))|convuls|having a fit|foaming at the mouth',
    ],
  },
  {
    id: 'self_harm',
    severity: 'emergency',
    patterns: [
      '想死(?!你|您)|不想活|自杀|轻生|寻死|割腕|自残|跳楼',
      '结束(?:自己的)?(?:生命|一切)|(?:伤害|弄伤|割)自己|活着(?:没|没有)(?:意思|意义)',
      'kill(?:ing)? myself|end(?:ing)? (?:my (?:own )?life|it all)|suicid|self[- ]?harm|better off dead|no reason to live|want to die',
      "(?:don'?t|do not) want to (?:live|be alive|be here anymore)",
      'cut(?:ting)? myself(?! (?:while|when|by accident|accidentally|shaving|cooking|on))',
      '(?:cut|cutting|slit|slitting|slashed) (?:my|his|her) wrists?',
      'hurt(?:ing)? myself(?! (?:while|when|by accident|accidentally|playing|at|lifting))',
    ],
  },
  {
    id: 'infant_fever',
    severity: 'urgent',
    patterns: [
      AFTER(BABY_ZH, 12, HIGH_FEVER_ZH),
      AFTER('新生儿', 8, '发(?:烧|热)'),
      AFTER(BABY_EN, 40, HIGH_FEVER_EN),
      `(?:high fever|fever of (?:39|40|41|10[2-6]))(?=${GAP(30)}${BABY_EN})`,
      AFTER('\\bnewborn\\b', 30, '\\bfever\\b'),
    ],
  },
  {
    id: 'poisoning',
    severity: 'emergency',
    patterns: [
      '吃了(?:一)?(?:整|大半|半)?(?:瓶|盒|板|把)(?:的)?[^，。]{0,6}(?:药|片)',
      '(?:喝|吃|误服|误食|误喝)(?:了)?(?:农药|敌敌畏|百草枯|老鼠药|鼠药|洗洁精|消毒液|84|漂白水|洁厕灵|安眠药)',
      '(?<!食物|游戏|手机)中毒|百草枯|药物过量|吃(?:多|错)了药',
      'overdos|(?<!food )poison(?:ed|ing)?(?! ivy)|carbon monoxide|pesticide',
      'swallowed (?:a |the )?(?:whole )?(?:bottle|pack|box|packet) of',
      'took (?:a whole bottle|too many (?:pills|tablets)|all (?:my|his|her|the) pills)',
      'drank (?:bleach|antifreeze|weed ?killer)',
      '被(?:毒)?蛇咬|蛇咬伤|snake ?bite|bitten by a (?:snake|viper)',
      '吞(?:了|下|进)?(?:了)?(?:一(?:个|颗|节))?(?:纽扣电池|电池|磁铁|磁珠)|swallowed (?:a |an |some )?(?:button )?(?:battery|batteries|magnets?)',
    ],
  },
  {
    id: 'severe_trauma',
    severity: 'emergency',
    patterns: [
      '车祸|高处坠落|坠楼|开放性骨折|枪伤|中枪|被捅',
      '被(?:车|汽车|卡车|货车|电动车|摩托车|公交车)撞',
      `从${GAP(8)}(?:楼|高处|梯子|屋顶|阳台|树上|脚手架)(?:上)?(?:摔|掉|跌|坠)(?:了)?下`,
      '骨头(?:都)?(?:露|戳|刺|支)(?:了)?出来',
      '(?:被)?(?:刀|匕首)(?:捅|刺)(?:伤|了)',
      '(?:car|motorcycle|motorbike|traffic|road) (?:accident|crash|collision)|hit by a (?:car|truck|bus|vehicle|motorbike)',
      'fell (?:off|from) (?:a |the )?(?:roof|ladder|balcony|window|building|height|scaffold|tree)',
      'bone (?:is )?(?:sticking|poking|coming) out|stabbed|gunshot|been shot|severe (?:injury|trauma)',
    ],
  },
  {
    id: 'breathing_difficulty',
    severity: 'emergency',
    patterns: [
      '呼吸困难|喘不[上过]气|上不来气|透不过气|呼吸急促|窒息|噎住了',
      '憋得(?:慌|难受|脸发紫|脸都紫了)|嘴唇(?:发)?(?:紫|青)',
      "can'?t breathe|cannot breathe|(?:trouble|difficulty|struggling|hard) (?:to )?breath(?:e|ing)",
      'short(?:ness)? of breath|gasping for (?:air|breath)|choking|lips (?:are |turning )?blue',
    ],
  },
  {
    id: 'severe_burn',
    severity: 'emergency',
    patterns: [
      '大面积(?:的)?(?:烧伤|烫伤)',
      '(?:严重|重度|三度|3度|深二度)(?:的)?(?:烧伤|烫伤|灼伤)',
      '(?:烧伤|烫伤)(?:了)?(?:很|得很)?(?:严重|一大片|全身)',
      '(?:全身|脸|整个手臂|整条腿)(?:都)?(?:被)?(?:烧|烫)伤',
      '化学(?:品)?(?:烧伤|灼伤)|(?:强酸|强碱|硫酸)(?:泼|烧|溅)|触电|电击伤|被电(?:击|到)',
      '(?:severe|serious|bad|major|extensive|third[- ]degree|3rd[- ]degree|chemical|electrical) burns?',
      '(?:burn(?:s|ed|t)?|scald(?:s|ed)?)[^.!?]{0,30}over (?:a (?:big|large|wide) area|most of)',
      'badly burn(?:ed|t)|burns? (?:all )?over (?:his|her|my|the) (?:body|face|chest)|electrocuted|electric shock|acid (?:attack|burn|splash)',
    ],
  },
  {
    id: 'pregnancy_bleeding',
    severity: 'emergency',
    patterns: [
      AFTER(PREGNANT_ZH, 15, '(?:阴道)?(?:出血|流血|见红)'),
      `(?:阴道)?(?:出血|流血|见红)(?=${GAP(12)}${PREGNANT_ZH})`,
      AFTER('(?<!not )(?<!trying to get )\\bpregnan(?:t|cy)\\b', 40, '\\b(?:bleeding|spotting)\\b'),
      `\\b(?:bleeding|spotting)\\b(?=${GAP(30)}(?<!not )\\bpregnan)`,
      '流产|先兆流产|宫外孕|miscarr|ectopic',
    ],
  },
  {
    id: 'fever_stiff_neck',
    severity: 'emergency',
    patterns: [
      AFTER(FEVER_ZH, 15, STIFF_NECK_ZH),
      `${STIFF_NECK_ZH}(?=${GAP(15)}${FEVER_ZH})`,
      AFTER('(?<!no )\\bfever\\b', 40, '(?:stiff neck|neck (?:is )?(?:stiff|rigid))'),
      `(?:stiff neck|neck (?:is )?(?:stiff|rigid))(?=${GAP(40)}(?<!no )\\bfever\\b)`,
    ],
  },
  {
    id: 'thunderclap_headache',
    severity: 'emergency',
    patterns: [
      '(?:炸裂|爆炸|撕裂)(?:样|般|性|的)?头(?:痛|疼)|突然(?:的)?剧烈(?:的)?头(?:痛|疼)|头(?:痛|疼)(?:得)?(?:欲裂|像要炸开|要炸了)',
      '(?:这辈子|有生以来)最(?:严重|厉害|痛|疼)的头(?:痛|疼)',
      'worst headache (?:of my life|ever)|sudden (?:severe |terrible )?headache|(?:explosive|thunderclap) headache',
    ],
  },
  {
    // A fever in a newborn, or in a baby who is floppy or hard to wake, cannot wait for a clinic.
    id: 'infant_fever_danger',
    severity: 'emergency',
    patterns: [
      AFTER('新生儿', 8, '(?<!不|没|没有|无)(?:发烧|发热|高烧)'),
      AFTER('\\bnewborn\\b', 30, '(?<!no )\\bfever\\b'),
      AFTER(
        `${BABY_ZH}${NO_NEG(12)}${FEVER_ZH}`,
        15,
        '(?:精神(?:很|特别|非常)?(?:差|不好)|没(?:有)?精神|蔫|叫不醒|嗜睡|昏睡|软绵绵)',
      ),
      AFTER(
        `${BABY_EN}${NO_NEG(30)}\\bfever\\b`,
        30,
        "(?:lethargic|floppy|limp|(?:won'?t|hard to|difficult to|can'?t) wake|unresponsive)",
      ),
    ],
  },
  {
    // Sudden severe belly pain, or a belly hard as a board.
    id: 'acute_abdomen',
    severity: 'emergency',
    patterns: [
      '(?:肚子|腹部|腹)(?:突然)?(?:剧痛|剧烈(?:疼痛|疼|痛)|疼得(?:打滚|直不起腰|受不了))|(?:肚子|腹部)硬(?:得像|如)?(?:木板|板)|板状腹',
      'sudden (?:severe|agonising|agonizing|excruciating) (?:abdominal|stomach|belly|tummy) pain|(?:abdomen|belly|stomach|tummy) (?:is )?(?:rigid|hard as a board)',
    ],
  },
  {
    id: 'very_high_fever',
    severity: 'urgent',
    patterns: [
      '(?:高烧|发烧|发热|体温)[^，。]{0,4}4[0-2](?:\\.\\d)?\\s*(?:度|°c)|高烧不退',
      'fever of (?:40|41|42|10[4-7])|(?:104|105|106)(?:\\.\\d)?\\s*(?:°|degrees?)\\s*f?\\b',
    ],
  },
];

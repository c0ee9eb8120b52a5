import { isNegated, parseChineseNumber } from '../../../core/index.ts';
import { MEDICAL_DEPARTMENTS } from './departments.ts';

/**
 * One complaint as patients put it, in both languages, and the departments that see it.
 * Weights are relative (4 = the obvious clinic, 1 = worth a thought). Nothing here names a
 * disease the patient has not named: the labels repeat the complaint for the triage reason.
 */
export interface SymptomConcept {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  /** Every surface form, Chinese and English, colloquial first. */
  readonly forms: readonly string[];
  readonly departments: Readonly<Record<string, number>>;
  /** Share of the top weight that pediatrics gets when the patient is a child. */
  readonly child: number;
  /** Share of the top weight that obstetrics gets when the patient is pregnant. */
  readonly pregnancy: number;
  /** Extra weights when the patient is known to be female or male. */
  readonly female: Readonly<Record<string, number>>;
  readonly male: Readonly<Record<string, number>>;
}

// One line per complaint: id | 中文 / English label | weights and modifiers | forms.
// Modifiers: child:x and pregnancy:x override the defaults below; female.<dept>:w and
// male.<dept>:w add weight when the sex is known.
const TABLE = `
fever | 发烧 / fever | general_practice:2 infectious_disease:2 respiratory:1 | 发烧, 发热, 高烧, 低烧, 烧到, 体温高, 体温升高, 38度, 38.5度, 39度, 39.5度, 40度, fever, feverish, high temperature, running a temperature, low grade temperature, low-grade temperature, low grade fever, low-grade fever, slight temperature
chills | 发冷 / chills | general_practice:2 infectious_disease:1 | 发冷, 怕冷, 打寒战, 寒战, 畏寒, chills, shivering
fatigue | 乏力 / tiredness | general_practice:3 endocrinology:1 hematology:1 tcm:1 | 乏力, 没力气, 浑身无力, 疲劳, 容易累, 总是很累, 疲倦, tired all the time, fatigue, exhausted, no energy, 没精神, 犯困, 老犯困, always sleepy, sleepy all the time
weight_loss | 体重下降 / weight loss | general_practice:2 endocrinology:2 gastroenterology:1 oncology:1 | 消瘦, 体重下降, 突然变瘦, 瘦了很多, weight loss, losing weight, lost weight, 瘦了, 变瘦, without trying
night_sweats | 盗汗 / night sweats | infectious_disease:2 general_practice:1 hematology:1 | 盗汗, 夜里出汗, 晚上出汗, night sweats, sweating at night, sweat at night, sweats at night, 夜间出汗
swollen_glands | 淋巴结肿大 / swollen glands | general_surgery:3 hematology:2 general_practice:1 ent:1 | 淋巴结肿大, 淋巴结肿, 脖子上有疙瘩, swollen glands, swollen lymph nodes, lump in my neck
cough | 咳嗽 / cough | respiratory:3 general_practice:1 | 咳嗽, 干咳, 咳痰, 有痰, 老咳, 咳个不停, 咳得厉害, cough, coughing, dry cough, phlegm
cough_blood | 咳血 / coughing up blood | respiratory:3 thoracic_surgery:1 emergency:1 | 咳血, 痰中带血, 咯血, coughing up blood, blood in my phlegm
breathless | 气短 / shortness of breath | respiratory:3 cardiology:2 emergency:1 | 气短, 气喘, 喘不上气, 喘不过气, 呼吸困难, 憋气, 上不来气, 喘气费劲, short of breath, shortness of breath, breathless, trouble breathing, difficulty breathing, hard to breathe, out of breath, 喘气费力, 喘气有点费力
wheeze | 哮喘 / wheezing | respiratory:4 | 哮喘, 喘鸣, 喘得厉害, wheeze, wheezing, asthma
chest_tightness | 胸闷 / chest tightness | cardiology:3 respiratory:2 | 胸闷, 胸口闷, 胸口发闷, 胸口堵, 胸部压迫感, chest tightness, tight chest, chest pressure, 憋得慌
chest_pain | 胸痛 / chest pain | cardiology:3 emergency:2 respiratory:1 thoracic_surgery:1 | 胸痛, 胸口痛, 胸口疼, 心口疼, 心口痛, 胸部疼痛, 胸口很痛, 胸口很疼, chest pain, pain in my chest, chest hurts, my chest hurts
sore_throat | 嗓子疼 / sore throat | ent:3 respiratory:2 general_practice:1 child:1.2 | 嗓子疼, 嗓子痛, 喉咙痛, 喉咙疼, 咽痛, 咽喉痛, 嗓子发炎, 喉咙发炎, 嗓子不舒服, sore throat, throat hurts, throat pain, scratchy throat
hoarse | 声音嘶哑 / hoarse voice | ent:4 | 声音嘶哑, 嗓子哑, 失声, 声音沙哑, hoarse, hoarseness, lost my voice
runny_nose | 流鼻涕 / runny nose | ent:2 respiratory:2 general_practice:1 child:1.2 | 流鼻涕, 流涕, 流清鼻涕, 鼻涕多, runny nose, nose is running
stuffy_nose | 鼻塞 / stuffy nose | ent:3 respiratory:1 | 鼻塞, 鼻子不通气, 鼻子堵, stuffy nose, blocked nose, nasal congestion, congested
sneezing | 打喷嚏 / sneezing | ent:3 respiratory:1 | 打喷嚏, 喷嚏不断, sneezing, sneezes
nosebleed | 流鼻血 / nosebleed | ent:4 hematology:1 | 流鼻血, 鼻出血, 鼻子出血, nosebleed, nose bleed, nosebleeds, bleeding from the nose
cold | 感冒 / cold or flu | general_practice:2 respiratory:2 infectious_disease:1 | 感冒, 着凉, 伤风, 流感, a cold, the flu, flu, common cold, caught a cold
snoring | 打呼噜 / snoring | ent:3 respiratory:2 | 打呼噜, 打鼾, 睡觉打呼, snoring, snore, snores
palpitations | 心慌 / palpitations | cardiology:4 endocrinology:1 psychiatry:1 | 心慌, 心悸, 心跳快, 心跳很快, 心跳加速, 心跳不规律, 心跳漏跳, 心律不齐, 心跳不齐, palpitations, heart racing, racing heart, heart is racing, heart pounding, irregular heartbeat, skipped beats
high_bp | 血压高 / high blood pressure | cardiology:4 general_practice:1 nephrology:1 | 血压高, 高血压, 血压升高, 血压偏高, high blood pressure, blood pressure is high, hypertension
low_bp | 血压低 / low blood pressure | cardiology:2 general_practice:2 | 血压低, 低血压, low blood pressure
leg_swelling | 腿肿 / swollen legs | cardiology:2 nephrology:2 vascular_surgery:2 pregnancy:1.6 | 腿肿, 脚肿, 下肢水肿, 腿脚浮肿, 脚踝肿, swollen legs, swollen ankles, swollen feet, leg swelling
puffiness | 浮肿 / puffiness | nephrology:3 cardiology:1 | 浮肿, 水肿, 脸肿, 早上起来脸肿, puffy face, puffy eyes, swelling all over
varicose | 静脉曲张 / bulging leg veins | vascular_surgery:4 | 静脉曲张, 青筋突出, 腿上青筋, varicose veins, bulging veins
cold_limbs | 手脚冰凉 / cold hands and feet | tcm:2 vascular_surgery:1 general_practice:1 | 手脚冰凉, 手脚发凉, 手脚冰冷, cold hands, cold feet
claudication | 走路腿疼 / leg pain when walking | vascular_surgery:3 orthopedics:1 | 走路腿疼, 间歇性跛行, 走一段路腿就疼, leg pain when walking, calf pain when walking
abdominal_pain | 肚子疼 / abdominal pain | gastroenterology:3 general_surgery:1 general_practice:1 pregnancy:1.6 female.gynecology:1 | 肚子疼, 肚子痛, 腹痛, 肚疼, 肚子不舒服, 肚子难受, 腹部疼痛, tummy ache, stomach ache, stomachache, abdominal pain, belly pain, belly ache, bellyache, tummy hurts, my stomach hurts, stomach cramps
stomach_pain | 胃疼 / stomach pain | gastroenterology:4 general_practice:1 pregnancy:1.2 | 胃疼, 胃痛, 胃不舒服, 胃难受, 胃痉挛, 心口窝疼, pain in my stomach, upper abdominal pain
lower_abdominal_pain | 下腹痛 / lower abdominal pain | gastroenterology:2 urology:2 general_surgery:1 pregnancy:1.6 female.gynecology:3 male.urology:1 | 小肚子疼, 小肚子痛, 下腹痛, 下腹疼, 小腹疼, 小腹痛, 小腹坠痛, lower abdominal pain, lower belly pain, pain in my lower belly, pelvic pain
right_lower_pain | 右下腹痛 / right lower abdominal pain | general_surgery:4 emergency:1 pregnancy:1.6 female.gynecology:1 | 右下腹痛, 右下腹疼, 右下腹, pain in the lower right, lower right abdominal pain, right lower abdominal pain
heartburn | 反酸 / heartburn | gastroenterology:4 pregnancy:0.6 | 反酸, 烧心, 胃灼热, 泛酸水, heartburn, acid reflux, reflux, acid coming up, acid in my throat, stomach burns, burning stomach, burning in my stomach, 胃烧, 胃里烧
bloating | 腹胀 / bloating | gastroenterology:3 tcm:1 | 腹胀, 肚子胀, 胀气, 胃胀, bloating, bloated, gassy
nausea | 恶心 / nausea | gastroenterology:3 general_practice:1 pregnancy:1.2 | 恶心, 想吐, 反胃, 干呕, nausea, nauseous, feel sick, feeling sick, queasy
vomiting | 呕吐 / vomiting | gastroenterology:3 general_practice:1 emergency:1 pregnancy:1.2 | 呕吐, 吐了, 一直吐, 老是吐, vomiting, throwing up, threw up, vomit, puking, can't stop throwing up, can't stop vomiting, 吐个不停
diarrhea | 拉肚子 / diarrhoea | gastroenterology:3 infectious_disease:2 | 拉肚子, 腹泻, 拉稀, 上吐下泻, 一直跑厕所, diarrhea, diarrhoea, loose stools, the runs
constipation | 便秘 / constipation | gastroenterology:3 anorectal:1 | 便秘, 大便干, 拉不出来, 排便困难, 好几天没大便, constipation, constipated, can't poop
blood_stool | 便血 / blood in the stool | gastroenterology:3 anorectal:2 general_surgery:1 | 便血, 大便带血, 大便出血, 拉血, 黑便, 柏油样便, blood in stool, blood in my stool, bloody stool, black stool, rectal bleeding
vomiting_blood | 呕血 / vomiting blood | emergency:4 gastroenterology:3 | 呕血, 吐血, vomiting blood, throwing up blood
anal | 肛门不适 / anal pain or lump | anorectal:4 general_surgery:1 | 痔疮, 长痔疮, 肛门疼, 肛门痛, 肛门瘙痒, 肛门长东西, 肛裂, 屁股长东西, hemorrhoids, haemorrhoids, piles, anal pain, itchy bottom, anal fissure
appetite | 食欲不振 / loss of appetite | gastroenterology:2 general_practice:2 tcm:1 | 食欲不振, 没胃口, 不想吃饭, 吃不下饭, 吃不下, loss of appetite, no appetite, not hungry
indigestion | 消化不良 / indigestion | gastroenterology:3 tcm:1 | 消化不良, 积食, indigestion, upset stomach
hiccups | 打嗝 / hiccups | gastroenterology:3 | 打嗝, 打嗝不止, hiccups, burping, belching
jaundice | 发黄 / yellowing of skin or eyes | gastroenterology:3 infectious_disease:2 general_surgery:1 | 黄疸, 皮肤发黄, 眼睛发黄, 眼白发黄, 脸发黄, jaundice, yellow skin, yellow eyes, yellowing
swallowing | 吞咽困难 / difficulty swallowing | gastroenterology:2 ent:2 thoracic_surgery:1 | 吞咽困难, 咽东西困难, 吃东西噎, 吞咽疼, difficulty swallowing, trouble swallowing, hard to swallow
hernia | 腹股沟鼓包 / groin or navel bulge | general_surgery:4 | 疝气, 腹股沟有包, 大腿根鼓包, 肚脐鼓包, hernia, groin lump, bulge in my groin
lump | 肿块 / a lump | general_surgery:3 oncology:1 | 肿块, 包块, 长了个包, 摸到一个包, 摸到个包, lump, a mass
headache | 头疼 / headache | neurology:3 general_practice:1 | 头疼, 头痛, 偏头痛, 脑袋疼, 头胀, headache, headaches, migraine, head hurts, my head is pounding
dizziness | 头晕 / dizziness | neurology:3 ent:1 cardiology:1 | 头晕, 头昏, 眩晕, 天旋地转, 晕乎乎, 发晕, dizzy, dizziness, lightheaded, light-headed, vertigo, room spinning, room spins, room is spinning, 眼前发黑, 眼前一黑, 眼冒金星, 两眼发黑, vision goes black, seeing stars
numbness | 发麻 / numbness | neurology:3 orthopedics:1 endocrinology:1 | 手麻, 脚麻, 手脚麻, 发麻, 麻木, numbness, numb, tingling, pins and needles
tremor | 手抖 / tremor | neurology:3 endocrinology:1 | 手抖, 手发抖, 颤抖, 震颤, tremor, shaking hands, my hands shake
memory | 记性差 / memory problems | neurology:3 psychiatry:1 | 记性差, 记忆力下降, 健忘, 老忘事, memory loss, forgetful, forgetting things, memory problems, 忘事, 总忘事, keeps forgetting, keep forgetting
stroke_signs | 口角歪斜、说话不清或一侧无力 / face drooping, slurred speech or one-sided weakness | emergency:5 neurology:3 | 半边身子没力, 半边身子没劲, 一侧肢体无力, 半身无力, 口角歪斜, 嘴歪, 说话不清, 口齿不清, 说话含糊, face drooping, slurred speech, weakness on one side, one side of my body
seizure | 抽搐 / seizure | neurology:3 emergency:3 | 抽搐, 抽风, 癫痫, 羊癫疯, 惊厥, seizure, seizures, convulsion, convulsions, convulsing
fainting | 晕倒 / fainting | emergency:3 cardiology:2 neurology:2 | 晕倒, 昏倒, 晕厥, 晕过去, 昏过去, fainted, fainting, passed out, blacked out
head_injury | 头部受伤 / head injury | neurosurgery:3 emergency:3 child:0.6 | 头撞了, 撞到头, 头部受伤, 头摔破, 磕到头, 头部外伤, hit my head, head injury, bumped my head
gait | 走路不稳 / unsteady walking | neurology:3 rehabilitation:2 | 走路不稳, 步态不稳, 行走困难, 走路打晃, unsteady on my feet, trouble walking, balance problems
rehab | 康复训练 / recovery after illness or surgery | rehabilitation:4 neurology:1 | 术后康复, 中风后遗症, 偏瘫康复, 复健, 康复训练, recovery after surgery, rehab after a stroke, regain strength
thirst | 口渴 / thirst | endocrinology:3 general_practice:1 | 口渴, 总口渴, 口干, 喝水多, 多饮, 多尿, excessive thirst, always thirsty, very thirsty, dry mouth, thirsty, 喝水特别多, 喝水很多, drinking loads of water, drinking a lot of water, 吃得多喝得多, eating and drinking a lot
high_sugar | 血糖高 / high blood sugar | endocrinology:4 | 血糖高, 高血糖, 血糖升高, 糖尿病, high blood sugar, blood sugar is high, diabetes
low_sugar | 低血糖 / low blood sugar | endocrinology:3 emergency:1 | 低血糖, 血糖低, low blood sugar, hypoglycemia
thyroid | 甲状腺 / thyroid or neck swelling | endocrinology:3 general_surgery:1 | 脖子粗, 甲状腺结节, 甲状腺肿, 甲亢, 甲减, thyroid nodule, goiter, goitre, thyroid problem
weight_gain | 发胖 / weight gain | endocrinology:3 general_practice:1 | 发胖, 体重增加, 长胖, 胖了很多, weight gain, gaining weight, putting on weight
sweating | 出汗多 / excessive sweating | endocrinology:2 general_practice:1 tcm:1 | 多汗, 爱出汗, 出汗多, 容易出汗, sweating a lot, excessive sweating, sweaty, 出一身汗, 一身汗, 汗多, sweat a lot
hair_loss | 脱发 / hair loss | dermatology:3 endocrinology:1 | 脱发, 掉头发, 头发掉得厉害, 斑秃, hair loss, losing hair, hair falling out, bald patch
growth | 长不高 / growth concerns | endocrinology:3 pediatrics:2 | 长不高, 个子矮, 矮小, 性早熟, short for age, not growing, early puberty
frequent_urination | 尿频 / frequent urination | urology:3 nephrology:1 pregnancy:0.8 female.gynecology:1 male.andrology:1 | 尿频, 尿急, 老想上厕所, 总想小便, 夜尿多, 起夜多, frequent urination, peeing a lot, urinating often, need to pee often, 起夜, getting up to pee, up at night to pee
painful_urination | 尿痛 / painful urination | urology:3 nephrology:1 pregnancy:0.8 female.gynecology:2 male.andrology:1 | 尿痛, 小便疼, 小便痛, 排尿痛, 尿道疼, 尿道口疼, 尿灼热, painful urination, burning when i pee, burning urination, it burns when i pee, hurts to pee
blood_urine | 血尿 / blood in the urine | urology:3 nephrology:2 | 血尿, 尿血, 尿里有血, 小便带血, 尿色发红, blood in urine, blood in my urine, bloody urine, pink urine
foamy_urine | 泡沫尿 / foamy urine | nephrology:4 | 泡沫尿, 尿里泡沫多, 尿泡沫多, 尿里有泡沫, 尿有泡沫, 蛋白尿, foamy urine, protein in urine, protein in my urine
urinating_difficulty | 排尿困难 / difficulty urinating | urology:3 male.andrology:1 | 排尿困难, 尿不出来, 尿不尽, 尿线细, 尿等待, 排尿费力, difficulty urinating, trouble peeing, can't pee, weak stream
flank_pain | 腰部绞痛 / flank pain | urology:3 nephrology:1 emergency:1 | 腰部绞痛, 肾绞痛, 侧腰疼, 肾结石, 尿路结石, flank pain, kidney pain, kidney stone, kidney stones
incontinence | 漏尿 / leaking urine | urology:3 female.gynecology:2 | 尿失禁, 漏尿, 憋不住尿, incontinence, leaking urine, bladder leaks
kidney_function | 肾功能异常 / kidney test results | nephrology:4 | 肌酐高, 肾功能不好, 肾功能异常, 尿毒症, high creatinine, kidney function
bedwetting | 尿床 / bedwetting | urology:2 pediatrics:2 | 尿床, 遗尿, bedwetting, wetting the bed
erection | 勃起问题 / erection problems | andrology:4 urology:1 | 阳痿, 勃起困难, 勃起障碍, 硬不起来, 性功能障碍, erectile dysfunction, erection problems, impotence
ejaculation | 早泄 / premature ejaculation | andrology:4 | 早泄, 射精快, premature ejaculation
testicle | 睾丸疼 / testicular pain or swelling | andrology:3 urology:3 emergency:1 | 睾丸疼, 睾丸痛, 睾丸肿, 阴囊肿, testicle pain, testicular pain, swollen testicle, scrotal swelling
prostate | 前列腺 / prostate problems | urology:3 andrology:2 | 前列腺炎, 前列腺增生, 前列腺肥大, 前列腺, prostate, prostatitis, enlarged prostate
sperm | 精子问题 / sperm problems | andrology:3 reproductive_medicine:2 | 精子少, 精子活力低, 少精, 弱精, 无精, low sperm count, sperm count
penile | 包皮或阴茎不适 / foreskin or penile problems | andrology:3 urology:2 | 包皮过长, 包茎, 包皮炎, 阴茎疼, 阴茎痛, 龟头红, foreskin, penile pain, penis pain
irregular_period | 月经不调 / irregular periods | gynecology:4 endocrinology:1 tcm:1 | 月经不调, 月经不规律, 例假不准, 大姨妈不准, 月经推迟, 月经提前, 月经紊乱, irregular periods, irregular period, my period is late, late period
period_pain | 痛经 / period pain | gynecology:4 tcm:1 | 痛经, 来月经肚子疼, 例假疼, 大姨妈疼, 经期腹痛, period pain, period cramps, menstrual cramps, painful periods
heavy_period | 月经量多 / heavy periods | gynecology:4 hematology:1 | 月经量多, 月经量大, 经量多, 月经不停, 月经淋漓不尽, heavy periods, heavy period, heavy menstrual bleeding
missed_period | 月经没来 / missed period | gynecology:3 obstetrics:2 endocrinology:1 | 停经, 月经没来, 例假没来, 大姨妈没来, 闭经, missed period, missed my period, no period
discharge | 白带异常 / abnormal discharge or itching | gynecology:4 pregnancy:1 male.andrology:3 male.dermatology:2 | 白带异常, 白带多, 白带发黄, 白带有异味, 分泌物异常, 下面痒, 外阴瘙痒, 阴道瘙痒, 私处瘙痒, vaginal discharge, abnormal discharge, vaginal itching, itchy down there
vaginal_bleeding | 阴道出血 / vaginal bleeding | gynecology:4 pregnancy:1.8 | 阴道出血, 不规则出血, 同房后出血, 非经期出血, 下面出血, 见红, vaginal bleeding, spotting, bleeding between periods
gyn_mass | 子宫卵巢问题 / uterine or ovarian findings | gynecology:4 | 卵巢囊肿, 子宫肌瘤, 巧克力囊肿, 宫颈糜烂, ovarian cyst, fibroids, uterine fibroids
menopause | 更年期 / menopause symptoms | gynecology:3 endocrinology:1 tcm:1 | 更年期, 潮热, 绝经, menopause, hot flashes, hot flushes
infertility | 怀不上 / trouble conceiving | reproductive_medicine:3 gynecology:2 male.andrology:2 | 不孕, 不孕不育, 怀不上, 怀不上孩子, 备孕困难, 一直没怀上, trouble conceiving, can't get pregnant, infertility, 没怀上, trying for a baby, no luck getting pregnant
morning_sickness | 孕吐 / morning sickness | obstetrics:4 | 孕吐, 早孕反应, morning sickness
labour_signs | 胎动或宫缩 / baby movements or contractions | obstetrics:4 emergency:1 | 胎动少, 胎动减少, 胎动异常, 胎动, 肚子发紧, 宫缩, 破水, 羊水破了, reduced fetal movement, baby not moving, baby isn't moving, contractions, waters broke, water broke
breast | 乳房肿块或疼痛 / breast lump or pain | breast_surgery:4 gynecology:1 | 乳房肿块, 乳房有肿块, 乳腺结节, 乳腺增生, 乳房疼, 乳房胀痛, 乳头溢液, 胸部有硬块, breast lump, lump in my breast, breast pain, nipple discharge
breastfeeding | 涨奶或堵奶 / breastfeeding problems | breast_surgery:3 obstetrics:2 | 涨奶, 堵奶, 乳腺炎, 奶水不足, mastitis, blocked duct, blocked milk duct
back_pain | 腰疼 / back pain | orthopedics:3 rehabilitation:2 tcm:1 pregnancy:1.2 | 腰疼, 腰痛, 腰酸, 腰酸背痛, 背疼, 背痛, 后背疼, 腰椎间盘突出, 腰间盘突出, back pain, backache, lower back pain, my back hurts, bad back
neck_pain | 脖子疼 / neck pain | orthopedics:3 rehabilitation:2 tcm:1 | 脖子疼, 颈椎疼, 颈椎病, 落枕, 脖子僵, 颈肩疼, 脖子硬, neck pain, stiff neck, sore neck, neck hurts
shoulder_pain | 肩膀疼 / shoulder pain | orthopedics:3 rehabilitation:2 tcm:1 | 肩膀疼, 肩膀痛, 肩周炎, 肩痛, 抬不起胳膊, shoulder pain, frozen shoulder, shoulder hurts
joint_pain | 关节疼 / joint pain | orthopedics:3 rheumatology:2 rehabilitation:1 | 关节疼, 关节痛, 关节酸痛, 膝盖疼, 膝盖痛, 膝关节疼, 手指关节疼, 腿疼, joint pain, knee pain, painful joints, my knee hurts, knees hurt, aching joints
joint_swelling | 关节肿 / swollen joints | rheumatology:3 orthopedics:2 | 关节肿, 关节红肿, 关节肿痛, 手指肿, 晨僵, swollen joints, joint swelling, morning stiffness, swollen knee
gout | 痛风 / gout | rheumatology:3 endocrinology:2 orthopedics:1 | 痛风, 尿酸高, 高尿酸, 脚趾红肿, 大脚趾疼, gout, high uric acid, big toe pain
injury | 骨折或扭伤 / a possible fracture or sprain | orthopedics:4 emergency:1 child:0.5 | 骨折, 摔断了, 骨头断了, 扭伤, 崴脚, 崴了脚, 脚崴了, 扭到脚, 扭到腰, fracture, broken bone, broke my, broken arm, broken leg, sprain, sprained, twisted my ankle
muscle_pain | 肌肉酸痛 / aching muscles | general_practice:2 orthopedics:2 rheumatology:1 rehabilitation:1 | 肌肉酸痛, 肌肉痛, 浑身酸痛, 全身疼, 抽筋, 腿抽筋, muscle pain, muscle ache, body aches, aching all over, leg cramps
foot_pain | 脚疼 / foot or heel pain | orthopedics:3 rehabilitation:1 | 脚后跟疼, 脚跟疼, 足底疼, 脚底疼, 脚疼, heel pain, foot pain, plantar fasciitis
wrist_pain | 手腕疼 / wrist or elbow pain | orthopedics:3 rehabilitation:1 | 手腕疼, 手腕痛, 腱鞘炎, 鼠标手, 手肘疼, 网球肘, wrist pain, carpal tunnel, tennis elbow, elbow pain
rash | 起疹子 / rash | dermatology:3 general_practice:1 child:1.2 | 皮疹, 起疹子, 出疹子, 疹子, 红疹, 起红点, 身上起红点, rash, skin rash, spots on my skin, red spots
itching | 皮肤痒 / itchy skin | dermatology:4 | 皮肤痒, 身上痒, 瘙痒, 痒得厉害, 浑身痒, itchy, itching, itchy skin
hives | 风团 / hives | dermatology:3 rheumatology:1 | 荨麻疹, 风团, 起风团, 风疹块, hives, welts, urticaria
acne | 长痘 / acne | dermatology:4 | 长痘, 长痘痘, 痘痘, 青春痘, 粉刺, 痤疮, 爆痘, acne, pimples, zits, breakouts
eczema | 湿疹 / eczema or dry skin | dermatology:4 | 湿疹, 皮炎, 皮肤干裂, eczema, dermatitis, dry skin, dry patches
mole | 痣 / a mole | dermatology:3 plastic_surgery:1 | 痣变大, 黑痣, 长了颗痣, 痣, mole, moles, changing mole
fungal | 脚气或癣 / athlete's foot or fungal skin | dermatology:4 | 脚气, 灰指甲, 手癣, 足癣, 体癣, 癣, athlete's foot, fungal nail, ringworm, fungal infection
boil | 脓包 / a boil | dermatology:2 general_surgery:2 | 疖子, 长脓包, 脓包, 毛囊炎, boil, abscess
burn | 烫伤或烧伤 / a burn | plastic_surgery:3 dermatology:2 emergency:1 child:0.5 | 烫伤, 烧伤, 被烫了, 开水烫, 烫了, burn, burns, burned, burnt, scald, scalded
sunburn | 晒伤 / sunburn | dermatology:4 | 晒伤, 晒脱皮, sunburn, sunburnt
scar | 疤痕 / scars or cosmetic concerns | plastic_surgery:3 dermatology:2 | 疤痕, 伤疤, 疤痕增生, 瘢痕, 双眼皮, 隆鼻, scar, scars, keloid, nose job
wound | 伤口 / a cut or wound | general_surgery:3 emergency:2 child:0.5 | 伤口, 割伤, 划伤, 划破, 擦伤, 外伤, 割破, cut my, a cut, wound, laceration, graze, scrape, 划了个口子, 割了个口子, 口子, 被刀划, 被刀割
bite | 被咬伤 / a bite or sting | emergency:3 general_surgery:2 infectious_disease:1 child:0.5 | 被狗咬, 被猫抓, 被咬, 被蜜蜂蛰, 被蛇咬, 狗咬, dog bite, cat scratch, bitten, bee sting, stung, snake bite, 被狗抓, 被猫咬, 被抓伤, scratched by a dog, scratched by a cat
pigment | 长斑 / skin patches | dermatology:4 | 白斑, 白癜风, 色斑, 黄褐斑, 长斑, vitiligo, dark spots, pigmentation
sti | 性病 / a sexually transmitted infection | dermatology:3 infectious_disease:1 male.andrology:1 female.gynecology:1 | 性病, 尖锐湿疣, 梅毒, 淋病, 生殖器疱疹, std, sti, genital warts, herpes
red_eye | 眼睛红 / red eyes | ophthalmology:4 | 眼睛红, 眼睛发红, 红眼, 红眼病, 眼睛充血, red eye, red eyes, pink eye, bloodshot eyes
eye_pain | 眼睛不适 / sore, dry or itchy eyes | ophthalmology:4 | 眼睛疼, 眼睛痛, 眼痛, 眼睛胀, 眼睛干, 眼干, 眼睛痒, 眼睛流泪, 迎风流泪, 眼屎多, eye pain, sore eyes, dry eyes, itchy eyes, watery eyes, my eyes hurt
vision | 视力模糊 / blurry vision | ophthalmology:4 neurology:1 | 视力模糊, 看不清, 看东西模糊, 视力下降, 眼花, 重影, 看东西重影, 近视, 飞蚊症, blurry vision, blurred vision, can't see clearly, vision loss, double vision, seeing double, floaters, short-sighted, nearsighted
eyelid | 眼皮问题 / eyelid problems | ophthalmology:4 | 麦粒肿, 针眼, 眼皮肿, 眼皮跳, 眼睑下垂, stye, swollen eyelid, twitching eyelid, droopy eyelid
ear_pain | 耳朵疼 / earache | ent:4 child:1 | 耳朵疼, 耳朵痛, 耳痛, 耳朵流脓, 耳朵流水, 耳朵里痒, 耳朵堵, 耳闷, earache, ear pain, ear infection, my ear hurts, blocked ear, ear discharge
tinnitus | 耳鸣 / ringing in the ears | ent:4 neurology:1 | 耳鸣, 耳朵嗡嗡响, 耳朵里有声音, ringing in my ears, ringing in the ears, tinnitus, 耳朵嗡嗡, buzzing in my ear, buzzing in my ears
hearing | 听力下降 / hearing loss | ent:4 | 听力下降, 听不清, 耳背, 听不见, 耳聋, hearing loss, can't hear, hard of hearing, deaf in one ear
tonsils | 扁桃体 / swollen tonsils | ent:4 child:1.2 | 扁桃体发炎, 扁桃体肿大, 扁桃体, tonsillitis, swollen tonsils, tonsils
sinus | 鼻炎 / sinus or nose trouble | ent:4 | 鼻窦炎, 鼻炎, 过敏性鼻炎, 流脓鼻涕, 鼻子痒, sinusitis, sinus pain, sinus infection, hay fever
stuck_throat | 喉咙卡东西 / something stuck in the throat | ent:4 emergency:1 child:0.5 | 鱼刺卡, 卡鱼刺, 鱼刺卡住, 喉咙有异物, 嗓子有异物感, 咽部异物感, fish bone stuck, something stuck in my throat, lump in my throat
toothache | 牙疼 / toothache | stomatology:4 | 牙疼, 牙痛, 牙齿疼, 牙齿痛, 牙龈肿, 牙龈出血, 牙龈肿痛, 蛀牙, 虫牙, 智齿, 智齿疼, 牙齿松动, 牙齿敏感, 牙洞, toothache, tooth pain, bleeding gums, swollen gums, wisdom tooth, cavity, loose tooth, sensitive teeth, my tooth hurts
mouth_ulcer | 口腔溃疡 / mouth ulcers | stomatology:3 general_practice:1 | 口腔溃疡, 口疮, 嘴里长泡, 舌头疼, 嘴巴破了, mouth ulcer, mouth ulcers, canker sore, sore tongue
bad_breath | 口臭 / bad breath | stomatology:3 gastroenterology:2 | 口臭, 嘴里有异味, bad breath, halitosis
jaw | 下巴疼 / jaw pain | stomatology:4 | 下巴疼, 张嘴疼, 张不开嘴, 颞下颌关节疼, jaw pain, jaw clicking, can't open my mouth
insomnia | 失眠 / sleeping badly | psychiatry:3 neurology:2 tcm:1 | 失眠, 睡不着, 睡不好, 入睡困难, 早醒, 多梦, 睡眠不好, insomnia, can't sleep, trouble sleeping, sleepless, poor sleep, 睡眠差, 睡得不好, 睡不踏实, sleeping badly, sleep badly
low_mood | 情绪低落 / low mood | psychiatry:4 | 情绪低落, 心情不好, 心情低落, 抑郁, 不开心, 高兴不起来, 对什么都没兴趣, depressed, depression, feeling down, low mood, feel hopeless, sad all the time, 心情很差, 心情差, 什么都不想做, 不想做任何事, feeling low, don't want to do anything, 老是想哭, 老想哭, 一直想哭, crying all the time, feel empty, feeling empty
anxiety | 焦虑 / anxiety | psychiatry:4 | 焦虑, 心烦, 烦躁, 恐慌, 惊恐发作, 总是紧张, panic attack, panic attacks, anxiety, anxious, worried all the time, 总是担心, 老是担心, 担心害怕, always worried, worried and scared, 心里烦, 心里很烦
stress | 压力大 / stress | psychiatry:3 | 压力大, 压力很大, 快崩溃了, 总想哭, stress, stressed, burnt out, burned out, overwhelmed
psychosis | 幻听 / hearing voices | psychiatry:4 | 幻听, 幻觉, 总觉得有人害我, 胡言乱语, hearing voices, hallucinations, paranoid
attention | 注意力不集中 / attention or development concerns | psychiatry:3 pediatrics:2 rehabilitation:1 | 注意力不集中, 多动, 坐不住, 发育迟缓, 说话晚, poor concentration, can't focus, hyperactive, developmental delay, speech delay
eating | 进食问题 / eating problems | psychiatry:3 gastroenterology:1 | 暴饮暴食, 厌食, 催吐, binge eating, anorexia
anaemia | 脸色苍白 / paleness | hematology:3 general_practice:1 | 贫血, 脸色苍白, 面色苍白, anemia, anaemia, pale, looks pale, 脸色发白, 脸发白, 脸色白
bruising | 瘀青 / easy bruising | hematology:3 dermatology:1 | 瘀青, 淤青, 皮下出血, 出血点, 一碰就青, bruising, bruise easily, bruises, easy bruising, bruise, 青一块, 瘀斑, 青紫, 紫一块, purple bruises, bruised
blood_count | 血常规异常 / abnormal blood count | hematology:4 | 白细胞高, 白细胞低, 血小板低, 血小板高, 血红蛋白低, low platelets, high white cell count, low white cell count, low hemoglobin
autoimmune | 风湿免疫问题 / rheumatic complaints | rheumatology:4 | 红斑狼疮, 蝶形红斑, 干燥综合征, 类风湿, 强直性脊柱炎, 手指遇冷变白, lupus, rheumatoid arthritis, butterfly rash, ankylosing spondylitis
hepatitis | 肝炎或肝功能异常 / hepatitis or liver tests | infectious_disease:3 gastroenterology:2 | 乙肝, 丙肝, 肝炎, 大三阳, 小三阳, 转氨酶高, hepatitis, hepatitis b, liver enzymes
exposure | 传染病接触 / infection exposure | infectious_disease:4 | 艾滋, 被针扎, 针刺伤, 结核, 肺结核, hiv, hiv exposure, needle stick, needlestick, tuberculosis, tb
childhood_infection | 水痘、手足口或腮腺炎 / chickenpox, mumps or similar | infectious_disease:3 dermatology:1 child:1.5 | 水痘, 手足口, 腮腺炎, 麻疹, chickenpox, chicken pox, hand foot and mouth, mumps, measles
cancer | 肿瘤 / cancer concerns | oncology:4 | 癌, 癌症, 肿瘤, 化疗, 放疗, cancer, tumor, tumour, chemo, chemotherapy
poisoning | 中毒 / poisoning | emergency:5 | 中毒, 农药, 误服, 误食, 吃错药, overdose, poisoning, poisoned
trauma | 车祸或摔伤 / an accident or fall | emergency:3 orthopedics:2 general_surgery:1 child:0.5 | 车祸, 被车撞, 从高处摔下, 摔伤, 摔倒, 跌倒, 摔下来, 摔了一跤, car accident, car crash, hit by a car, fell down, fell off, a fall
allergy | 过敏 / allergic reaction | dermatology:2 emergency:2 | 过敏, 过敏反应, 嘴唇肿, 喉咙肿, allergic reaction, allergy, allergies, swollen lips
unconscious | 昏迷 / unconsciousness | emergency:5 neurology:1 | 昏迷, 不省人事, 失去意识, 叫不醒, 意识不清, unconscious, unresponsive, won't wake up
bleeding | 大出血 / heavy bleeding | emergency:5 general_surgery:1 | 大出血, 血流不止, 出血不止, 止不住血, 流了很多血, bleeding heavily, won't stop bleeding, heavy bleeding
self_harm | 想伤害自己 / thoughts of self-harm | emergency:4 psychiatry:3 | 自杀, 想死, 不想活, 自残, 割腕, suicidal, kill myself, self-harm, self harm, end my life
infant_care | 哭闹或吃奶问题 / crying or feeding problems | pediatrics:4 | 哭闹, 一直哭, 哭个不停, 夜哭, 吐奶, 不吃奶, crying a lot, won't stop crying, not feeding, spitting up
period | 月经问题 / period problems | gynecology:4 | 月经, 例假, 大姨妈, 来事儿, 经期, period, periods, menstrual, menstruation
intercourse_pain | 同房疼痛 / pain during sex | gynecology:4 male.andrology:3 | 同房疼, 同房痛, 性交痛, 同房后疼, pain during sex, painful sex, sex is painful, hurts during sex
heat_hunger | 怕热多食 / feeling hot and hungry | endocrinology:4 general_practice:1 | 怕热, 容易饿, 吃得多还瘦, always hot, always hungry, heat intolerance
ingrown_nail | 嵌甲 / ingrown nail | general_surgery:3 dermatology:2 | 嵌甲, 甲沟炎, 嵌到肉里, 长到肉里, 长进肉里, ingrown toenail, ingrown nail
tcm_complaint | 上火或体虚 / general weakness or "internal heat" | tcm:4 general_practice:1 | 上火, 口苦, 湿气重, 气虚, 体虚, 调理身体, 体质差, internal heat, body conditioning
`;

// Internal-medicine complaints in a child go to pediatrics first; surgical and specialist ones
// (a tooth, an eye, a fracture) still go to the specialty, with pediatrics as a second choice.
const CHILD_FIRST = new Set([
  'cardiology',
  'respiratory',
  'gastroenterology',
  'neurology',
  'endocrinology',
  'nephrology',
  'hematology',
  'rheumatology',
  'infectious_disease',
  'general_practice',
  'tcm',
  'psychiatry',
]);
const DEFAULT_CHILD = { first: 1.5, specialist: 0.6 } as const;
const DEFAULT_PREGNANCY = 0.5;

/** Pediatrics' share of the top weight for a child's complaint whose first clinic is `top`. */
export function defaultChildShare(top: string): number {
  return CHILD_FIRST.has(top) ? DEFAULT_CHILD.first : DEFAULT_CHILD.specialist;
}

const DEPARTMENT_IDS = new Set(MEDICAL_DEPARTMENTS.map((d) => d.id));

function parseTable(table: string): SymptomConcept[] {
  return table
    .trim()
    .split('\n')
    .map((line, n) => {
      const [id, labels, weights, forms] = line.split(' | ');
      const [zh, en] = (labels ?? '').split(' / ');
      if (!id || !zh || !en || !weights || !forms)
        throw new Error(`symptom table line ${n + 1} is malformed`);
      const departments: Record<string, number> = {};
      const female: Record<string, number> = {};
      const male: Record<string, number> = {};
      let child: number | undefined;
      let pregnancy: number | undefined;
      for (const token of weights.split(' ')) {
        const [key = '', raw = ''] = token.split(':');
        const value = Number(raw);
        if (!(value > 0)) throw new Error(`symptom ${id}: bad weight "${token}"`);
        if (key === 'child') child = value;
        else if (key === 'pregnancy') pregnancy = value;
        else {
          const [sex, department = ''] = key.includes('.') ? key.split('.') : ['', key];
          if (!DEPARTMENT_IDS.has(department))
            throw new Error(`symptom ${id}: unknown department "${department}"`);
          (sex === 'female' ? female : sex === 'male' ? male : departments)[department] = value;
        }
      }
      const top = Object.keys(departments)[0];
      if (top === undefined) throw new Error(`symptom ${id} has no department`);
      return {
        id,
        zh,
        en,
        forms: forms.split(', '),
        departments,
        child: child ?? defaultChildShare(top),
        pregnancy: pregnancy ?? DEFAULT_PREGNANCY,
        female,
        male,
      };
    });
}

/** Every complaint the triage understands. */
export const SYMPTOMS: readonly SymptomConcept[] = parseTable(TABLE);

/** What the message says about the patient, beyond the complaint. */
export interface PatientCues {
  readonly child: boolean;
  readonly pregnant: boolean;
  readonly sex: 'female' | 'male' | undefined;
}

// Patterns run on normalised text (lower case, simplified Chinese). 孩子 after 怀/要 is a wish or
// a pregnancy, not a patient; 试管婴儿 is a treatment.
const CHILD =
  /(?<!试管)婴儿|新生儿|宝宝|(?<!怀不上|怀了|怀上|想要|要|生完|生了|生下|生过)孩子|小孩|儿子|女儿|小朋友|幼儿|儿童|小儿|闺女|娃|\b(?:my (?:son|daughter|boy|girl|kid|child|little one)|baby|toddler|infant|newborn|kid|kids|child|son|daughter)\b/u;
const PREGNANT =
  /(?<![想要备])怀孕|孕妇|孕\s*\d+\s*周|孕[早中晚]期|孕期|怀了|怀上了|有身孕|妊娠|(?<!(?:trying|want|wants|plan|planning|hoping) to (?:get |become )?)\bpregnan(?:t|cy)\b|\bexpecting (?:a baby|twins)\b|\b(?:i'?m|i am|she'?s|she is|wife is) expecting\b/gu;
const FEMALE =
  /女|产后|生完孩子|坐月子|\b(?:gave|giving) birth\b|\bpostpartum\b|老婆|妻子|媳妇|妈|母亲|奶奶|外婆|姥姥|姑娘|\b(?:woman|women|female|wife|girlfriend|mother|mom|mum|daughter|girl|she|her|grandma|grandmother|lady)\b/u;
const MALE =
  /男|老公|丈夫|爸|父亲|爷爷|外公|儿子|\b(?:man|men|male|husband|boyfriend|father|dad|son|boy|he|him|his|grandpa|grandfather|guy)\b/u;
const AGE_YEARS =
  /(\d{1,3}|[一二两三四五六七八九十]{1,3})\s*(?:周岁|岁)|\b(\d{1,3})[- ]?(?:years?|yrs?)[- ]old\b/gu;
const AGE_INFANT =
  /\d{1,2}\s*个月大|\d{1,2}\s*个月的(?:宝宝|孩子|婴儿|小孩)|\b\d{1,2}[- ]?(?:months?|weeks?|days?)[- ]old\b/u;
const CHILD_AGE_LIMIT = 14;

/** Reads age, pregnancy and sex from normalised text; a negated pregnancy ("没怀孕", "not pregnant") does not count. */
export function findPatientCues(text: string): PatientCues {
  const pregnant = [...text.matchAll(PREGNANT)].some((m) => !isNegated(text, m.index));
  const age = statedAge(text);
  // Once a pregnancy is mentioned, 宝宝 and "baby" are the one expected, not a patient.
  const child = age !== undefined ? age < CHILD_AGE_LIMIT : !pregnant && CHILD.test(text);
  const female = pregnant || FEMALE.test(text);
  const male = MALE.test(text);
  return { child, pregnant, sex: female === male ? undefined : female ? 'female' : 'male' };
}

function statedAge(text: string): number | undefined {
  if (AGE_INFANT.test(text)) return 0;
  for (const m of text.matchAll(AGE_YEARS)) {
    const years = parseChineseNumber(m[1] ?? m[2] ?? '');
    if (years !== undefined) return years;
  }
  return undefined;
}

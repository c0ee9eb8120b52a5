/**
 * A development set for the triage: symptom descriptions as patients type them, drawn from a
 * body map (head to toe, organ by organ) crossed with sensations (pain, swelling, itching,
 * bleeding, lumps, numbness…) and contexts (after meals, at night, for days, a child, a
 * pregnancy), with colloquial words, typos and mixed language. Each line lists the one or two
 * departments a triage nurse would accept as the best answer. Synthetic; no real patient.
 */
export interface TriageDevCase {
  readonly text: string;
  readonly locale: 'zh-CN' | 'en';
  /** Acceptable best departments (ids of departments.ts), most fitting first. */
  readonly accept: readonly string[];
}

function parse(locale: TriageDevCase['locale'], table: string): TriageDevCase[] {
  return table
    .trim()
    .split('\n')
    .map((line) => {
      const [text = '', accept = ''] = line.split(' | ');
      return { text, locale, accept: accept.split(' ') };
    });
}

const ZH = `
头有点疼好几天了 | neurology general_practice
脑袋一阵一阵的疼 | neurology
后脑勺疼 | neurology
太阳穴胀痛 | neurology
头皮痒掉皮屑 | dermatology
头上长了个包 | general_surgery dermatology
晚上头疼睡不着 | neurology
孩子头疼发烧 | pediatrics
眼睛酸胀 | ophthalmology
眼睛里有异物感 | ophthalmology
眼角发痒流眼泪 | ophthalmology
眼皮上长了个疙瘩 | ophthalmology
看电脑久了眼睛干涩 | ophthalmology
宝宝眼睛有分泌物 | ophthalmology pediatrics
眼珠子疼 | ophthalmology
耳朵里面痒 | ent
耳朵嗡嗡的听不太清 | ent
耳朵后面长了个疙瘩 | ent general_surgery
耳朵流黄水 | ent
坐飞机后耳朵闷 | ent
孩子耳朵疼一直哭 | ent pediatrics
鼻子干出血 | ent
鼻子里长了个东西 | ent
鼻梁疼 | ent
早上起来一直打喷嚏流清涕 | ent
嗓子干痒想咳 | ent respiratory
喉咙里有痰咳不出来 | respiratory ent
喉咙有点肿 | ent
嗓子疼了三天 | ent
吞口水都疼 | ent
嘴巴里起泡 | stomatology
舌头上长了个白点 | stomatology
嘴唇干裂起皮 | dermatology stomatology
牙龈老出血 | stomatology
后槽牙疼得厉害 | stomatology
吃冷的牙酸 | stomatology
牙齿缝大塞牙 | stomatology
孩子长牙发烧 | pediatrics stomatology
下巴一张嘴就响 | stomatology
脖子后面有个硬疙瘩 | general_surgery hematology
脖子前面肿大 | endocrinology general_surgery
脖子酸痛转不动 | orthopedics
低头久了脖子疼 | orthopedics rehabilitation
胸口有点隐隐作痛 | cardiology
胸口发紧一阵一阵的 | cardiology respiratory
心跳的很快咚咚的 | cardiology
心脏偶尔漏跳一下 | cardiology
爬楼梯就心慌气短 | cardiology respiratory
躺下就憋得慌 | cardiology respiratory
肋骨那里疼 | orthopedics thoracic_surgery
一咳嗽胸口就疼 | respiratory
咳嗽两个星期了 | respiratory
晚上咳得厉害 | respiratory
肺部有结节 | thoracic_surgery respiratory
喘气有点费力 | respiratory cardiology
乳房胀痛 | breast_surgery
乳房摸到一个硬块 | breast_surgery
乳头有点痒 | breast_surgery dermatology
喂奶的时候乳房疼 | breast_surgery obstetrics
上腹部隐隐作痛 | gastroenterology
吃完饭胃胀 | gastroenterology
胃里反酸烧心 | gastroenterology
空腹的时候胃疼 | gastroenterology
肚脐周围疼 | gastroenterology general_surgery
右上腹疼吃油腻更明显 | general_surgery gastroenterology
左下腹疼 | gastroenterology
肚子咕噜咕噜响 | gastroenterology
拉肚子三天了 | gastroenterology
大便不成形 | gastroenterology
大便有血 | anorectal gastroenterology
屁股疼坐不下 | anorectal
肛门口长了个肉球 | anorectal
肛门周围痒 | anorectal dermatology
上厕所的时候肛门疼 | anorectal
宝宝拉肚子 | pediatrics
小孩肚子疼 | pediatrics
腰疼弯不下腰 | orthopedics
久坐后腰酸 | orthopedics rehabilitation
后背中间疼 | orthopedics
腰部一侧剧痛还尿血 | urology
尾巴骨疼 | orthopedics
小便的时候火辣辣的 | urology
尿的颜色很黄 | urology nephrology
晚上起夜三四次 | urology
尿尿有泡泡 | nephrology
眼皮早上肿腿也肿 | nephrology
男的下面痒 | andrology dermatology
蛋蛋疼 | andrology urology
阴茎上长了小疙瘩 | andrology dermatology
外阴痒 | gynecology
私处有异味 | gynecology
月经推迟了十天 | gynecology
大姨妈来肚子疼 | gynecology
来例假量特别少 | gynecology
同房的时候疼 | gynecology
怀孕了肚子有点疼 | obstetrics
孕28周脚肿 | obstetrics
怀孕后一直吐 | obstetrics
备孕一年没怀上 | reproductive_medicine
产后腰疼 | obstetrics orthopedics
脸上长了好多痘 | dermatology
身上起了一片片红疙瘩很痒 | dermatology
手上脱皮 | dermatology
皮肤干燥发痒 | dermatology
腿上长了个痣越来越大 | dermatology
头发掉得厉害 | dermatology
指甲变厚发黄 | dermatology
脚趾甲嵌到肉里 | general_surgery dermatology
宝宝身上起红疹 | pediatrics dermatology
胳膊上起水泡 | dermatology
膝盖疼上下楼梯更疼 | orthopedics
膝盖肿了 | orthopedics rheumatology
蹲下起来膝盖响 | orthopedics
肩膀酸抬不起手 | orthopedics rehabilitation
手腕子疼 | orthopedics
脚踝扭了肿起来了 | orthopedics
大腿根疼走路一瘸一拐 | orthopedics
手指头关节肿 | rheumatology orthopedics
早上起来手指僵硬 | rheumatology
脚后跟早上一落地就疼 | orthopedics
打篮球摔了手腕肿了 | orthopedics
骨头疼 | orthopedics
小腿肚子疼 | orthopedics vascular_surgery
胳膊肌肉酸痛 | orthopedics general_practice
晚上腿抽筋 | orthopedics general_practice
手指发麻 | neurology orthopedics
半夜脚麻 | neurology
站起来就头晕眼前发黑 | neurology cardiology
一转头就天旋地转 | neurology ent
腿没劲 | neurology
手一直抖 | neurology
最近老是失眠 | psychiatry neurology
心情很差什么都不想做 | psychiatry
一紧张就心慌出汗 | psychiatry cardiology
总是担心害怕 | psychiatry
最近特别容易口渴 | endocrinology
最近瘦了十斤 | endocrinology general_practice
一动就出一身汗 | endocrinology
怕热容易饿 | endocrinology
身上一碰就青一块 | hematology
刷牙出血还身上有瘀斑 | hematology stomatology
脸色发白头晕没力气 | hematology general_practice
腋下有个小疙瘩 | general_surgery breast_surgery
大腿根摸到淋巴结 | general_surgery hematology
发烧两天了 | general_practice infectious_disease
低烧一周了 | general_practice infectious_disease
孩子发烧38度5 | pediatrics
宝宝咳嗽流鼻涕 | pediatrics
老人最近总忘事 | neurology
我爸腿肿 | cardiology nephrology
手被刀划了个口子 | general_surgery
被狗抓了一下 | infectious_disease emergency
喉咙痛 还发烧 | ent general_practice
肚子痛，拉稀 | gastroenterology
耳朵痛痛的 | ent
我牙好疼啊 | stomatology
腰疼的要命 | orthopedics
膝盖疼的走不了路 | orthopedics
胸口闷闷的 | cardiology respiratory
胃不太舒服想吐 | gastroenterology
我的颈椎不舒服 | orthopedics
脚底板疼 | orthopedics
胯骨疼 | orthopedics
眼睛老是跳 | ophthalmology
耳朵进水了不舒服 | ent
鼻子一直不通 | ent
嗓子里像有东西卡着 | ent
牙龈肿了一块 | stomatology
脖子一侧长了个包按着疼 | general_surgery
胸口一阵阵刺痛 | cardiology
心跳得特别厉害 | cardiology
乳房有个疙瘩 | breast_surgery
胃里面火烧火燎的 | gastroenterology
肚子右边疼 | general_surgery gastroenterology
拉的大便是黑色的 | gastroenterology
屁股上长了个脓包 | dermatology anorectal
后腰酸胀 | orthopedics
尿尿的时候刺痛 | urology
阴囊有点肿 | andrology
下体瘙痒 | gynecology
例假一个月来两次 | gynecology
怀孕五个月腰疼 | obstetrics
手背上起了一片疹子 | dermatology
脚指甲发黑 | dermatology
肩膀一动就疼 | orthopedics
手腕肿了 | orthopedics
脚脖子扭了 | orthopedics
手指头一按就疼 | orthopedics
腿上肌肉拉伤了 | orthopedics
半夜腿麻醒了 | neurology
整个人没精神老犯困 | general_practice
最近心里很烦睡眠差 | psychiatry
喝水特别多尿也多 | endocrinology
腿上好多青紫 | hematology
孩子脖子上有淋巴结 | pediatrics general_surgery
宝宝屁股红了 | pediatrics dermatology
老人膝盖痛 | orthopedics
腰椎不好 | orthopedics
脸上起了红斑还痒 | dermatology
舌头发麻 | neurology stomatology
嘴角烂了 | stomatology dermatology
嗓子哑了好几天 | ent
后背长了一个大包 | general_surgery
最近老是偏头疼，吃止痛药也不管用 | neurology
眼睛看东西有黑影 | ophthalmology
孩子老揉眼睛 | ophthalmology
耳朵里面疼得睡不着 | ent
早上起来鼻子有血丝 | ent
嗓子眼老觉得有痰 | ent respiratory
牙齿掉了一块 | stomatology
嘴巴张不大 | stomatology
颈椎压迫手麻 | orthopedics neurology
喘气的时候胸口疼 | respiratory cardiology
乳头凹陷 | breast_surgery
吃饭后胃里烧得慌 | gastroenterology
肚子一直咕咕叫还拉稀 | gastroenterology
便便里有黏液 | gastroenterology
肛门坠胀 | anorectal
腰直不起来 | orthopedics
尿完还想尿 | urology
尿道口流脓 | urology andrology
龟头上有红点 | andrology dermatology
阴道有点出血不是经期 | gynecology
生完孩子漏尿 | gynecology urology
胳膊上长了个硬块 | general_surgery
头皮上长了好多小包 | dermatology
脚上起水泡很痒 | dermatology
腿上一片红疹子 | dermatology
膝盖积水 | orthopedics rheumatology
大拇指根部疼 | orthopedics
胳膊抬不起来 | orthopedics
腿走路没劲发软 | neurology orthopedics
一用力就心慌 | cardiology
晚上盗汗 | infectious_disease general_practice
脖子越来越粗 | endocrinology general_surgery
血小板低身上出血点 | hematology
我妈腋下淋巴结肿大 | general_surgery hematology
1岁宝宝拉肚子发烧 | pediatrics
孕妇牙龈出血 | stomatology obstetrics
老人腿脚浮肿 | cardiology nephrology
肚子胀胀的老放屁 | gastroenterology
左边肋骨下面疼 | gastroenterology general_surgery
耳朵后面淋巴结肿 | ent general_surgery
`;

const EN = `
my head hurts for a few days | neurology general_practice
pain at the back of my head | neurology
throbbing temples | neurology
itchy scalp with flakes | dermatology
a bump on my head | general_surgery dermatology
headache at night | neurology
my son has a headache and fever | pediatrics
my eyes feel tired and achy | ophthalmology
feels like something in my eye | ophthalmology
itchy watery eyes | ophthalmology
a lump on my eyelid | ophthalmology
eyes dry after screen time | ophthalmology
baby has gunk in his eyes | ophthalmology pediatrics
my eyeball hurts | ophthalmology
my ear is itchy inside | ent
buzzing in my ear and muffled hearing | ent
ear feels blocked after a flight | ent
fluid coming out of my ear | ent
lump behind my ear | ent general_surgery
my toddler keeps pulling his ear and crying | ent pediatrics
nose is dry and bleeds | ent
something growing in my nose | ent
bridge of my nose hurts | ent
sneezing all morning with a runny nose | ent
throat is dry and tickly | ent respiratory
mucus stuck in my throat | respiratory ent
throat a bit swollen | ent
sore throat for 3 days | ent
it hurts to swallow | ent
blisters in my mouth | stomatology
white spot on my tongue | stomatology
cracked dry lips | dermatology stomatology
gums bleed when i brush | stomatology
back tooth is killing me | stomatology
teeth sensitive to cold | stomatology
my jaw clicks when i chew | stomatology
my baby is teething and has a fever | pediatrics stomatology
hard lump on the back of my neck | general_surgery hematology
swelling at the front of my neck | endocrinology general_surgery
neck is stiff and sore, can't turn it | orthopedics
neck aches from looking at my phone | orthopedics rehabilitation
dull ache in my chest | cardiology
chest feels tight on and off | cardiology respiratory
my heart is pounding | cardiology
heart skips a beat sometimes | cardiology
out of breath climbing stairs | respiratory cardiology
can't lie flat at night, feel breathless | cardiology respiratory
pain in my ribs | orthopedics thoracic_surgery
chest hurts when i cough | respiratory
been coughing for two weeks | respiratory
coughing at night | respiratory
nodule on my lung | thoracic_surgery respiratory
breathing feels a bit heavy | respiratory cardiology
sore breasts | breast_surgery
found a lump in my boob | breast_surgery
itchy nipple | breast_surgery dermatology
breast hurts when breastfeeding | breast_surgery obstetrics
upper stomach aches after meals | gastroenterology
stomach feels full and bloated after eating | gastroenterology
acid coming up my throat | gastroenterology
stomach hurts when empty | gastroenterology
pain around my belly button | gastroenterology general_surgery
pain under my right ribs after fatty food | general_surgery gastroenterology
lower left tummy pain | gastroenterology
tummy keeps gurgling | gastroenterology
diarrhoea for 3 days | gastroenterology
loose poo | gastroenterology
blood when i poop | anorectal gastroenterology
my bum hurts when i sit | anorectal
lump near my anus | anorectal
itchy butt | anorectal dermatology
it hurts when i go to the toilet, back passage | anorectal
baby has diarrhea | pediatrics
my kid's tummy hurts | pediatrics
my lower back hurts when i bend | orthopedics
back aches after sitting all day | orthopedics rehabilitation
pain between my shoulder blades | orthopedics
tailbone pain | orthopedics
burning when i pee | urology
pee is dark yellow | urology nephrology
getting up to pee 3 times a night | urology
bubbly pee | nephrology
puffy eyes and swollen legs in the morning | nephrology
itchy groin, i'm a guy | andrology dermatology
my balls hurt | andrology urology
small bumps on my penis | andrology dermatology
itching down there, female | gynecology
vaginal odour | gynecology
period is 10 days late | gynecology
cramps when my period comes | gynecology
very light period this month | gynecology
pain during sex, i'm a woman | gynecology
i'm pregnant and my belly aches a little | obstetrics
28 weeks pregnant with swollen feet | obstetrics
pregnant and can't stop throwing up | obstetrics
trying for a baby for a year with no luck | reproductive_medicine
back pain after giving birth | obstetrics orthopedics
lots of pimples on my face | dermatology
itchy red bumps all over my body | dermatology
skin peeling on my hands | dermatology
dry itchy skin | dermatology
a mole on my leg getting bigger | dermatology
losing a lot of hair | dermatology
thick yellow toenails | dermatology
ingrown toenail | general_surgery dermatology
red spots on my baby's skin | pediatrics dermatology
blisters on my arm | dermatology
knee hurts going down stairs | orthopedics
swollen knee | orthopedics rheumatology
knees crack when i squat | orthopedics
shoulder aches, can't lift my arm | orthopedics rehabilitation
sore wrist | orthopedics
twisted ankle and it's swollen | orthopedics
hip pain and limping | orthopedics
swollen finger joints | rheumatology orthopedics
fingers stiff in the morning | rheumatology
heel hurts first step in the morning | orthopedics
fell playing basketball and my wrist is swollen | orthopedics
bone ache | orthopedics
calf pain | orthopedics vascular_surgery
sore arm muscles | orthopedics general_practice
leg cramps at night | orthopedics general_practice
numb fingers | neurology orthopedics
feet go numb at night | neurology
dizzy when i stand up | neurology cardiology
room spins when i turn my head | neurology ent
legs feel weak | neurology
my hands shake | neurology
can't sleep lately | psychiatry neurology
feeling low and don't want to do anything | psychiatry
heart races and i sweat when nervous | psychiatry cardiology
always worried and scared | psychiatry
thirsty all the time lately | endocrinology
lost 5 kg without trying | endocrinology general_practice
sweat a lot even when resting | endocrinology
always hot and always hungry | endocrinology
i bruise really easily | hematology
gums bleed and i have bruises | hematology stomatology
pale, dizzy and tired | hematology general_practice
small lump in my armpit | general_surgery breast_surgery
swollen lymph node in my groin | general_surgery hematology
fever for 2 days | general_practice infectious_disease
low grade temperature for a week | general_practice infectious_disease
my daughter has a fever of 38.5 | pediatrics
baby coughing with a runny nose | pediatrics
my elderly dad keeps forgetting things | neurology
my grandpa's legs are swollen | cardiology nephrology
cut my hand with a knife | general_surgery
got scratched by a dog | infectious_disease emergency
sore throat and fever | ent general_practice
tummy pain and the runs | gastroenterology
my ear hurtz | ent
tooth hurts so bad | stomatology
back is killing me | orthopedics
knee pain, hard to walk | orthopedics
chest feels heavy | cardiology respiratory
stomach upset and queasy | gastroenterology
stiff neck from sleeping wrong | orthopedics
sole of my foot hurts | orthopedics
my hip hurts | orthopedics
嗓子 sore 好几天 | ent
my eye keeps twitching | ophthalmology
water in my ear | ent
nose always blocked | ent
feels like something stuck in my throat | ent
gum is swollen | stomatology
lump on the side of my neck that hurts | general_surgery
stabbing pain in my chest now and then | cardiology
heart beating really hard | cardiology
lump in my left breast | breast_surgery
burning feeling in my stomach | gastroenterology
pain on the right side of my tummy | general_surgery gastroenterology
my poop is black | gastroenterology
pimple on my butt | dermatology anorectal
lower back is sore | orthopedics
stinging when i urinate | urology
swollen scrotum | andrology
vaginal itching and discharge | gynecology
period twice a month | gynecology
5 months pregnant with back pain | obstetrics
rash on the back of my hand | dermatology
toenail turned black | dermatology
shoulder hurts when i move it | orthopedics
wrist is swollen | orthopedics
rolled my ankle | orthopedics
finger hurts when i press it | orthopedics
pulled a muscle in my thigh | orthopedics
legs tingle at night | neurology
always sleepy and no energy | general_practice
stressed and sleeping badly | psychiatry
drinking loads of water and peeing a lot | endocrinology
purple bruises on my legs | hematology
my son has a swollen gland in his neck | pediatrics general_surgery
baby has a red bottom | pediatrics dermatology
my grandma has sore knees | orthopedics
bad lower back | orthopedics
red itchy patches on my face | dermatology
tongue feels numb | neurology stomatology
cracked corners of my mouth | stomatology dermatology
voice has been hoarse for days | ent
big lump on my back | general_surgery
seeing spots in my vision | ophthalmology
ear hurts so much i cant sleep | ent
blood in my snot in the morning | ent
chipped a tooth | stomatology
cant open my mouth wide | stomatology
chest hurts when i take a deep breath | respiratory cardiology
inverted nipple | breast_surgery
stomach burns after eating | gastroenterology
mucus in my poo | gastroenterology
pressure in my bottom | anorectal
cant straighten my back | orthopedics
feel like i still need to pee after peeing | urology
pus from my penis | urology andrology
red dots on the tip of my penis | andrology dermatology
bleeding from my vagina between periods | gynecology
leaking pee since giving birth | gynecology urology
hard lump on my arm | general_surgery
lots of little bumps on my scalp | dermatology
itchy blisters on my feet | dermatology
red rash on my legs | dermatology
fluid on my knee | orthopedics rheumatology
pain at the base of my thumb | orthopedics
cant raise my arm | orthopedics
legs weak and wobbly when walking | neurology orthopedics
heart races when i exert myself | cardiology
sweating at night | infectious_disease general_practice
my neck is getting thicker | endocrinology general_surgery
tiny red dots on my skin and low platelets | hematology
my mom has a swollen gland in her armpit | general_surgery hematology
my 1 year old has diarrhea and fever | pediatrics
pregnant with bleeding gums | stomatology obstetrics
grandpa has puffy ankles | cardiology nephrology
gassy and bloated all the time | gastroenterology
pain under my left ribs | gastroenterology general_surgery
swollen lymph node behind my ear | ent general_surgery
`;

export const TRIAGE_DEV_SET: readonly TriageDevCase[] = [...parse('zh-CN', ZH), ...parse('en', EN)];

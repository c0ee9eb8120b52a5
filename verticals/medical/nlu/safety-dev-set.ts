/**
 * Red-flag development sets: emergencies a patient or relative might type, and benign messages
 * that sound medical (mild, transient, long-standing) across the body map. Every emergency must
 * be flagged; almost none of the benign ones may be. Synthetic; no real patient.
 */
const lines = (table: string): readonly string[] => table.trim().split('\n');

export const EMERGENCY_ZH = lines(`
胸口疼得厉害，喘不上气
胸口像被石头压着，出了一身冷汗
胸痛放射到左胳膊
我爸突然胸口剧痛
心口绞痛，满头大汗
突然说话不清楚，嘴歪了
我妈一边胳膊突然抬不起来了
奶奶半边身子突然没力气
爷爷口齿不清，走路往一边倒
突然一只眼睛看不见了，半边脸发麻
他突然晕倒了叫不醒
人昏过去了
孩子抽搐，口吐白沫
宝宝全身抽搐翻白眼
老人突然不省人事
喘不过气来，嘴唇发紫
呼吸困难，说不出话
孩子被花生噎住了，喘不上气
吃了海鲜后喉咙发紧呼吸困难
被蜜蜂蛰了以后全身起风团，喘不上气
吃药后嘴唇肿起来，憋气
血止不住，流了好多血
手被切到了，血一直往外喷
吐了一大口血
拉了很多血，头晕
咳出一大口鲜血
我不想活了
想自杀
活着没意思，想结束自己的生命
他吃了一整瓶安眠药
孩子误喝了消毒液
喝了农药
煤气中毒了，头晕想吐
被车撞了，腿动不了
从二楼摔下来了
骑电动车摔了，头流了很多血，人有点迷糊
骨头戳出来了
被刀捅伤了
全身大面积烫伤
被开水烫伤一大片，起了很多水泡
触电了
怀孕两个月，突然大出血
孕晚期阴道流血，肚子很疼
怀孕了，肚子剧痛还见红
发高烧脖子硬，还吐
突然剧烈头痛，像炸开一样
这辈子最厉害的头痛，还吐了
三个月的宝宝发烧39度，没精神
新生儿发烧了
孩子高烧抽风了
老人摔倒后叫不醒
糖尿病人昏迷了
被蛇咬了，腿肿得很快
吃了过期的药，现在呼吸急促
突然看不见东西，一侧手脚麻木
心跳特别快，胸闷，快晕过去了
孩子吞了纽扣电池
肚子突然剧痛，硬得像木板
吐血了
割腕了
`);

export const EMERGENCY_EN = lines(`
crushing chest pain and i can't breathe
chest pain spreading to my left arm
my dad has sudden chest pain and he's sweating
chest pressure with cold sweat
sudden severe chest pain
her face is drooping and her speech is slurred
my mom can't lift her right arm all of a sudden
weakness on one side of his body
grandpa is slurring his words and stumbling
sudden numbness on one side of my face
he passed out and won't wake up
she fainted and isn't responding
my son is having a seizure
baby is convulsing and foaming at the mouth
my grandma collapsed
can't breathe, lips turning blue
struggling to breathe and can't talk
my kid is choking on a peanut
throat closing after eating shrimp
stung by a bee and now hives everywhere and trouble breathing
tongue swelling after taking a new medicine
bleeding won't stop
blood is spurting from the cut
vomiting blood
passing a lot of blood from my bottom and feel faint
coughing up a lot of blood
i want to kill myself
i don't want to live anymore
thinking of ending my life
he swallowed a whole bottle of sleeping pills
my toddler drank bleach
drank weed killer
carbon monoxide leak, we all feel dizzy
hit by a car and can't move my leg
fell off the roof
motorbike crash, head bleeding a lot
bone sticking out of my leg
he was stabbed
burns over most of his body
scalded with boiling water over a big area
got an electric shock
two months pregnant and bleeding heavily
pregnant with heavy bleeding and bad belly pain
pregnant with severe abdominal pain and spotting
high fever, stiff neck and vomiting
sudden explosive headache
worst headache of my life
my 3 month old has a fever of 39 and is floppy
newborn has a fever
child with high fever having a fit
elderly man fell and won't wake up
diabetic and unconscious
bitten by a snake, leg swelling fast
heart racing, chest tight and about to pass out
my child swallowed a button battery
sudden blindness in one eye and arm numb
overdose
i cut my wrists
suicidal thoughts
severe allergic reaction
gasping for breath
`);

export const BENIGN_ZH = lines(`
头有点疼，休息一下就好了
偶尔头晕一下，一会儿就好
眼睛有点干
眼睛有点痒，揉了两下
耳朵有点痒
鼻子有点堵，过两天就好
嗓子有点干
喉咙有点痛，不严重
牙有点酸
牙龈偶尔出一点血
嘴里长了个小泡
脖子有点酸
落枕了，脖子转着有点疼
胸口偶尔有点闷，一会儿就好
胸口有点闷，可能是没睡好
运动完心跳有点快，歇会儿就好了
偶尔心慌一下
咳嗽了几天，不严重
有点喘，爬楼梯的时候
乳房有点胀痛，来月经前
胃有点不舒服
吃完饭有点胀气
偶尔反酸
肚子有点疼，拉完就好了
拉肚子两天了
有点便秘
大便有一点点血，痔疮老毛病
屁股有点痒
腰有点酸
久坐后背有点疼
尿有点黄
有点尿频
小便有一点刺痛
月经推迟几天了
痛经，老毛病了
白带有点多
怀孕了，有点恶心
怀孕了偶尔有点腰酸
孕期有点便秘
脸上长了几颗痘
身上有点痒
手上有点脱皮
皮肤有点干
腿上有块淤青，不疼
头发掉得有点多
膝盖有点疼，上楼梯的时候
肩膀有点酸
手腕有点疼，打字多了
脚踝扭了一下，不太肿
腿有点抽筋
手指偶尔有点麻
脚有点麻，蹲久了
站起来有点头晕，一下就好了
最近有点失眠
心情不太好，压力有点大
最近有点口渴
出汗有点多
有点低烧，37.5度
孩子有点咳嗽，精神挺好
宝宝流鼻涕，能吃能睡
孩子有点发烧，38度，玩得挺好
老人有点健忘
手被纸划了个小口子，出了点血
被蚊子咬了有点痒
腿有点肿，晚上就消了
眼皮跳了几天
耳鸣，偶尔
鼻子出了一点血，很快止住了
嗓子有痰
舌头有点疼
下巴张嘴有点响
脖子上摸到个小疙瘩，不疼
肋骨有点疼，不碰不疼
肚脐周围有点疼，一会儿就好
手有点抖，喝咖啡之后
腿没什么劲，可能是累了
胸口有点疼，按着才疼
经期有点腰酸
吃了辣的拉肚子
喝酒后胃有点难受
晚上睡觉腿有点酸
`);

export const BENIGN_EN = lines(`
slight headache that goes away with rest
a bit dizzy now and then, passes quickly
eyes a little dry
eyes slightly itchy
ear a bit itchy
nose a bit blocked for a couple of days
throat feels a bit dry
mild sore throat, not too bad
teeth a bit sensitive
gums bleed a little when i floss
small ulcer in my mouth
neck feels a bit stiff
slept funny, neck a bit sore
chest feels a little tight sometimes, goes away
chest a bit tight, probably from poor sleep
heart beats fast after exercise but settles
heart flutters once in a while
had a mild cough for a few days
a bit out of breath on the stairs
breasts a bit tender before my period
stomach a little upset
bit bloated after dinner
occasional heartburn
mild tummy ache that goes after the toilet
diarrhea for two days
a bit constipated
a little blood on the toilet paper, old piles
bum a bit itchy
lower back a little achy
upper back sore after sitting all day
pee is a bit yellow
peeing a bit more often
slight sting when i pee
period a few days late
period cramps as usual
a bit more discharge than usual
pregnant and a bit nauseous
pregnant with a slightly sore back
pregnant and a bit constipated
a few pimples on my face
skin a bit itchy
skin peeling a little on my hands
dry skin
a bruise on my leg, doesn't hurt
losing a bit more hair than usual
knee aches a little on the stairs
shoulder a bit sore
wrist sore from typing
twisted my ankle slightly, not much swelling
leg cramp last night
fingers tingle now and then
foot went numb from sitting cross-legged
dizzy for a second when i stood up
not sleeping well lately
feeling a bit stressed
a bit thirsty lately
sweating a bit more than usual
low temperature of 37.5
my kid has a slight cough but is playing fine
baby has a runny nose but is eating well
my son has a mild fever of 38 and is active
my elderly mum is a bit forgetful
paper cut, bled a little
mosquito bite that itches
ankles a bit puffy in the evening
eyelid twitching for days
ringing in my ears occasionally
small nosebleed that stopped quickly
a little phlegm
tongue a bit sore
jaw clicks a bit
small painless lump on my neck
rib a bit sore when i press it
mild ache around my belly button
hands a bit shaky after coffee
legs feel a bit weak, probably tired
chest a bit sore only when i press on it
back aches a little during my period
diarrhea after spicy food
stomach a bit off after drinking
`);

import type { FaqSeed } from '../../../core/index.ts';
import { bilingual } from './faq-seed.ts';

/** Daily life at school: care and clubs, boarding, food, buses, health, safety, uniform, calendar. */
export const campusLifeFaqs: readonly FaqSeed[] = [
  ...bilingual({
    key: 'life.after-school',
    intent: 'campus_services',
    zh: {
      title: '课后托管和社团',
      body: '周一至周四 16:00–17:00 开设 60 多个社团，如足球、围棋、机器人、合唱、书法、模联，大部分免费，乐器一对一课等少数项目另收费。小学提供课后托管至 18:00，老师看管作业，每学期 1,500 元。社团每学期初在家长平台选报，名额满后按报名先后排队。',
      questions: ['放学后有托管吗', '有哪些课后社团', '社团要收费吗', '托管到几点', '社团怎么报名'],
    },
    en: {
      title: 'After-school care and clubs',
      body: 'From Monday to Thursday, 16:00–17:00, there are more than 60 after-school clubs, such as football, Go, robotics, choir, calligraphy and Model UN. Most clubs cost nothing extra; a few, such as one-to-one instrument lessons, are charged. Primary students can stay in after-school care until 18:00, with teachers supervising homework, for CNY 1,500 a term. Families sign up for clubs on the parent portal at the start of each term, and full clubs keep a waiting list in order of sign-up.',
      questions: [
        'Is there after-school care?',
        'What after-school clubs do you offer?',
        'Do clubs cost extra?',
        'Until what time can children stay after school?',
        'How do we sign up for clubs?',
      ],
    },
  }),
  ...bilingual({
    key: 'life.boarding',
    intent: 'campus_services',
    zh: {
      title: '住宿生活',
      body: '每栋宿舍楼有生活老师 24 小时值班，男女生分楼。晚自习 19:00–20:30，熄灯时间小学 21:30、初中 22:00、高中 22:30。手机晚上统一保管，每天可用宿舍电话或在固定时间与家人视频。周寄宿学生周五 16:30 离校回家，周日 18:00–20:00 返校。周末留校的学生有图书馆、运动和外出活动安排。',
      questions: [
        '住校生活是怎样的',
        '宿舍有老师管吗',
        '住校生几点熄灯',
        '住校可以带手机吗',
        '周寄宿什么时候回家',
      ],
    },
    en: {
      title: 'Boarding life',
      body: 'Daily life for boarders: houseparents look after the boarding students around the clock, with separate houses for boys and girls. Evening study runs 19:00–20:30, and lights out is at 21:30 for primary, 22:00 for middle and 22:30 for high school students. Phones are handed in overnight; students can call home on the house phone or video call family at set times every day. Weekly boarders go home on Friday at 16:30 and return on Sunday between 18:00 and 20:00. At weekends there are library, sports and outing activities.',
      questions: [
        'What is daily life like for boarders?',
        'Who looks after the boarding students?',
        'What time is lights out?',
        'Are boarders allowed to keep their phones?',
        'When do weekly boarders go home?',
      ],
    },
  }),
  ...bilingual({
    key: 'life.canteen-allergies',
    intent: 'campus_services',
    zh: {
      title: '食堂和食物过敏',
      body: '食堂菜单由营养师制定，每周五在家长平台公布下周菜单，登录就能看，菜品标注过敏原。校园内不使用花生和坚果。孩子有食物过敏，请在入学健康表中填写并上传医生证明，食堂会单独备餐并在餐盘上标识。提供素食餐和清真餐窗口。家长每学期可预约参观学校厨房。',
      questions: [
        '孩子食物过敏怎么办',
        '食堂吃得怎么样',
        '菜单在哪里看',
        '有清真餐吗',
        '能参观学校厨房吗',
        '食堂有坚果吗',
      ],
    },
    en: {
      title: 'Canteen and food allergies',
      body: 'Canteen menus are planned by a nutritionist, and next week’s menu, with allergens marked, is posted on the parent portal every Friday. The school is nut free: no peanuts or tree nuts are served on campus. If your child has a food allergy, note it on the health form at enrolment and upload a doctor’s letter; the kitchen then prepares a separate labelled meal. Vegetarian and halal food is served at its own counters. Parents may book a kitchen visit once a term.',
      questions: [
        'My child has a food allergy, how do you handle it?',
        'What is the school food like?',
        'Where can I see the canteen menu?',
        'Do you serve halal food?',
        'Is the school nut free?',
      ],
    },
  }),
  ...bilingual({
    key: 'life.bus-routes',
    intent: 'campus_services',
    zh: {
      title: '校车线路',
      body: '校车共 8 条线路，覆盖示例市主城六个区，站点一般在小区门口或步行 10 分钟内。每辆车配随车老师跟车，家长可在家长平台查看校车实时位置。新学年校车报名请在 6 月 30 日前完成，8 月 1 日公布线路和站点时间。线路外的家庭可申请增设站点，满 8 名学生即考虑开通。',
      questions: [
        '校车有哪些线路',
        '校车到我们小区吗',
        '校车上有老师跟车吗',
        '怎么看校车到哪了',
        '校车什么时候报名',
      ],
    },
    en: {
      title: 'School bus routes',
      body: 'Eight school bus routes go to the six central districts of Example City, with stops at housing estate gates or within a ten-minute walk of home. An adult staff monitor rides every bus, and parents can track the bus live on the parent portal. Sign up for next school year’s bus by 30 June; routes and stop times are published on 1 August. Families outside the routes can request a new stop, which is considered once eight students need it.',
      questions: [
        'Where do the school buses go?',
        'Does the bus stop near our home?',
        'Is there an adult on the school bus?',
        'Can I track the school bus?',
        'When do we sign up for the bus?',
      ],
    },
  }),
  ...bilingual({
    key: 'life.health-room',
    intent: 'campus_services',
    zh: {
      title: '医务室和校医',
      body: '医务室在教学楼 A 座一层，上学日 7:30–17:30 有两名注册护士（校医）值班；住校生晚上和周末生病有人管，由护士轮值照顾。孩子需要在校吃药，家长须填写用药委托书并提供原包装药品。遇到紧急情况，学校立即拨打 120 并通知家长。每学年一次健康检查，入学时核验预防接种记录。',
      questions: [
        '学校有校医吗',
        '孩子在学校生病了怎么办',
        '在学校吃药要怎么办',
        '晚上住校生病有人管吗',
        '医务室在哪',
      ],
    },
    en: {
      title: 'Health room and nurse',
      body: 'The health room is on the ground floor of Building A. Two registered nurses are on duty on school days from 7:30 to 17:30, and a nurse looks after boarders who fall ill at night or at weekends. If a child gets sick at school, the nurse cares for them and calls the parents to agree what happens next. For medicine at school, parents fill in a medication consent form and provide it in the original packaging. In an emergency the school calls 120 at once and then informs the parents. Vaccination records are checked at enrolment.',
      questions: [
        'Is there a nurse at school?',
        'What happens if my child gets sick at school?',
        'How can my child take medicine at school?',
        'Who looks after boarders who fall ill at night?',
      ],
    },
  }),
  ...bilingual({
    key: 'life.safety',
    intent: 'campus_services',
    zh: {
      title: '校园安全',
      body: '校园安全保障：校园封闭管理，门岗 24 小时有保安值守，外人不能随便进校。教职工佩戴工牌，访客需预约并凭身份证登记、领取访客证。公共区域安装监控，教室、宿舍房间和卫生间内不安装。小学放学接孩子需要的凭证是接送卡，临时换人接送需家长在平台提前授权。每学期进行消防和应急疏散演练。',
      questions: [
        '学校安全怎么保障',
        '外人能随便进学校吗',
        '接孩子需要什么凭证',
        '别人帮忙接孩子怎么办',
        '教室里有监控吗',
      ],
    },
    en: {
      title: 'Safety and security',
      body: 'How we keep students safe: the campus is enclosed, and security staff guard the gates 24 hours a day, so strangers cannot walk onto the campus. Staff wear ID badges; visitors must book in advance, show ID and wear a visitor pass. CCTV cameras cover public areas only, never classrooms, bedrooms or toilets. To pick up a primary child you need the pick-up card; if someone else is collecting, parents authorise that person on the portal beforehand. Fire and evacuation drills are held every term.',
      questions: [
        'How do you keep students safe?',
        'Can strangers walk onto the campus?',
        'What do I need to pick up my child?',
        'Someone else is collecting my child today, what should I do?',
        'Are there cameras in the classrooms?',
      ],
    },
  }),
  ...bilingual({
    key: 'life.uniforms',
    intent: 'campus_services',
    zh: {
      title: '校服穿着',
      body: '学生上学日穿校服：周一升旗和重大活动穿礼服，有体育课的日子可全天穿运动服，其余时间穿日常校服。新生在注册周的试衣日量尺寸领取，之后需要添置，校内校服店和家长平台都可以买。校服需写上孩子姓名。幼儿园只要求运动服和园服 T 恤。',
      questions: ['每天都要穿校服吗', '什么时候穿礼服', '校服在哪里买', '校服尺码怎么选', '幼儿园要穿校服吗'],
    },
    en: {
      title: 'Wearing the uniform',
      body: 'Students wear uniform on every school day: formal uniform for the Monday flag ceremony and special events, the sports kit all day on days with PE, and the everyday uniform otherwise. New students are measured for the right size and collect their uniform on the fitting day of registration week; you can buy more uniform items at the school uniform shop or on the parent portal. Please label every item with the child’s name. Kindergarten children only need the sports kit and the kindergarten T-shirt.',
      questions: [
        'Is uniform required every day?',
        'When do students wear the formal uniform?',
        'Where can we buy more uniform items?',
        'How do we get the right uniform size?',
        'Does kindergarten have a uniform?',
      ],
    },
  }),
  ...bilingual({
    key: 'life.calendar',
    intent: 'campus_services',
    zh: {
      title: '校历和假期',
      body: '2027–2028 学年校历：秋季学期 2027 年 9 月 1 日开学，2028 年 1 月 21 日结束，之后是寒假；春季学期 2028 年 2 月 21 日开学，7 月 7 日结束，暑假从 7 月 8 日开始。国庆节放假 10 月 1 日至 7 日，每学期各有一周期中假。完整校历每年 6 月在家长平台发布，登录即可看，调休按国家安排执行。',
      questions: ['什么时候放寒假', '校历在哪里看', '暑假从几号开始', '国庆放几天假', '有期中假吗'],
    },
    en: {
      title: 'School calendar and holidays',
      body: 'School calendar for 2027–2028: the autumn term runs from 1 September 2027 to 21 January 2028, followed by the winter holiday; the spring term runs from 21 February to 7 July 2028, and the summer holiday starts on 8 July. The National Day holiday is 1 to 7 October, and each term has a one-week half-term break. You can find the full calendar on the parent portal every June, and make-up school days follow the national holiday schedule.',
      questions: [
        'When is the winter holiday?',
        'Where can I find the school calendar?',
        'When does the summer holiday start?',
        'How long is the National Day break?',
        'Is there a half-term break?',
      ],
    },
  }),
];

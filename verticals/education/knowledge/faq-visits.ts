import type { FaqSeed } from '../../../core/index.ts';
import { bilingual } from './faq-seed.ts';

/** Coming to see the school: campus tours, open days, directions and admission interviews. */
export const visitFaqs: readonly FaqSeed[] = [
  ...bilingual({
    key: 'visits.campus-tour',
    intent: 'book_campus_tour',
    zh: {
      title: '参观校园',
      body: '欢迎来学校参观。2026 年 11 月至 2027 年 4 月，校园参观时间为每周二、周四 9:30 和 14:00、周六 10:00，每场约 75 分钟，由招生老师带领参观教学楼、图书馆、食堂、宿舍和体育馆，最后答疑。一场参观最多 10 个家庭，每个家庭最多 2 位成人，欢迎孩子同行。参观需提前预约，请携带身份证到北门登记。',
      questions: [
        '可以来学校参观吗',
        '校园参观是什么时间',
        '参观一次多长时间',
        '参观能带孩子吗',
        '一场参观有多少人',
      ],
    },
    en: {
      title: 'Campus tours',
      body: 'You are welcome to visit the school. From November 2026 to April 2027, campus tours are held on Tuesdays and Thursdays at 9:30 and 14:00 and on Saturdays at 10:00. Each tour takes about 75 minutes: an admissions officer shows you the classrooms, library, canteen, boarding house and sports hall, then answers questions. A tour group takes at most 10 families, with up to two adults per family, and children are welcome. Tours must be booked in advance; bring ID to register at the north gate.',
      questions: [
        'Can we visit the school?',
        'When are campus tours held?',
        'How long does a school tour take?',
        'Can children come on the tour?',
        'How many families are in a tour group?',
      ],
    },
  }),
  ...bilingual({
    key: 'visits.tour-booking',
    intent: 'book_campus_tour',
    zh: {
      title: '预约和改约参观',
      body: '校园参观可在本页在线预约，我们可以帮您约好场次；也可在报名平台“预约参观”中选择周二、周四或周六的场次，至少提前 48 小时预约，预约成功会收到短信确认。需要改期或取消，请在参观前 24 小时通过确认短信中的链接或在线咨询办理。未取消且两次未到的家庭，本招生季不能再在线预约。',
      questions: [
        '怎么预约参观',
        '帮我约个周六的校园参观',
        '参观要提前几天预约',
        '参观预约怎么改时间',
        '预约了参观去不了怎么取消',
      ],
    },
    en: {
      title: 'Booking a tour',
      body: 'To book a campus tour, ask here in the chat or use Book a tour on the application portal, choosing a Tuesday, Thursday or Saturday tour at least 48 hours in advance; you will receive a text message confirming it. To reschedule or cancel, use the link in that message or ask in the chat at least 24 hours before the tour. Families who miss two tours without cancelling can no longer book online this admissions season.',
      questions: [
        'How do I book a campus tour?',
        'I would like to book a tour for Saturday',
        'How far ahead do we need to book a tour?',
        'How can I reschedule my tour?',
        'I need to cancel our school visit',
      ],
    },
  }),
  ...bilingual({
    key: 'visits.directions-parking',
    intent: 'book_campus_tour',
    zh: {
      title: '地址和停车',
      body: '学校地址：示例市学府路 8 号。坐地铁 2 号线到学府路站，B 出口步行约 5 分钟到北门。访客停车场在北门西侧，参观和面谈家庭预约时登记车牌后可免费停车 3 小时。上下学高峰（7:30–8:15、15:30–16:30）校门口禁止停车，请使用停车场。',
      questions: [
        '学校地址在哪里',
        '学校有停车的地方吗',
        '坐地铁怎么到学校',
        '停车要收费吗',
        '接孩子时门口能停车吗',
      ],
    },
    en: {
      title: 'Address and parking',
      body: 'The school’s address is 8 Academy Road, Example City. From Academy Road station on Metro Line 2, take exit B and walk about five minutes to the north gate. The visitor car park is just west of the north gate; families coming for a tour or an interview park free for three hours if they register their number plate when booking. Do not stop at the gate at drop-off and pick-up time (7:30–8:15 and 15:30–16:30); please use the car park.',
      questions: [
        'What is the school’s address?',
        'Where can we park when we visit?',
        'How do we get there by metro?',
        'Is visitor parking free?',
        'Can I stop at the gate at pick-up time?',
      ],
    },
  }),
  ...bilingual({
    key: 'visits.open-days',
    intent: 'book_campus_tour',
    zh: {
      title: '开放日',
      body: '2027 年入学开放日安排在 2026 年 11 月 21 日、12 月 12 日，2027 年 1 月 9 日和 3 月 6 日（均为周六）9:00–12:00，内容包括校长介绍、体验课、社团展示和各学部答疑。每场限 300 个家庭，需在线报名，报名成功后凭短信二维码入校。开放日不安排单独面谈。',
      questions: ['开放日是哪几天', '开放日有什么活动', '开放日需要报名吗', '开放日可以体验上课吗'],
    },
    en: {
      title: 'Open days',
      body: 'Open days for the 2027 intake are on Saturdays 21 November 2026, 12 December 2026, 9 January 2027 and 6 March 2027, from 9:00 to 12:00. What happens at an open day: a talk by the principal, trial lessons, club showcases and question time with each school section. Each open day takes up to 300 families; register online and show the QR code from the confirmation text at the gate. Individual interviews are not held on open days.',
      questions: [
        'When are your open days?',
        'What happens at an open day?',
        'Do we need to register for the open day?',
        'Are there trial lessons on open day?',
      ],
    },
  }),
  ...bilingual({
    key: 'interviews.overview',
    intent: 'book_interview',
    zh: {
      title: '入学面谈',
      body: '申请审核通过后，家长可在平台预约入学面试（面谈）。面试由一位招生老师和一位该学段的任课老师进行：先和孩子单独交流约 20 分钟，问一些日常生活和兴趣的问题（幼儿园和一年级以游戏形式，家长可陪同）；家长也要参加面试，随后与家长交流约 15 分钟，了解家庭教育理念和孩子情况。面谈在工作日 9:00–16:00 和周六上午进行。',
      questions: [
        '入学面试怎么预约',
        '面试由谁来面',
        '面谈要多长时间',
        '家长也要参加面试吗',
        '面试会问孩子什么',
      ],
    },
    en: {
      title: 'Admission interviews',
      body: 'Once an application passes review, parents schedule the admission interview on the portal. It is conducted by an admissions officer and a teacher from the child’s school section. The interviewers talk with the child for about 20 minutes and ask about daily life, friends and interests, through play for kindergarten and grade 1, with a parent allowed to stay. Then parents attend a conversation of about 15 minutes about the family’s view of education and the child’s needs. Interviews take place on weekdays 9:00–16:00 and on Saturday mornings.',
      questions: [
        'How do I schedule an admission interview?',
        'Who conducts the interview?',
        'How long is the interview?',
        'Do parents have to attend the interview?',
        'What will the interviewers ask my child?',
      ],
    },
  }),
  ...bilingual({
    key: 'interviews.what-to-bring',
    intent: 'book_interview',
    zh: {
      title: '面谈要带什么',
      body: '面谈当天请提前 15 分钟到北门接待处，携带：监护人身份证、孩子的户口本或护照、预约确认短信、报名时上传材料的原件以便核验。可带孩子近期的作品、成绩报告或奖状（非必须）。孩子穿日常便装即可，不需要准备才艺表演。',
      questions: ['面试那天要带什么', '面谈要提前多久到', '面试要准备才艺吗', '面试要带原件吗'],
    },
    en: {
      title: 'What to bring to an interview',
      body: 'Please arrive at the north gate reception 15 minutes early and bring: a guardian’s ID card, the child’s household register or passport, the booking confirmation text, and the originals of the documents uploaded with the application so they can be checked. You may bring recent work, reports or certificates, but this is optional. Everyday clothes are fine, and the child does not need to prepare a performance.',
      questions: [
        'What should we bring to the interview?',
        'How early should we arrive for the interview?',
        'Does my child need to prepare a talent performance?',
        'Should we bring original documents to the interview?',
      ],
    },
  }),
  ...bilingual({
    key: 'interviews.online',
    intent: 'book_interview',
    zh: {
      title: '线上面谈',
      body: '居住在示例市 300 公里以外或在国外的家庭，可申请视频面谈（线上面试），预约时选择“线上”。学校会在面谈前一天发送本校视频会议链接，用浏览器打开即可进入，无需安装软件。请使用电脑或平板，确保网络稳定、环境安静。12 岁以下孩子面谈时需有家长在场。线上面谈与到校面谈评价标准相同，材料原件在注册周核验。',
      questions: ['可以线上面试吗', '在国外怎么参加面试', '视频面谈用什么软件', '线上面试家长要在旁边吗'],
    },
    en: {
      title: 'Online interviews',
      body: 'Families living more than 300 km from Example City or abroad may ask for a video interview by choosing online when booking. The day before, we send a link to the school’s own video meeting, which opens in a browser with nothing to install. Use a computer or tablet with a stable connection in a quiet room. A parent must be present for children under 12. Online interviews are assessed exactly like those on campus, and original documents are checked during registration week.',
      questions: [
        'Can the interview be done online?',
        'We live abroad, how can we do the interview?',
        'Which video app do you use for remote interviews?',
        'Does a parent need to sit with the child in a video interview?',
      ],
    },
  }),
];

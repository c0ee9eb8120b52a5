/**
 * `testPack`: a small, entirely synthetic clinic pack for the end-to-end tests of the chat. Its
 * intents, vocabulary, FAQ seeds, red flag and `book-visit` flow are realistic enough to drive a
 * whole conversation in Chinese and English through the real trained model.
 */
import type { ConversationPack, FlowDefinition, PackIntent, VerticalPack } from '../core/index.ts';

// Utterances are separated by | to keep the data dense; none contains one.
const intent = (name: string, zh: string, en: string): PackIntent => ({
  name,
  utterances: { zh: zh.split('|'), en: en.split('|') },
});

const intents: PackIntent[] = [
  intent(
    'greeting',
    '你好|您好|嗨|哈喽|早上好|下午好|晚上好|你好呀|在吗|有人在吗|您好，请问在吗|你好，打扰一下',
    'hello|hi|hey|hi there|hello there|good morning|good afternoon|good evening|hey, anyone there?|hello, is anyone there|greetings|hiya',
  ),
  intent(
    'goodbye',
    '再见|拜拜|好的再见|没事了，再见|下次再聊|先这样吧，再见|回头见|就这些，拜拜|我先走了|结束对话|没有别的问题了，再见|88',
    "bye|goodbye|bye bye|see you|see you later|that's all, bye|talk to you later|end chat|i'm done, goodbye|nothing else, bye|have a nice day, bye|cheers, bye",
  ),
  intent(
    'thanks',
    '谢谢|谢谢你|非常感谢|多谢|感谢|太感谢了|谢啦|好的谢谢|麻烦你了谢谢|辛苦了|感谢帮助|十分感谢',
    'thanks|thank you|thanks a lot|many thanks|thank you so much|much appreciated|thx|cheers|thanks for your help|great, thanks|appreciate it|thank you very much',
  ),
  intent(
    'cancel',
    '取消|算了|不约了|不用了|取消吧|我不想预约了|停止|先不办了|取消这个|别弄了|算了不用了|取消操作',
    "cancel|never mind|forget it|stop|cancel that|i don't want to book anymore|cancel this|abort|stop this|no longer needed|scrap that|cancel the booking",
  ),
  intent(
    'restart',
    '重新开始|从头开始|重来|重新来|再来一次|从头再来|重置|全部重来|我要重新开始|重新开始对话|清空重来|我们重来吧',
    "start over|restart|start again|begin again|reset|from the beginning|let's start over|reset the conversation|start from scratch|can we start over|restart please|do it again from the start",
  ),
  intent(
    'human',
    '转人工|人工客服|我要找人工|找真人|转接人工服务|我要和工作人员说话|人工|请转人工客服|有没有人工|我想跟真人聊|叫客服来|帮我转接工作人员',
    'talk to a person|human please|agent|speak to an agent|i want a real person|talk to a human|connect me to staff|customer service agent|can i talk to someone|representative|live agent please|let me speak to a human',
  ),
  intent(
    'affirm',
    '是|是的|对|对的|好的|好|确认|没问题|可以|行|就这样|正确',
    "yes|yeah|yep|ok|okay|sure|correct|that's right|confirm|yes please|sounds good|right",
  ),
  intent(
    'deny',
    '不是|不对|错了|不|不行|否|不正确|不是这样|有误|信息不对|不要|不可以',
    "no|nope|not right|that's wrong|incorrect|no thanks|wrong|not correct|negative|no, that is not it|nah|that's not right",
  ),
  intent(
    'book_visit',
    '我想预约|我要挂号|预约心内科|我想挂儿科的号|帮我预约明天的门诊|我想约个医生|挂一个眼科号|我要预约看病|想预约下周一的号|可以帮我挂号吗|我想预约皮肤科|给孩子挂个号',
    'i want to book an appointment|book a visit|i want to book cardiology|make an appointment|can i see a doctor tomorrow|schedule a visit to pediatrics|i need an appointment with ophthalmology|book me in|i would like to make a booking|appointment please|book a dermatology visit|can i schedule an appointment for next monday',
  ),
  intent(
    'provide_name',
    '我叫王小明|我的名字是李华|名字是张伟|我是陈静|就诊人是刘洋|病人叫赵敏|我叫孙丽|名字：周杰|我叫吴芳|患者姓名是郑强|帮我登记王芳|就诊人：何磊',
    "my name is alex chen|i am jordan lee|i'm sam taylor|name is chris wong|the patient is pat morgan|this is robin park|my name is casey kim|it is for jamie fox|patient name: drew hill|name: morgan reed|the name is taylor quinn|book it under riley brooks",
  ),
  intent(
    'opening_hours',
    '你们几点开门|门诊时间是什么|周末开门吗|几点下班|营业时间|门诊几点开始|晚上还看病吗|你们什么时候关门|节假日上班吗|门诊开放时间|心内科几点上班|今天开门吗',
    'what are your opening hours|when do you open|are you open on weekends|what time do you close|clinic hours|when does the clinic open|are you open today|opening times please|is the clinic open on holidays|what time does cardiology start|how late are you open|hours of operation',
  ),
  intent(
    'parking',
    '停车场在哪里|可以停车吗|停车怎么收费|有停车位吗|开车去哪里停|停车费多少钱|医院有地下停车场吗|停车要付钱吗|车停哪儿|停车位紧张吗|残疾人停车位在哪|停车场几点关',
    'where can i park|is there parking|how much is parking|parking fees|where is the car park|do you have a parking lot|can i park at the clinic|is parking free|where do i leave my car|disabled parking|parking hours|how do i pay for parking',
  ),
  intent(
    'visiting_rules',
    '探视时间是什么时候|可以探望病人吗|探视规定|几个人可以探视|小孩可以探视吗|探视要预约吗|住院部几点可以探望|探视需要登记吗|可以带花去探视吗|晚上能探视吗|探视有什么要求|病房探望时间',
    'what are the visiting hours|can i visit a patient|visiting rules|how many visitors are allowed|can children visit|do i need to book a visit to the ward|when can i see my relative on the ward|visitor policy|can i bring flowers|evening visiting|rules for visitors|ward visiting times',
  ),
  intent(
    'out_of_scope',
    '今天天气怎么样|讲个笑话|股票会涨吗|你喜欢什么电影|帮我订机票|世界杯谁赢了|推荐一家餐厅|怎么做红烧肉|给我写首诗|火车票多少钱|你多大了|现在几点了',
    'what is the weather like|tell me a joke|will the stock market go up|what is your favourite movie|book me a flight|who won the world cup|recommend a restaurant|how do i cook pasta|write me a poem|how much is a train ticket|how old are you|what is the capital of france',
  ),
];

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** Three slots (vocabulary, date, free text), a confirmation and one port call. */
export const bookVisitFlow: FlowDefinition = {
  id: 'book-visit',
  version: 1,
  title: t('预约就诊', 'Book a visit'),
  trigger: ['book_visit'],
  answerIntents: ['provide_name'],
  slots: [
    {
      name: 'department',
      entity: 'department',
      prompt: t(
        '请问您想预约哪个科室？（如心内科、儿科、眼科）',
        'Which department would you like to visit? (e.g. cardiology, pediatrics, ophthalmology)',
      ),
      reprompt: t(
        '抱歉，没有找到这个科室。请说科室名称，例如“心内科”。',
        'Sorry, I did not find that department. Please name one, e.g. "cardiology".',
      ),
    },
    {
      name: 'date',
      entity: 'date',
      prompt: t('请问您想哪天来院？', 'Which day would you like to come?'),
      reprompt: t(
        '请告诉我日期，例如“明天”或“下周一”。',
        'Please tell me a day, e.g. "tomorrow" or "next Monday".',
      ),
      validation: {
        future: true,
        maxDaysAhead: 60,
        message: t('只能预约今天起 60 天内的日期。', 'Visits can be booked from today up to 60 days ahead.'),
      },
    },
    {
      name: 'name',
      entity: 'text',
      prompt: t('请问就诊人的姓名是？', 'What is the name of the patient?'),
      validation: {
        minLength: 2,
        maxLength: 40,
        stripPrefixes: [
          '我叫',
          '我的名字是',
          '名字是',
          '名字：',
          '就诊人是',
          '就诊人：',
          '患者姓名是',
          '我是',
          'my name is',
          'the name is',
          'name is',
          'name:',
          "i'm",
          'i am',
          'this is',
        ],
      },
    },
  ],
  start: 'ask_department',
  states: [
    { id: 'ask_department', type: 'ask', slot: 'department', next: 'ask_date' },
    { id: 'ask_date', type: 'ask', slot: 'date', next: 'ask_name' },
    { id: 'ask_name', type: 'ask', slot: 'name', next: 'confirm' },
    {
      id: 'confirm',
      type: 'confirm',
      text: t(
        '请确认：{department}，{date}，就诊人 {name}。确认提交预约吗？',
        'Please confirm: {department} on {date} for {name}. Shall I send the request?',
      ),
      yes: 'request',
      no: 'cancelled',
    },
    {
      id: 'request',
      type: 'act',
      port: 'scheduling.requestVisit',
      done: t(
        '已提交预约申请，参考号 {reference}。我们会尽快与您确认。',
        'Your visit request has been sent; reference {reference}. We will confirm it shortly.',
      ),
      next: 'done',
    },
    { id: 'done', type: 'end' },
    {
      id: 'cancelled',
      type: 'end',
      outcome: 'cancelled',
      text: t(
        '好的，预约没有提交。还有什么可以帮您？',
        'All right, nothing was booked. Anything else I can help with?',
      ),
    },
  ],
};

const faq = (
  key: string,
  intentName: string,
  zh: [string, string, string[]],
  en: [string, string, string[]],
) =>
  [
    { key, locale: 'zh-CN', title: zh[0], body: zh[1], questions: zh[2], intent: intentName, tags: [key] },
    { key, locale: 'en', title: en[0], body: en[1], questions: en[2], intent: intentName, tags: [key] },
  ] as const;

export const testConversation: ConversationPack = {
  nlu: {
    id: 'testpack',
    intents,
    vocabularies: [
      {
        type: 'department',
        pinyin: true,
        entries: [
          { value: 'cardiology', synonyms: ['心内科', '心血管内科', 'cardiology', 'heart clinic'] },
          { value: 'pediatrics', synonyms: ['儿科', '小儿科', 'pediatrics', 'paediatrics'] },
          { value: 'ophthalmology', synonyms: ['眼科', 'ophthalmology', 'eye clinic'] },
          { value: 'dermatology', synonyms: ['皮肤科', 'dermatology', 'skin clinic'] },
        ],
      },
    ],
    safetyRules: [
      {
        id: 'chest_pain',
        severity: 'emergency',
        patterns: ['胸痛', '胸口(?:痛|疼)', 'chest pains?', 'chest hurts'],
      },
    ],
    recordNumberPattern: 'tp\\d{6}',
  },
  flows: [bookVisitFlow],
  faqSeeds: [
    ...faq(
      'opening-hours',
      'opening_hours',
      [
        '门诊开放时间',
        '示例门诊周一至周五 8:00–17:00 开放，周六 8:00–12:00，周日及法定节假日休息。',
        ['你们几点开门', '周末开门吗', '门诊时间'],
      ],
      [
        'Opening hours',
        'The synthetic clinic is open Monday to Friday 8:00–17:00 and Saturday 8:00–12:00; closed on Sundays and public holidays.',
        ['what are your opening hours', 'when do you open', 'are you open on weekends', 'clinic hours'],
      ],
    ),
    ...faq(
      'parking',
      'parking',
      [
        '停车',
        '示例门诊地下停车场入口在东门，首小时免费，之后每小时 5 元；无障碍车位在 B1 电梯旁。',
        ['停车场在哪里', '停车怎么收费', '有无障碍车位吗'],
      ],
      [
        'Parking',
        'The underground car park of the synthetic clinic is entered from the east gate; the first hour is free, then 5 yuan an hour. Accessible bays are next to the B1 lifts.',
        ['where can i park', 'how much is parking', 'is there disabled parking'],
      ],
    ),
    ...faq(
      'visiting-rules',
      'visiting_rules',
      [
        '探视规定',
        '病房探视时间为每天 15:00–20:00，每位患者同时最多 2 位探视者，12 岁以下儿童需成人陪同，请在护士站登记。',
        ['探视时间是什么时候', '几个人可以探视', '小孩可以探视吗'],
      ],
      [
        'Visiting rules',
        'Wards are open to visitors daily 15:00–20:00, at most two visitors per patient at a time; children under 12 come with an adult. Please sign in at the nurses’ station.',
        ['what are the visiting hours', 'how many visitors are allowed', 'can children visit'],
      ],
    ),
  ],
  dialogue: {
    texts: {
      greeting: t(
        '您好！我是示例门诊的智能助手，可以帮您预约就诊，或解答开放时间、停车和探视等问题。',
        'Hello! I am the synthetic clinic’s assistant. I can book a visit or answer questions about opening hours, parking and visiting.',
      ),
      fallback: t(
        '抱歉，我没有理解。能换个说法吗？也可以说“转人工”联系工作人员。',
        'Sorry, I did not understand. Could you rephrase? You can also say "talk to a person" to reach our staff.',
      ),
      offerHuman: t('需要为您转接人工客服吗？', 'Would you like me to connect you with a member of staff?'),
      handoff: t(
        '好的，正在为您转接人工客服，请稍候。',
        'All right, I am connecting you with a member of staff. Please wait a moment.',
      ),
      goodbye: t('感谢咨询，再见！', 'Thank you for contacting us. Goodbye!'),
      timeout: t(
        '由于长时间没有回复，刚才的办理已结束。',
        'As there was no reply for a while, the previous request was closed.',
      ),
      safety: t(
        '您描述的情况可能很紧急。请立即拨打 120 或前往最近的急诊科。我正在为您转接工作人员。',
        'What you describe may be an emergency. Call 120 or go to the nearest emergency department now. I am connecting you with a member of staff.',
      ),
      cancelled: t(
        '好的，已取消。还有什么可以帮您？',
        'All right, cancelled. Anything else I can help with?',
      ),
      anythingElse: t('好的。还有什么可以帮您？', 'All right. Anything else I can help with?'),
      restarted: t('好的，我们重新开始。', 'All right, let us start again.'),
      portError: t('抱歉，系统暂时无法完成办理。', 'Sorry, the system could not complete this just now.'),
    },
    intentThreshold: 0.5,
    knowledgeThreshold: 0.5,
    timeoutMinutes: 15,
    maxFallbacks: 2,
    globalIntents: {
      greeting: 'greeting',
      goodbye: 'goodbye',
      cancel: 'cancel',
      restart: 'restart',
      human: 'human',
    },
    confirmIntents: { affirm: 'affirm', deny: 'deny' },
    autoReplies: [
      {
        intent: 'thanks',
        text: t('不客气！还有什么可以帮您？', 'You are welcome! Anything else I can help with?'),
      },
    ],
  },
  classification: [
    { field: 'contact.displayName', classification: 'pii', mask: 'name' },
    { field: 'contact.phone', classification: 'pii', mask: 'mobile' },
    { field: 'slot.name', classification: 'pii', mask: 'name' },
    { field: 'slot.department', classification: 'phi', mask: 'generic' },
    { field: 'slot.date', classification: 'phi', mask: 'generic' },
    { field: 'queue.id', classification: 'internal' },
  ],
  rolePresets: [
    { name: 'front-desk', roles: ['agent'], description: t('前台客服', 'Front desk') },
    { name: 'clinic-lead', roles: ['supervisor', 'clinician'], description: t('门诊负责人', 'Clinic lead') },
  ],
  connectors: ['local-scheduler'],
  defaultQueue: 'front-desk',
};

export const testPack: VerticalPack = {
  id: 'testpack',
  title: { 'zh-CN': '测试', en: 'Test' },
  demoTenant: {
    slug: 'demo-test',
    name: '示例测试门诊',
    vertical: 'testpack',
    locale: 'zh-CN',
    timeZone: 'Asia/Shanghai',
    displayNames: { en: 'Custos Synthetic Test Clinic' },
  },
  conversation: testConversation,
};

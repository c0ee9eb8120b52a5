import type { FaqSeed } from '../../../core/index.ts';
import { faq } from './faq-seed.ts';

/** Registering as a patient: real-name rules, cards, windows and kiosks, finding the right clinic. */
export const registrationFaqs: readonly FaqSeed[] = [
  ...faq(
    'registration.real-name',
    'book_appointment',
    {
      title: '实名制挂号需要的证件',
      body: '本院实行实名制就诊，挂号时须使用患者本人的有效身份证件：居民身份证、社保卡、护照、港澳台居民居住证或来往内地通行证均可。没带证件可用电子身份证或医保电子凭证。儿童可使用本人身份证、户口本或出生医学证明。代他人挂号请登记患者本人信息，不能用自己的证件替别人挂号。',
      questions: [
        '挂号要带什么证件',
        '没带身份证能挂号吗',
        '为什么挂号要实名',
        '可以用别人的身份证挂号吗',
        '外国人用护照能挂号吗',
        '小孩没有身份证怎么挂号',
      ],
    },
    {
      title: 'ID needed to register',
      body: 'Registration is under the patient’s real name, so the patient’s own valid ID document is needed: resident ID card, social security card, passport, or residence permit or travel permit for residents of Hong Kong, Macao and Taiwan. Without a card, the electronic ID or the medical insurance e-voucher on your phone also works. Children may use their own ID card, household register or birth certificate. When registering someone else, enter the patient’s details; you cannot register another person with your own ID.',
      questions: [
        'What ID do I need to register?',
        'Can I register without my ID card?',
        'Can I register with a passport?',
        'Can I use my ID to register my friend?',
        'What documents does my child need to register?',
        'Why do I have to register under my real name?',
      ],
    },
  ),
  ...faq(
    'registration.health-card',
    undefined,
    {
      title: '就诊卡和电子健康卡',
      body: '第一次来医院看病（首次就诊）需要建卡：可在医院公众号或自助机凭身份证免费申领电子健康卡，之后用手机出示二维码即可挂号、缴费、取药和取报告。原有实体就诊卡仍可使用，并可在公众号绑定到电子健康卡。实体就诊卡丢了，请到门诊楼 1 层挂号窗口凭身份证挂失补办，补办工本费 2 元。',
      questions: [
        '电子健康卡怎么申请',
        '第一次来要办就诊卡吗',
        '就诊卡丢了怎么办',
        '就诊卡和电子健康卡有什么区别',
        '没有就诊卡可以看病吗',
        '补办就诊卡要多少钱',
      ],
    },
    {
      title: 'Patient card and electronic health card',
      body: 'On a first visit you need a patient card: apply for a free electronic health card on the hospital’s official account or at a kiosk with your ID, then show its QR code on your phone to register, pay, collect medicines and print reports. Existing plastic patient cards still work and can be linked to the electronic health card on the official account; the difference is only that one lives on your phone. To replace a lost plastic patient card, bring your ID to the registration windows on the ground floor of the Outpatient Building; a replacement card costs 2 yuan.',
      questions: [
        'How do I get an electronic health card?',
        'Do I need a patient card for my first visit?',
        'I lost my patient card, what should I do?',
        'What is the difference between the patient card and the e-health card?',
        'How much is a replacement patient card?',
      ],
    },
  ),
  ...faq(
    'registration.windows-kiosks',
    'book_appointment',
    {
      title: '挂号窗口和自助机',
      body: '现场挂号请到门诊楼 1 层大厅的人工挂号收费窗口排队，周一至周五 7:30–17:00，周末 7:30–12:00；急诊挂号收费处 24 小时服务。各楼层均设有自助机，可以办理建卡、挂号、签到、缴费和打印报告、发票等业务。不会用自助机可请身边的志愿者或服务台帮忙，老年人可走“爱心窗口”。',
      questions: [
        '挂号窗口在哪里',
        '自助机可以办哪些事',
        '现场挂号在哪排队',
        '不会用自助机怎么办',
        '老年人挂号有专门窗口吗',
        '人工窗口几点开',
      ],
    },
    {
      title: 'Registration windows and kiosks',
      body: 'To register in person, queue at the staffed registration and payment windows in the hall on the ground floor of the Outpatient Building, Monday to Friday 7:30–17:00 and weekends 7:30–12:00; the emergency registration desk is open 24 hours. Self-service kiosks on every floor issue cards, register, check you in, take payment and print reports and invoices. If you need help using a kiosk, ask a volunteer or the service desk; older patients may use the priority window.',
      questions: [
        'Where are the registration windows?',
        'What can I do at the self-service kiosk?',
        'Where do I queue to register in person?',
        'Is there a priority window for elderly patients?',
        'Can someone help me use the kiosk?',
      ],
    },
  ),
  ...faq(
    'registration.triage',
    'department_triage',
    {
      title: '不知道挂哪个科',
      body: '不确定该挂哪个科、看哪个科室时，可以到门诊楼 1 层导诊台咨询护士，也可以在医院公众号“在线导诊”中按部位和症状选择推荐科室。挂错科室的，未就诊前可退号重挂，接诊医生也可为您转科。导诊只帮助选择科室，不能代替医生诊断，具体病情请咨询医生。如有胸痛、呼吸困难等紧急情况请直接去急诊或拨打 120。',
      questions: [
        '不知道挂哪个科怎么办',
        '头疼应该挂什么科',
        '导诊台在哪里',
        '帮我看看应该看哪个科室',
        '挂错科室了怎么办',
        '这种情况挂什么科',
      ],
    },
    {
      title: 'Which clinic should I choose?',
      body: 'If you do not know which department or clinic to go to, ask the nurses at the guidance desk on the ground floor of the Outpatient Building, or use “Online guidance” on the hospital’s official account, which suggests departments by body area and symptom. If you booked the wrong department, cancel and book again before the visit, or the doctor can refer you on. Guidance only helps you choose a department and is not a diagnosis; please consult a doctor about your condition. For chest pain, difficulty breathing or other emergencies, go to the emergency department or call 120.',
      questions: [
        'Which department should I book?',
        'I do not know which clinic to go to',
        'Where is the guidance desk?',
        'I booked the wrong department, what now?',
        'What kind of doctor should I see?',
      ],
    },
  ),
  ...faq(
    'registration.doctor-schedule',
    'doctor_info',
    {
      title: '医生介绍和出诊安排',
      body: '医生的职称、擅长的疾病和每周出诊时间（排班）可在医院公众号“找医生”或官网“专家介绍”中查询，门诊楼 1 层大厅也有电子排班屏。排班每周五更新下周安排。医生因手术、会议等临时停诊时，已预约患者会收到短信，可免费改约其他医生或退号。',
      questions: [
        '某个医生哪天出诊',
        '怎么查医生的排班',
        '专家介绍在哪里看',
        '医生停诊了怎么办',
        '想找擅长某种病的医生',
        '这个医生是什么职称',
      ],
    },
    {
      title: 'Doctors and their clinic times',
      body: 'Each doctor’s title, specialty, the conditions they treat and their weekly clinic times are listed under “Find a doctor” on the hospital’s official account and under “Our specialists” on the website, where you can read about each one; there is also a schedule screen in the ground-floor hall of the Outpatient Building. Schedules for the next week are published every Friday. If a doctor cancels a clinic because of surgery or a meeting, booked patients receive a text and can rebook with another doctor or get a refund free of charge.',
      questions: [
        'When does a particular doctor see patients?',
        'How can I check a doctor’s schedule?',
        'Where can I read about your specialists?',
        'My doctor cancelled the clinic, what happens now?',
        'How do I find a doctor for a specific condition?',
      ],
    },
  ),
];

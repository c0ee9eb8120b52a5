import type { FaqSeed } from '../../../core/index.ts';
import { faq } from './faq-seed.ts';

/** Tests and their results: report times, imaging appointments, fasting before blood tests. */
export const testFaqs: readonly FaqSeed[] = [
  ...faq(
    'results.reports',
    'test_results',
    {
      title: '检查检验报告',
      body: '检查报告什么时候出来：一般验血（血常规）、尿常规约 1–2 小时出结果，生化、免疫类当天下午或次个工作日，病理报告约 5–7 个工作日，CT、磁共振报告在检查后 24 小时内（节假日顺延）。报告和化验单可在手机上通过公众号“查报告”查看，或在各楼层自助机凭就诊卡打印、领取。结果的含义请咨询开单医生。',
      questions: [
        '检查报告什么时候出来',
        '化验单在哪里取',
        '手机上能看报告吗',
        '验血结果多久能拿到',
        '病理报告要等几天',
        '报告怎么打印',
      ],
    },
    {
      title: 'Test reports',
      body: 'As a rule, full blood counts and urine tests are ready in about 1–2 hours, biochemistry and immunology lab tests the same afternoon or the next working day, pathology in about 5–7 working days, and CT and MRI reports within 24 hours of the scan (later over holidays). See your test results online under “My reports” on the official account, or pick up a printed report at a kiosk on any floor with your patient card. Please ask the doctor who ordered the test what the results mean.',
      questions: [
        'When will my test results be ready?',
        'Where do I pick up my lab report?',
        'Can I see my results online?',
        'How long do blood test results take?',
        'How long does a pathology report take?',
      ],
    },
  ),
  ...faq(
    'results.imaging',
    'test_results',
    {
      title: 'CT 和磁共振预约',
      body: '做 CT、磁共振（核磁共振）需医生开单并缴费后预约：可在公众号“检查预约”中自选时间，或到医技楼 1 层检查预约中心办理，一般 1–3 个工作日内可安排，检查时间可在预约中心或公众号改约。检查前请按预约单上的说明准备，如是否空腹、去除金属物品；有心脏起搏器、金属植入物或可能怀孕的请在预约时告知。能否检查及如何准备，请咨询医生。',
      questions: [
        '做CT要预约吗',
        '核磁共振要等多久',
        '做磁共振前要准备什么',
        '检查预约中心在哪里',
        '做增强CT要空腹吗',
        '检查时间能改吗',
      ],
    },
    {
      title: 'CT and MRI appointments',
      body: 'CT and MRI scans are booked after the doctor orders them and you have paid: choose a time under “Exam booking” on the official account, or go to the exam booking centre on the ground floor of the Medical Technology Building. The wait is usually one to three working days, and you can change the time of your scan in the same places. Before the scan, follow the preparation notes on your booking slip, such as fasting or removing metal objects. Tell us when booking if you have a pacemaker or metal implant or may be pregnant. Please consult a doctor about whether and how to prepare.',
      questions: [
        'Do I need an appointment for a CT scan?',
        'How long is the wait for an MRI?',
        'How should I prepare for an MRI?',
        'Where is the exam booking centre?',
        'Can I change the time of my scan?',
      ],
    },
  ),
  ...faq(
    'results.lab-fasting',
    'test_results',
    {
      title: '抽血和空腹要求',
      body: '门诊采血处（抽血）在门诊楼 2 层，周一至周五 7:00–17:00 开门，下午也能抽血；周末 7:00–12:00。需空腹的项目请在 7:00–10:30 采血。血糖、血脂、肝功能等项目通常要求空腹 8–12 小时，能否喝水以检验单上的说明为准。正在服药的，是否需要停药请咨询医生，不要自行停药。',
      questions: [
        '抽血要空腹吗',
        '采血处几点开门',
        '空腹要多少小时',
        '抽血前能喝水吗',
        '抽血前要不要停药',
        '下午能抽血吗',
      ],
    },
    {
      title: 'Blood tests and fasting',
      body: 'The outpatient blood collection room, where blood tests are taken, is on floor 2 of the Outpatient Building, open Monday to Friday 7:00–17:00 and weekends 7:00–12:00; come between 7:00 and 10:30 for tests that need fasting. Blood sugar, lipid and liver tests usually need 8–12 hours of fasting; whether you may drink water is stated on your test order. If you take regular medicines, please consult a doctor before stopping any of them.',
      questions: [
        'Do I need to fast before a blood test?',
        'When is the blood collection room open?',
        'How many hours should I fast?',
        'Can I drink water before my blood test?',
        'Should I stop my medicine before a blood test?',
      ],
    },
  ),
];

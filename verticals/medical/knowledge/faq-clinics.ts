import type { FaqSeed } from '../../../core/index.ts';
import { faq } from './faq-seed.ts';

/** Clinics with their own rules: fever clinic, pharmacy, vaccinations, check-ups, mothers, children. */
export const clinicFaqs: readonly FaqSeed[] = [
  ...faq(
    'clinics.fever',
    'department_triage',
    {
      title: '发热门诊',
      body: '发烧（发热）的患者请到发热门诊看病：发热门诊位于急诊楼东侧，设独立出入口，24 小时开放，晚上也开。体温达到 37.3℃ 及以上的患者，经各入口预检分诊后由工作人员引导到发热门诊就诊，请勿直接挂普通门诊。呼吸道感染高发期间，进入医院请全程规范佩戴口罩，陪同人员限 1 人。病情请咨询医生。',
      questions: [
        '发烧了去哪里看',
        '发热门诊在哪里',
        '发热门诊晚上开吗',
        '发烧能挂普通门诊吗',
        '进医院要戴口罩吗',
        '发热门诊能带几个陪同',
      ],
    },
    {
      title: 'Fever clinic',
      body: 'If you have a fever, go to the fever clinic: it is on the east side of the Emergency Building, with its own entrance, and is open 24 hours, at night too. Patients with a temperature of 37.3 °C or more are screened at the entrances and guided there by staff; please do not go straight to the general clinics. During seasons of high respiratory infection, wear a mask properly throughout your time in the hospital, and bring at most one companion. Please consult a doctor about your condition.',
      questions: [
        'Where should I go if I have a fever?',
        'Where is the fever clinic?',
        'Is the fever clinic open at night?',
        'Do I need to wear a mask in the hospital?',
        'Can I go to a normal clinic with a fever?',
      ],
    },
  ),
  ...faq(
    'clinics.pharmacy',
    undefined,
    {
      title: '药房和取药',
      body: '门诊西药房在门诊楼 1 层，周一至周五 7:30–17:30 下班，周末 7:30–12:30；中药房在门诊楼 2 层；急诊药房 24 小时。缴费后凭就诊卡或电子健康卡到药房取药，叫号取药。处方当日有效，特殊情况最长 3 天，处方过期需重新开具后才能拿药。中药代煎可选快递到家。用药方法请遵医嘱或咨询药师。',
      questions: [
        '药房在哪里',
        '取药要排多久',
        '晚上能取药吗',
        '处方过期了还能拿药吗',
        '中药能代煎吗',
        '药房几点下班',
      ],
    },
    {
      title: 'Pharmacy and prescriptions',
      body: 'The outpatient pharmacy is on the ground floor of the Outpatient Building, open Monday to Friday 7:30–17:30 and weekends 7:30–12:30, and closes at those times; the Chinese medicine pharmacy is on floor 2, and at night you can collect medicine at the emergency pharmacy, open 24 hours. After paying, show your patient card or e-health card at the pharmacy and wait for your number. A prescription is valid on the day it is written, at most three days in special cases. Herbal medicines can be prepared and delivered home. Ask your doctor or a pharmacist how to take your medicines.',
      questions: [
        'Where is the pharmacy?',
        'Can I collect medicine at night?',
        'How long is a prescription valid?',
        'When does the pharmacy close?',
        'Can you deliver herbal medicine to my home?',
      ],
    },
  ),
  ...faq(
    'clinics.long-prescriptions',
    undefined,
    {
      title: '慢病长处方',
      body: '高血压、糖尿病等病情稳定、需要长期吃药的慢性病患者，不必每次都来开药：经接诊医生评估后可开具长处方，一次最多开 12 周（约 3 个月）的药。是否适合长处方、开多少由医生根据病情决定。已办理门诊慢特病的医保患者，可按规定享受相应报销。复诊开药也可使用互联网医院。',
      questions: [
        '能开长处方吗',
        '慢性病一次能开几个月的药',
        '高血压的药每次都要来开吗',
        '门诊慢特病怎么报销',
        '长期吃的药能多开一点吗',
      ],
    },
    {
      title: 'Long prescriptions for chronic conditions',
      body: 'Patients with a stable chronic condition that needs long-term medicine, such as high blood pressure or diabetes, may receive a long prescription of up to 12 weeks’ supply after the doctor assesses them. Whether a long prescription is suitable, and how much is prescribed, is the doctor’s decision. Insured patients registered for the outpatient chronic and special disease scheme are reimbursed under its rules. Repeat prescriptions are also available through the online hospital.',
      questions: [
        'Can I get a long prescription?',
        'How many months of medicine can I get at once for a chronic illness?',
        'Do I have to come every month for my blood pressure pills?',
        'How is chronic disease medicine reimbursed?',
      ],
    },
  ),
  ...faq(
    'clinics.vaccination',
    'book_appointment',
    {
      title: '疫苗接种',
      body: '成人预防接种门诊位于门诊楼 4 层，周一至周五 8:00–11:30、13:30–16:30，提供流感、HPV、带状疱疹等自费疫苗，需提前在公众号“疫苗预约”中预约，请携带身份证。被狗、猫等动物咬伤、抓伤后打狂犬疫苗，请到急诊楼犬伤门诊，24 小时开放。儿童国家免疫规划疫苗请到户籍或居住地的社区卫生服务中心接种。是否适合接种请咨询医生。',
      questions: [
        '在哪里打疫苗',
        'HPV疫苗怎么预约',
        '被狗咬了去哪里打针',
        '打流感疫苗要预约吗',
        '小孩打预防针能在这里打吗',
      ],
    },
    {
      title: 'Vaccinations',
      body: 'Get vaccinated at the adult vaccination clinic on floor 4 of the Outpatient Building, Monday to Friday 8:00–11:30 and 13:30–16:30. It offers self-paid vaccines such as flu (influenza) shots, HPV and shingles; book an appointment ahead under “Vaccine booking” on the official account and bring your ID. If you were bitten or scratched by a dog or other animal, go to the animal-bite clinic in the Emergency Building, open 24 hours. Children’s national immunisation programme vaccines are given at the community health centre where the child lives. Please consult a doctor about whether a vaccine is suitable for you.',
      questions: [
        'Where can I get vaccinated?',
        'How do I book an HPV vaccine?',
        'I was bitten by a dog, where do I go?',
        'Do I need an appointment for a flu shot?',
        'Can my child get routine vaccines here?',
      ],
    },
  ),
  ...faq(
    'clinics.checkup',
    'book_appointment',
    {
      title: '健康体检',
      body: '体检中心位于综合楼 2 层，周一至周六 7:30–11:00 接待体检，请提前 1–3 天在公众号“体检预约”中选择套餐并预约，入职体检同样需要预约。体检当天需空腹，前一天请清淡饮食、不饮酒。体检报告约 5 个工作日后出来，可在公众号查看或到体检中心领取，报告解读可预约体检中心医生。',
      questions: [
        '体检怎么预约',
        '体检中心在哪里',
        '入职体检怎么做',
        '体检要空腹吗',
        '体检报告多久出来',
        '体检套餐有哪些',
      ],
    },
    {
      title: 'Health check-ups',
      body: 'The health check-up centre is on floor 2 of the Complex Building and sees clients Monday to Saturday 7:30–11:00. Choose a package and book one to three days ahead under “Check-up booking” on the official account; pre-employment check-ups are booked the same way. Come fasting on the day, and eat lightly and avoid alcohol the day before. Reports are ready after about five working days on the official account or at the centre, and you can book a centre doctor to go through them.',
      questions: [
        'How do I book a health check-up?',
        'Where is the check-up centre?',
        'How do I get a pre-employment medical?',
        'Do I need to fast for a health check?',
        'When will my check-up report be ready?',
      ],
    },
  ),
  ...faq(
    'clinics.maternity',
    'book_appointment',
    {
      title: '孕期建档和产检',
      body: '产科门诊位于门诊楼 3 层（产检在此进行）。怀孕后计划在本院分娩的孕妇，请在孕 6–13 周携带夫妻双方身份证和《母子健康手册》到产科建档，建档后产检可在公众号“产科预约”中预约。医院每周三下午开设孕妇学校，可免费报名。具体产检项目和时间由医生安排，身体情况请咨询医生。',
      questions: ['怀孕了怎么建档', '建档要带什么', '产检怎么预约', '孕妇学校怎么报名', '产科门诊在几楼'],
    },
    {
      title: 'Pregnancy registration and antenatal care',
      body: 'The obstetrics clinic is on floor 3 of the Outpatient Building. If you plan to give birth here, register your pregnancy between weeks 6 and 13, bringing both parents’ IDs and the Mother and Child Health Handbook; antenatal visits are then booked under “Maternity booking” on the official account. Free antenatal classes run every Wednesday afternoon. Your doctor plans the checks and their timing; please consult a doctor about your health.',
      questions: [
        'I am pregnant, how do I register for antenatal care?',
        'What do I need to register my pregnancy?',
        'How do I book an antenatal appointment?',
        'How do I sign up for antenatal classes?',
      ],
    },
  ),
  ...faq(
    'clinics.birth-certificate',
    undefined,
    {
      title: '出生医学证明',
      body: '在本院出生的宝宝，办出生证（《出生医学证明》）需要父母双方身份证和已确定的新生儿姓名，请到住院楼 1 层出生医学证明办理窗口申领，周一至周五 8:00–11:30、13:30–16:30，一般在出院前办理。领证后可凭证到户籍所在地派出所为新生儿上户口，并办理参保。出生证明丢了补办请咨询该窗口。',
      questions: [
        '出生证明怎么办',
        '宝宝出生医学证明在哪领',
        '办出生证需要带什么',
        '出生证明丢了怎么补',
        '新生儿怎么上户口',
      ],
    },
    {
      title: 'Birth certificates',
      body: 'For a baby born here, the parents apply for the Medical Certificate of Birth at the birth certificate window on the ground floor of the Inpatient Building, Monday to Friday 8:00–11:30 and 13:30–16:30, usually before discharge, bringing both parents’ IDs and the baby’s chosen name. With the certificate, register the baby’s household residence at the local police station and enrol the baby in medical insurance. Ask at the same window about replacing a lost certificate.',
      questions: [
        'How do I get a birth certificate for my baby?',
        'Where is the birth certificate window?',
        'What documents do I need for a birth certificate?',
        'I lost my baby’s birth certificate',
      ],
    },
  ),
  ...faq(
    'clinics.pediatrics',
    'department_triage',
    {
      title: '儿科门诊',
      body: '儿科门诊位于门诊楼 2 层，周一至周五 8:00–12:00、13:30–17:00 上班，周末上午开诊；孩子晚上、夜间和节假日看病请到急诊楼儿科急诊，24 小时开放。18 岁以下未成年人须由家长或其他监护人陪同，儿童挂号使用孩子本人的身份证、户口本或出生证明。请带好孩子的就诊卡、既往病历和疫苗接种证。孩子的病情请咨询医生。',
      questions: [
        '儿科几点上班',
        '孩子晚上发烧去哪里看',
        '儿童挂号要用谁的身份证',
        '未成年人看病要家长陪吗',
        '儿科夜间有急诊吗',
      ],
    },
    {
      title: 'Children’s clinic',
      body: 'The pediatric (children’s) clinic is on floor 2 of the Outpatient Building; its hours are Monday to Friday 8:00–12:00 and 13:30–17:00 and weekend mornings; at night and on holidays, go to the pediatric emergency room in the Emergency Building, open 24 hours. Patients under 18 must come with a parent or other guardian; register the child with the child’s own ID, household register or birth certificate. Bring the child’s patient card, earlier records and vaccination booklet. Please consult a doctor about your child’s condition.',
      questions: [
        'What are the pediatric clinic hours?',
        'Where can my child see a doctor at night?',
        'Whose ID do I use to register my child?',
        'Does a teenager need a parent to see a doctor?',
      ],
    },
  ),
];

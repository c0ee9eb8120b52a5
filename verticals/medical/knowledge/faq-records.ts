import type { FaqSeed } from '../../../core/index.ts';
import { faq } from './faq-seed.ts';

/** Medical records and personal data: copies, certificates, privacy and who accessed a record. */
export const recordFaqs: readonly FaqSeed[] = [
  ...faq(
    'records.copies',
    'medical_records',
    {
      title: '病历复印',
      body: '住院病历复印在住院楼 1 层病案室办理，周一至周五 8:00–11:30、13:30–16:30。患者本人携带身份证；家属代办需携带患者和代办人身份证及患者签字的授权委托书；患者已故的，近亲属需提供关系证明。出院后约 7 个工作日病历归档后可复印，每页 0.5 元，也可在公众号申请邮寄到家。',
      questions: [
        '病历怎么复印',
        '复印病历需要带什么',
        '家属可以代办病历复印吗',
        '出院多久能复印病历',
        '病历复印多少钱',
        '病历能邮寄吗',
      ],
    },
    {
      title: 'Copies of medical records',
      body: 'Copies of inpatient medical records are made at the medical records office on the ground floor of the Inpatient Building, Monday to Friday 8:00–11:30 and 13:30–16:30. Patients bring their ID. A family member or someone else requesting records for a patient brings both IDs and an authorisation signed by the patient; for a deceased patient, a close relative brings proof of the relationship. Records can be copied about seven working days after discharge, once filed, at 0.5 yuan a page; postal delivery can be requested on the official account.',
      questions: [
        'How do I get a copy of my medical records?',
        'What do I need to bring to request my records?',
        'Can a family member request my records?',
        'How long after discharge can I get my records?',
        'How much does a copy of medical records cost?',
      ],
    },
  ),
  ...faq(
    'records.certificates',
    'medical_records',
    {
      title: '病假条和诊断证明',
      body: '病假条（休假证明）和诊断证明由接诊医生在就诊时根据病情开具，没去看病不能补开。医生开具后，请到门诊楼 1 层医务盖章处盖章方可生效。住院患者的出院诊断证明由主管医生在出院时开具。病假条开错需要修改或补开的，请联系原接诊医生所在科室。',
      questions: [
        '怎么开病假条',
        '诊断证明在哪里盖章',
        '没去看病能开病假条吗',
        '出院诊断证明找谁开',
        '病假条开错了能改吗',
      ],
    },
    {
      title: 'Sick notes and diagnosis certificates',
      body: 'Sick notes and diagnosis (medical) certificates are written by the treating doctor during a visit, according to your condition; they cannot be issued without seeing a doctor. Take the certificate to the stamping office on the ground floor of the Outpatient Building; it is valid once stamped. Inpatients receive their diagnosis certificate from their doctor when they are discharged. To have one reissued or corrected, contact the department of the doctor who wrote it.',
      questions: [
        'How do I get a sick note?',
        'Where do I get my medical certificate stamped?',
        'Can I get a sick note without seeing a doctor?',
        'Who writes the diagnosis certificate when I am discharged?',
      ],
    },
  ),
  ...faq(
    'privacy.protection',
    undefined,
    {
      title: '个人信息保护',
      body: '医院依法保护患者的隐私、个人信息和病历，不会泄露。病历和联系方式加密存储，只有为您提供诊疗服务的医务人员在工作需要时才能看到，客服人员只能看到隐去部分内容的信息，看不到完整病情。每一次查看都会留下不可篡改的记录。未经您同意，医院不会把您的信息提供给别人（第三方），法律另有规定的除外。',
      questions: [
        '我的个人信息安全吗',
        '谁能看到我的病历',
        '医院会泄露我的隐私吗',
        '客服能看到我的病情吗',
        '你们会把我的信息给别人吗',
      ],
    },
    {
      title: 'How your personal data is protected',
      body: 'The hospital keeps patients’ personal data and medical records safe and private, as the law requires. Records and contact details are stored encrypted, and only the clinicians caring for you can see them when their work needs it; customer-service staff see details with parts masked and cannot see your full health information. Every view leaves a record that cannot be altered. We do not share your information with others or give it to third parties without your consent, unless the law requires it.',
      questions: [
        'Is my personal data safe with you?',
        'Who can see my medical records?',
        'Will you share my information with others?',
        'Can customer service staff see my health details?',
        'How do you protect my privacy?',
      ],
    },
  ),
  ...faq(
    'privacy.access-log',
    'medical_records',
    {
      title: '查询谁查看了我的信息',
      body: '您有权知道谁在何时查看、使用了您的个人资料、数据和病历。可在公众号“隐私与个人信息—访问记录查询”中提交申请，或携带身份证到门诊楼 1 层患者服务中心办理。核实身份后，医院将在 15 个工作日内提供访问记录，列明查看时间、人员岗位和目的。怀疑有人不当查看（偷看）您的信息，可向医院隐私保护负责人反映。',
      questions: [
        '谁看过我的病历',
        '怎么查询我的信息被谁访问过',
        '能查到哪些人看了我的资料吗',
        '我想知道我的数据被谁用过',
        '怀疑有人偷看我的病历怎么办',
      ],
    },
    {
      title: 'Who accessed my data?',
      body: 'You have the right to know who viewed or used your personal data and medical records, and when. Apply under “Privacy – Access history” on the official account, or bring your ID to the patient service centre on the ground floor of the Outpatient Building. After checking your identity, the hospital provides a log of who accessed your information within 15 working days, listing the time, the role of the person and the purpose of each view. If you think someone looked at your records without reason, contact the hospital’s privacy officer.',
      questions: [
        'Who has looked at my medical records?',
        'How can I find out who accessed my data?',
        'Can I see a log of who viewed my information?',
        'I think someone looked at my records without reason',
      ],
    },
  ),
];

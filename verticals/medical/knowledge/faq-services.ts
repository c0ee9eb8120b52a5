import type { FaqSeed } from '../../../core/index.ts';
import { faq } from './faq-seed.ts';

/** Services around care: international patients, accessibility, online care, opinions, feedback. */
export const serviceFaqs: readonly FaqSeed[] = [
  ...faq(
    'services.international',
    'book_appointment',
    {
      title: '国际患者服务',
      body: '外国人（外籍患者）及港澳台患者请到国际医疗部看病：位于综合楼 5 层，周一至周五 8:30–17:00，提供会说英语的医生和工作人员接待、预约、陪同就诊和结算服务，预约电话 400-000-0001。外籍患者凭护照挂号，可使用国际信用卡付款；国际保险可与部分保险公司直付，请提前确认。急诊请直接前往急诊楼或拨打 120。',
      questions: [
        '有会说英语的医生吗',
        '外国人在哪里看病',
        '国际医疗部在哪',
        '国际保险能直付吗',
        '外籍患者怎么预约',
      ],
    },
    {
      title: 'International patients',
      body: 'Foreign patients (foreigners) and patients from Hong Kong, Macao and Taiwan are welcome at the international medical services department, on floor 5 of the Complex Building, Monday to Friday 8:30–17:00. It offers English-speaking doctors and staff for reception, booking, escorted visits and billing; call 400-000-0001 to book an appointment. Register with your passport and pay by international credit card. Direct billing is available with some international health insurance companies; please check in advance. In an emergency, go to the Emergency Building or call 120.',
      questions: [
        'Do you have English-speaking doctors?',
        'I am a foreigner, where should I go?',
        'Where is the international medical services department?',
        'Do you accept international health insurance?',
        'How do foreign patients book an appointment?',
      ],
    },
  ),
  ...faq(
    'services.accessibility',
    undefined,
    {
      title: '轮椅、无障碍和翻译',
      body: '医院各楼入口均设无障碍通道（坡道），电梯和卫生间均有无障碍设施。门诊楼 1 层服务台免费借用轮椅和平车，凭身份证登记，用后归还。老人、行动不便的患者可请志愿者陪同就诊。需要手语翻译请提前 2 个工作日拨打 400-000-0000 预约；外语翻译请联系国际医疗部。',
      questions: [
        '能借轮椅吗',
        '医院有无障碍通道吗',
        '有手语翻译吗',
        '老人行动不方便有人陪吗',
        '需要外语翻译怎么办',
      ],
    },
    {
      title: 'Wheelchairs, accessibility and interpreters',
      body: 'Every building entrance has a step-free ramp, and lifts and toilets are accessible. Wheelchairs and stretchers are lent free of charge at the service desk on the ground floor of the Outpatient Building; register with your ID and return them after use. Volunteers can help elderly patients and people with limited mobility get around. Book a sign-language interpreter two working days ahead on 400-000-0000; for other languages, contact the international medical services department.',
      questions: [
        'Can I borrow a wheelchair?',
        'Is the hospital wheelchair accessible?',
        'Do you have sign language interpreters?',
        'Can I get an interpreter?',
        'Can someone help an elderly patient get around?',
      ],
    },
  ),
  ...faq(
    'services.online-hospital',
    'book_appointment',
    {
      title: '互联网医院',
      body: '在“示例健康”App 或公众号进入“互联网医院”，可线上看病：网上问诊（图文或视频复诊），医生可在线开药，药品可快递寄到家或到院自取。视频问诊需在互联网医院中预约时段。按照规定，互联网医院只提供常见病、慢性病复诊，第一次看病（首诊）须到医院面诊。在线复诊不适用于急症，如有紧急情况请拨打 120。',
      questions: [
        '可以线上看病吗',
        '互联网医院怎么用',
        '网上问诊能开药吗',
        '第一次看病能在网上看吗',
        '视频看病怎么预约',
        '药能寄到家吗',
      ],
    },
    {
      title: 'Online hospital',
      body: 'To see a doctor online, open “Online hospital” in the Example Health app or on the official account for a follow-up consultation by text or video (video slots are booked there); the doctor can write a prescription online, and medicines can be delivered home or collected at the hospital. By regulation, the online hospital only offers follow-up visits for common and chronic conditions; a first visit must be in person. Online consultations are not for emergencies: call 120.',
      questions: [
        'Can I see a doctor online?',
        'How does the online hospital work?',
        'Can I get a prescription from an online consultation?',
        'Can my first visit be online?',
        'How do I book a video consultation?',
      ],
    },
  ),
  ...faq(
    'services.second-opinion',
    'doctor_info',
    {
      title: '多学科会诊和第二诊疗意见',
      body: '疑难或复杂疾病可申请多学科会诊（MDT 门诊），由相关科室专家共同讨论诊疗方案，听取其他专家的意见。可由接诊医生推荐，或在公众号“MDT 门诊”中提交申请，工作人员审核资料后 5 个工作日内联系预约。请准备既往病历、检查报告、外院的影像片子（胶片或光盘）。会诊费用按专家人数计算，预约时告知。',
      questions: [
        '怎么申请多学科会诊',
        'MDT门诊怎么预约',
        '想听听其他专家的意见',
        '外院的片子能拿来会诊吗',
        '会诊费用多少',
      ],
    },
    {
      title: 'Multidisciplinary clinics and second opinions',
      body: 'For a complex or uncertain condition you can ask for a second opinion through a multidisciplinary team (MDT) consultation, where specialists from the departments involved discuss your care together. Your doctor can refer you, or apply under “MDT clinic” on the official account; staff review your documents and contact you within five working days. Bring earlier records, test reports and imaging films or discs, including scans from another hospital. The fee depends on the number of specialists and is given when booking.',
      questions: [
        'How do I get a second opinion?',
        'How do I apply for an MDT consultation?',
        'Can specialists review scans from another hospital?',
        'How much does a multidisciplinary consultation cost?',
      ],
    },
  ),
  ...faq(
    'services.blood-donation',
    undefined,
    {
      title: '无偿献血',
      body: '想无偿献血可以到示例市中心血站的献血屋：位于医院南门东侧，每天 9:00–17:00 开门，献血前请携带身份证。医院不直接采集献血。住院患者用血由血站统一供应，不需要家属互助献血。献过血的献血者及其家属用血，可按规定到血站办理费用报销。能否献血由血站工作人员评估。',
      questions: [
        '在哪里可以献血',
        '献血屋几点开门',
        '住院用血要家属献血吗',
        '献过血用血能报销吗',
        '我想无偿献血',
      ],
    },
    {
      title: 'Blood donation',
      body: 'The hospital does not collect blood itself; voluntary donation is run by the Example City Blood Centre. Its donation room is just east of the hospital’s south gate, open daily 9:00–17:00; bring your ID. Blood for patients is supplied by the blood centre, so relatives are not asked to donate in return. Donors and their families can claim back blood costs at the blood centre as the rules allow. Blood centre staff decide whether you can donate.',
      questions: [
        'Where can I donate blood?',
        'When is the blood donation room open?',
        'Does my family need to donate blood for my operation?',
        'Can donors get blood costs reimbursed?',
      ],
    },
  ),
  ...faq(
    'services.complaints',
    'complaint',
    {
      title: '投诉和意见反馈',
      body: '对医生、护士的服务态度不满意要投诉，或想提意见、表扬医务人员，可到门诊楼 1 层患者服务中心当面反映，拨打投诉电话 400-000-0000 转 3，或在公众号“意见反馈”中提交。请说明就诊日期、科室和事情经过。医院将在 5 个工作日内答复，复杂事项在 15 个工作日内答复。对处理结果不满意，可向当地卫生健康行政部门反映。',
      questions: [
        '我要投诉',
        '投诉电话是多少',
        '对医生态度不满意找谁',
        '在哪里提意见',
        '投诉多久会回复',
        '想表扬一位护士',
      ],
    },
    {
      title: 'Complaints and feedback',
      body: 'To complain if you are unhappy with how a doctor or nurse treated you, to give feedback, or to thank a doctor or nurse, visit the patient service centre on the ground floor of the Outpatient Building, call the complaints number 400-000-0000 and choose 3, or use “Feedback” on the official account. Please give the date of the visit, the department and what happened. The hospital replies within five working days, or 15 working days for complex matters. If you are not satisfied with the outcome, you may contact the local health authority.',
      questions: [
        'I want to make a complaint',
        'What is the complaints phone number?',
        'I am unhappy with how a doctor treated me',
        'Where can I give feedback?',
        'How long does it take to answer a complaint?',
        'I want to thank a nurse',
      ],
    },
  ),
];

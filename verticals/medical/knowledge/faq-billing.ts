import type { FaqSeed } from '../../../core/index.ts';
import { faq } from './faq-seed.ts';

/** Paying for care: medical insurance, commercial insurance, payment methods, invoices, refunds. */
export const billingFaqs: readonly FaqSeed[] = [
  ...faq(
    'insurance.local',
    'insurance_billing',
    {
      title: '医保就诊和医保电子凭证',
      body: '本市医保参保人看病时，挂号和缴费出示医保电子凭证（医保码）或医保卡（社保卡），即可直接结算，个人只需支付自付部分，能报销多少按本市医保政策计算。医保电子凭证可在国家医保服务平台 App、微信或支付宝中激活，忘带医保卡也能用。网上挂号时请绑定医保身份，否则按自费结算，事后需到窗口退费重结。',
      questions: [
        '医保卡能直接用吗',
        '医保电子凭证怎么用',
        '医保码在哪里激活',
        '网上挂号能用医保吗',
        '忘带医保卡了怎么办',
        '看病能报销多少',
      ],
    },
    {
      title: 'Medical insurance and the insurance e-voucher',
      body: 'Members of the city’s basic medical insurance show their medical insurance e-voucher (insurance QR code) or insurance card (social security card) when registering and paying; the insured share is settled directly and you pay only your own share. How much insurance covers follows the city’s scheme. The e-voucher can be activated in the National Medical Insurance Service app, WeChat or Alipay, so you can use it even without your card. When booking online, link your insurance to the patient profile; otherwise the visit is settled as self-pay and must be re-settled at a window afterwards.',
      questions: [
        'Can I use my medical insurance card here?',
        'How do I use the medical insurance e-voucher?',
        'Where do I activate my insurance QR code?',
        'Can I use insurance when I book online?',
        'How much does insurance cover?',
      ],
    },
  ),
  ...faq(
    'insurance.out-of-town',
    'insurance_billing',
    {
      title: '异地医保',
      body: '外地、外省参保人在本院刷医保直接结算，需先在参保地或国家医保服务平台 App 办理异地就医备案。已备案的门诊和住院费用可刷外地医保电子凭证或社保卡直接结算。没备案的先自费，回老家（参保地）报销时通常需要发票、费用明细清单、门诊病历或出院小结，具体以参保地规定为准。',
      questions: [
        '外地医保能用吗',
        '异地医保怎么备案',
        '异地就医能直接结算吗',
        '没备案回老家怎么报销',
        '外省的社保卡能刷吗',
      ],
    },
    {
      title: 'Insurance from another city',
      body: 'Patients insured in another city or province (out-of-town insurance) must first register for cross-region care with their home insurance office or in the National Medical Insurance Service app before it can be settled directly here. Once registered, outpatient and inpatient costs are settled with the insurance e-voucher or social security card. Without registration you pay in full; to claim back at home you usually need the invoice, the itemised bill and the outpatient record or discharge summary, as your home scheme requires.',
      questions: [
        'Can I use insurance from another province?',
        'How do I register for cross-region medical insurance?',
        'Can out-of-town insurance be settled directly?',
        'How do I claim back at home if I did not register?',
      ],
    },
  ),
  ...faq(
    'insurance.commercial',
    'insurance_billing',
    {
      title: '商业保险理赔',
      body: '商业保险（商保）报销理赔通常需要发票、费用明细清单、病历或出院小结、检查报告，部分保险公司还要求诊断证明，请先向保险公司确认所需材料。病历复印可在病案室办理。与本院合作的部分保险公司可在门诊楼 1 层商保服务台办理直付（直接结算），请携带保单和身份证。',
      questions: [
        '商业保险怎么报销',
        '买了商业保险需要什么材料',
        '可以直接用商保结算吗',
        '商保服务台在哪',
        '保险公司要病历怎么办',
      ],
    },
    {
      title: 'Commercial insurance claims',
      body: 'To claim from a commercial or private health insurance company you usually need the invoice, the itemised bill, the medical record or discharge summary and test reports; some insurers also ask for a diagnosis certificate, so check with your insurer which documents they need. Copies of medical records are made at the medical records office. Some partner insurers offer direct billing at the commercial insurance desk on the ground floor of the Outpatient Building; bring your policy and ID.',
      questions: [
        'How do I claim from my private health insurance?',
        'What documents does my insurance company need?',
        'Do you offer direct billing with commercial insurers?',
        'Where is the commercial insurance desk?',
      ],
    },
  ),
  ...faq(
    'payment.methods',
    'insurance_billing',
    {
      title: '缴费方式',
      body: '医生开完单后即可缴费（交费）：可在挂号收费窗口、自助机交钱，也可在手机上通过医院公众号或 App 的“门诊缴费”付款，无需排队。支持医保电子凭证、社保卡、微信、支付宝、银联卡和现金；信用卡（含国际信用卡）可在人工窗口和国际医疗部使用。缴费后请按指引检查或取药。',
      questions: [
        '怎么缴费',
        '可以用微信付款吗',
        '手机上能交费吗',
        '能刷信用卡吗',
        '收现金吗',
        '医生开完单去哪里交钱',
      ],
    },
    {
      title: 'How to pay',
      body: 'Pay as soon as the doctor has placed the order: at the registration and payment windows, at a kiosk, or on your phone under “Outpatient payment” on the official account or in the app, without queueing. We accept the medical insurance e-voucher, social security card, WeChat Pay, Alipay, UnionPay cards and cash; credit cards, including international ones, are taken at staffed windows and the international medical services. After paying, follow the directions to your test or the pharmacy.',
      questions: [
        'How can I pay?',
        'Do you accept WeChat Pay or Alipay?',
        'Can I pay on my phone?',
        'Can I pay by credit card?',
        'Do you take cash?',
      ],
    },
  ),
  ...faq(
    'payment.invoices',
    'insurance_billing',
    {
      title: '电子发票和费用清单',
      body: '本院开具医疗收费电子发票（电子票据），缴费后自动生成，可在公众号“我的—电子票据”查看和下载，也可在财政电子票据查验平台核验。需要纸质发票时可在自助机打印。住院费用明细清单在出院结算后提供。发票抬头、姓名等信息开错的，请在 30 天内到收费窗口办理冲红重开。',
      questions: [
        '发票在哪里下载',
        '电子发票怎么打印',
        '可以开纸质发票吗',
        '费用清单怎么打',
        '发票抬头开错了怎么办',
      ],
    },
    {
      title: 'Invoices and itemised bills',
      body: 'The hospital issues electronic medical invoices (e-receipts), created automatically after each payment. View and download your invoice under “Me – E-receipts” on the official account, and verify it on the government e-receipt verification platform. Kiosks print a paper receipt if you need one. The itemised bill for a hospital stay is provided at discharge settlement. If an invoice has the wrong name or details, the payment window can void and reissue it within 30 days.',
      questions: [
        'Where can I download my invoice?',
        'Can I get a paper receipt?',
        'How do I print an itemised bill?',
        'My invoice has the wrong name on it',
      ],
    },
  ),
  ...faq(
    'payment.refunds',
    'insurance_billing',
    {
      title: '退费',
      body: '已缴费但没做的检查、治疗可以退钱，请在缴费后 30 天内申请退费：先请开单医生或执行科室确认，再到收费窗口或在公众号“退费申请”中办理，款项原路退回，退费一般 1–7 个工作日到账。已买的药（已发出的药品）除质量问题外不能退。医保结算的费用需到人工窗口退费。',
      questions: ['检查没做能退钱吗', '怎么申请退费', '药买了能退吗', '退费多久到账', '医保交的费用怎么退'],
    },
    {
      title: 'Refunds',
      body: 'Tests or treatments paid for but not carried out can be refunded within 30 days of payment: the ordering doctor or the department concerned confirms first, then apply for the refund at a payment window or under “Refund request” on the official account. The refund goes to the original payment method and usually arrives within 1–7 working days. Medicines once dispensed cannot be returned except for quality problems. Payments settled through medical insurance are refunded at a staffed window.',
      questions: [
        'Can I get a refund for a test I did not have?',
        'How do I apply for a refund?',
        'Can I return medicine I bought?',
        'When will my refund arrive?',
      ],
    },
  ),
];

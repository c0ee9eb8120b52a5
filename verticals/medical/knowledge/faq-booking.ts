import type { FaqSeed } from '../../../core/index.ts';
import { faq } from './faq-seed.ts';

/** Appointments: booking rules, fees by clinic level, changing and cancelling, checking in. */
export const bookingFaqs: readonly FaqSeed[] = [
  ...faq(
    'booking.online-rules',
    'book_appointment',
    {
      title: '网上预约规则',
      body: '手机上可通过医院公众号或“示例健康”App 预约挂号，也可拨打预约电话 400-000-0000。可提前 7 天预约：每天 8:00 放号，放出第 7 天的号源；当天余号 7:30 起可在网上挂当日号。同一患者一天同一科室只能挂 1 个号，一天最多挂 2 个号。预约成功后会收到短信确认。',
      questions: [
        '怎么网上预约挂号',
        '可以提前几天预约',
        '每天几点放号',
        '预约挂号的电话是多少',
        '一天能挂几个号',
        '当天还能在网上挂号吗',
        '手机上怎么挂号',
      ],
    },
    {
      title: 'Online booking rules',
      body: 'Book an appointment on the hospital’s official account or in the Example Health app, or call the booking phone number 400-000-0000. You can book up to seven days in advance: every day at 8:00 the slots for the seventh day are released, and same-day slots left over can be booked online from 7:30. A patient may book one appointment per department per day and at most two appointments in one day. A text message confirms each booking.',
      questions: [
        'How do I book an appointment online?',
        'How far in advance can I book?',
        'What time are new appointment slots released?',
        'What is the phone number for booking?',
        'Can I book a same-day appointment online?',
        'How many appointments can I book in one day?',
      ],
    },
  ),
  ...faq(
    'booking.clinic-levels',
    'book_appointment',
    {
      title: '专家号和普通号',
      body: '普通号由主治及以下医师接诊，挂号费（诊察费）10 元；副主任医师专家号 30 元，主任医师专家号 50 元；特需门诊 300 元，不纳入医保报销。专家号数量有限，挂不上时可选普通号或关注每天 8:00 放号；常见病、复诊开药可先挂普通号，是否需要看专家请咨询接诊医生。费用以缴费时显示为准。',
      questions: [
        '专家号和普通号有什么区别',
        '挂号费多少钱',
        '专家号多少钱',
        '特需门诊是什么',
        '专家号挂不上怎么办',
        '主任医师挂号费贵吗',
      ],
    },
    {
      title: 'Specialist and general clinics',
      body: 'General clinics are run by attending physicians and below; the registration (consultation) fee is 10 yuan. A specialist appointment costs 30 yuan with an associate chief physician and 50 yuan with a chief physician; premium clinics cost 300 yuan and are not covered by medical insurance. Specialist slots are limited: if they are gone, choose a general clinic or check again when slots are released at 8:00. For common conditions or repeat prescriptions a general clinic is a good start, and the doctor there can advise whether a specialist is needed. The fee shown at payment applies.',
      questions: [
        'What is the difference between a specialist and a general appointment?',
        'How much is the registration fee?',
        'How much does a specialist appointment cost?',
        'What is a premium clinic?',
        'All specialist slots are gone, what can I do?',
      ],
    },
  ),
  ...faq(
    'booking.cancel',
    'cancel_appointment',
    {
      title: '取消预约和退号',
      body: '取消预约最晚在就诊日前一天 18:00 前，可在公众号“我的预约”或 App 中自行退号，挂号费原路退回，退号的钱一般 1–7 个工作日到账。就诊当天如需退号，请在就诊时段开始前到挂号窗口办理；已签到或已就诊的号不能退。电话预约的号可拨打 400-000-0000 取消。',
      questions: [
        '怎么取消预约',
        '挂号费能退吗',
        '当天可以退号吗',
        '退号的钱多久到账',
        '取消预约最晚什么时候',
        '不想去了怎么退号',
      ],
    },
    {
      title: 'Cancelling an appointment',
      body: 'The deadline for cancelling is 18:00 on the day before your visit: until then, cancel under “My appointments” on the official account or in the app, and you get the registration fee back on the original payment method, usually within 1–7 working days. To cancel on the day of the appointment, go to a registration window before your time slot starts. An appointment that has been checked in or seen cannot be refunded. Bookings made by phone can be cancelled on 400-000-0000.',
      questions: [
        'How do I cancel my appointment?',
        'Can I get the registration fee back?',
        'Can I cancel on the day of the appointment?',
        'What is the deadline for cancelling?',
        'How long does a refund for a cancelled booking take?',
        'I can no longer come, how do I cancel?',
      ],
    },
  ),
  ...faq(
    'booking.reschedule',
    'reschedule_appointment',
    {
      title: '改约',
      body: '预约的时间可以改：就诊日前一天 18:00 前在“我的预约”中选择“改约”，可换一天或换个时段，也可在同一科室换医生，改到有号的时间。每个预约可改 1 次，费用多退少补。没有合适号源时，可先取消再重新预约。医生停诊引起的改约不计次数。',
      questions: [
        '预约的时间能改吗',
        '怎么改约',
        '可以换一天看吗',
        '预约可以改几次',
        '想换个医生可以吗',
        '改约要收费吗',
      ],
    },
    {
      title: 'Changing an appointment',
      body: 'You can change your appointment time: until 18:00 on the day before your visit, choose “Reschedule” under “My appointments” to move the booking to another day or time slot, or switch to a different doctor in the same department, wherever a slot is free. Each booking can be rescheduled once, and any fee difference is refunded or charged. If no suitable slot is free, cancel and book again. A change made because the doctor cancelled a clinic does not count.',
      questions: [
        'Can I change my appointment time?',
        'How do I reschedule?',
        'Can I move my appointment to another day?',
        'How many times can I reschedule?',
        'Can I switch to a different doctor?',
      ],
    },
  ),
  ...faq(
    'booking.no-show',
    'cancel_appointment',
    {
      title: '爽约规则',
      body: '预约了没去，既未取消也未按时就诊（包括忘记去看病），即视为爽约。90 天内累计爽约 3 次，将暂停该患者的网上和电话预约 30 天，期间仍可到现场窗口挂号。爽约的挂号费不退。因急诊、住院等原因未能就诊的，可凭相关证明到门诊楼 1 层服务台申请撤销爽约记录。',
      questions: [
        '预约了没去会怎么样',
        '爽约有什么后果',
        '爽约多少次不能预约',
        '忘记去看病了挂号费退吗',
        '爽约记录能取消吗',
      ],
    },
    {
      title: 'Missed appointments',
      body: 'Our no-show policy: an appointment that is neither cancelled nor attended, including one you forgot, counts as missed. After three missed appointments within 90 days, online and phone booking is blocked for that patient for 30 days; registering in person at the windows is still possible. There is no refund of the fee for a missed appointment. If you missed it because of an emergency or a hospital stay, bring proof to the service desk on the ground floor of the Outpatient Building to have the record removed.',
      questions: [
        'What happens if I miss my appointment?',
        'Is there a no-show policy?',
        'How many missed appointments before I am blocked from booking?',
        'I forgot my appointment, do I get a refund?',
      ],
    },
  ),
  ...faq(
    'booking.check-in',
    'my_appointments',
    {
      title: '到院签到',
      body: '预约患者请提前 30 分钟内到达，在诊区自助机、分诊台签到，或在手机上通过公众号“我的预约”签到，签到后按序候诊。迟到 15 分钟以内可正常签到；迟到超过 15 分钟需到分诊台重新排序，顺延至当前时段末尾。首次就诊请提前 1 小时到达办理建卡。',
      questions: ['预约了要提前多久到', '到医院怎么签到', '迟到了还能看吗', '签到在哪里', '手机上能签到吗'],
    },
    {
      title: 'Arriving and checking in',
      body: 'Please arrive within 30 minutes before your time slot and check in at a kiosk in the clinic area, at the triage desk or on your phone under “My appointments” on the official account; you are then called in order. If you are up to 15 minutes late you can check in as usual; later than that, the triage desk places you at the end of the current time slot. On a first visit, arrive one hour early to get a patient card.',
      questions: [
        'How early should I arrive for my appointment?',
        'How do I check in when I arrive?',
        'What if I am late for my appointment?',
        'Can I check in on my phone?',
      ],
    },
  ),
  ...faq(
    'booking.my-appointments',
    'my_appointments',
    {
      title: '查询我的预约',
      body: '在医院公众号或“示例健康”App 的“我的预约”中可查询预约记录，查看约的是几点、哪个科室、哪位医生和就诊位置，也可在此改约、取消和签到。预约成功、就诊前一天及停诊时都会发送短信提醒。找不到预约时，请确认使用的是预约时登记的就诊人信息，或拨打 400-000-0000。',
      questions: ['怎么查我的预约', '我约的是几点', '预约成功了吗', '找不到我的预约记录', '预约有短信提醒吗'],
    },
    {
      title: 'Finding my appointments',
      body: 'Under “My appointments” on the hospital’s official account or in the Example Health app you can see each booking: what time it is, the department, the doctor and where to go, and reschedule, cancel or check in from there. Text reminders are sent when a booking goes through, on the day before the visit and when a clinic is cancelled. If you cannot find a booking, check that you are looking under the patient it was made for, or call 400-000-0000.',
      questions: [
        'Where can I see my appointments?',
        'What time is my appointment?',
        'Did my booking go through?',
        'Will I get a reminder before my appointment?',
      ],
    },
  ),
];

import type { FaqSeed } from '../../../core/index.ts';
import { faq } from './faq-seed.ts';

/** Finding the hospital and getting around it: hours, emergency, transport, parking, floors. */
export const visitFaqs: readonly FaqSeed[] = [
  ...faq(
    'hours.outpatient',
    'hours_location',
    {
      title: '门诊时间',
      body: '示例综合医院门诊周一至周五开诊：上午 8:00 开门接诊至 12:00，中午 12:00–13:30 休息，下午 13:30–17:00，17:00 下班停止接诊。挂号收费窗口和自助机早上 7:30 开始挂号。各科室医生的出诊时间以预约平台公布的排班为准，停诊会短信通知已预约的患者。急诊 24 小时开放。',
      questions: [
        '门诊几点开门',
        '你们医院上班时间是几点到几点',
        '门诊下午几点下班',
        '中午门诊休息吗',
        '早上几点可以挂号',
        '看门诊最晚几点到',
        '工作日门诊时间',
      ],
    },
    {
      title: 'Outpatient hours',
      body: 'Outpatient clinics of Custos Demo General Hospital are open Monday to Friday: mornings 8:00–12:00 and afternoons 13:30–17:00, closed for lunch 12:00–13:30; clinics close and stop seeing new patients at 17:00. Registration windows and self-service kiosks open at 7:30, so you can start registering from then. Each doctor’s clinic times are listed in the booking platform; if a clinic is cancelled, patients who booked it receive a text message. The emergency department is open 24 hours a day.',
      questions: [
        'What are your outpatient opening hours?',
        'What time do the clinics open in the morning?',
        'When does the outpatient department close?',
        'Are clinics closed at lunchtime?',
        'What time can I start registering?',
        'What are your weekday opening times?',
      ],
    },
  ),
  ...faq(
    'hours.weekend-holiday',
    'hours_location',
    {
      title: '周末和节假日门诊',
      body: '周六、周日（星期六、星期天）上午 8:00–12:00 开放内科、外科、儿科、妇科普通门诊，以及药房和采血处；周末下午不开诊。国庆、春节等法定节假日放假期间的门诊安排，会提前 7 天在医院公众号和预约平台公告。周末和节假日急诊、发热门诊照常 24 小时开放，可以看病。',
      questions: [
        '周末看门诊吗',
        '星期天医院开门吗',
        '节假日门诊怎么安排',
        '国庆放假期间能看病吗',
        '周六下午有门诊吗',
        '春节期间门诊开不开',
      ],
    },
    {
      title: 'Weekend and holiday clinics',
      body: 'On Saturdays and Sundays, general clinics for internal medicine, surgery, pediatrics and gynecology are open 8:00–12:00, together with the pharmacy and the blood collection room; there are no weekend afternoon clinics, so you cannot see a doctor on Saturday or Sunday afternoon except in the emergency department. Opening hours for public holidays such as Spring Festival and National Day are announced seven days ahead on the hospital’s official account and in the booking platform. The emergency department and the fever clinic stay open 24 hours on weekends and holidays.',
      questions: [
        'Are you open on weekends?',
        'Is there a clinic on Sunday?',
        'What are the opening hours during public holidays?',
        'Can I see a doctor on Saturday afternoon?',
        'Are you open during Spring Festival?',
      ],
    },
  ),
  ...faq(
    'emergency.department',
    'hours_location',
    {
      title: '急诊和急救',
      body: '急诊科位于急诊楼 1 层，从北门进入，24 小时开放，晚上和半夜都可以看急诊。急救电话 120。如突然出现胸痛、呼吸困难、意识不清、大出血等紧急情况，请立即拨打 120 或直接前往急诊，不要在线等待回复。急诊按病情轻重分级就诊，危重患者优先，不按挂号先后排队。本页面不能判断病情，请咨询医生。',
      questions: [
        '急诊在哪里',
        '晚上能看急诊吗',
        '急诊是24小时的吗',
        '半夜突然不舒服怎么办',
        '急救电话是多少',
        '急诊要排队吗',
        '急诊科从哪个门进',
      ],
    },
    {
      title: 'Emergency department',
      body: 'The emergency department (emergency room, ER) is on the ground floor of the Emergency Building, entered from the north gate, and is open 24 hours, day and night. For an ambulance, call 120. In an emergency such as chest pain, difficulty breathing, confusion or heavy bleeding, call 120 at once or come straight to the emergency room; do not wait for an online reply. Patients are seen in order of urgency, the most serious first, not in order of arrival. This page cannot assess symptoms; please consult a doctor.',
      questions: [
        'Where is the emergency room?',
        'Is the ER open at night?',
        'What number do I call for an ambulance?',
        'Is the emergency department open 24 hours?',
        'Who is seen first in the ER?',
        'I feel very unwell right now, what should I do?',
      ],
    },
  ),
  ...faq(
    'location.address-transport',
    'hours_location',
    {
      title: '医院地址和交通',
      body: '医院地址：示例市健康路 1 号。坐地铁：乘示例地铁 3 号线到“健康路站”，从地铁站 B 出口出来后向南步行约 300 米即到医院南门。坐公交车：12 路、35 路、K8 路到“示例医院站”下车。门诊楼入口在南门，急诊入口在北门。',
      questions: [
        '医院地址在哪里',
        '坐地铁怎么去医院',
        '有哪些公交车到医院',
        '从地铁站出来怎么走',
        '医院在哪条路上',
        '怎么去你们医院',
      ],
    },
    {
      title: 'Address and transport',
      body: 'The hospital is located at 1 Health Road, Example City. By metro, take Example Metro Line 3 to Health Road station, leave by exit B and walk about 300 metres south to the hospital’s south gate. By bus, take bus 12, 35 or K8 to Demo Hospital stop. The Outpatient Building is entered from the south gate; the emergency entrance is at the north gate. To find us by car, use the address above and enter the car park from the east gate.',
      questions: [
        'What is the hospital address?',
        'How do I get to the hospital by metro?',
        'Which buses go to the hospital?',
        'Which metro exit is nearest to you?',
        'How do I find you?',
        'Where are you located?',
      ],
    },
  ),
  ...faq(
    'location.parking',
    'hours_location',
    {
      title: '停车',
      body: '开车来院请从东门进入门诊楼地下停车场，共约 600 个停车位。停车费：首小时 5 元，之后每小时 3 元，一天最多 40 元；急诊和住院办理当天凭单据减免 2 小时。B1 电梯旁设有 12 个无障碍车位。高峰期车位紧张，停车不便，建议乘坐公共交通。',
      questions: [
        '停车场在哪里',
        '停车怎么收费',
        '有没有无障碍车位',
        '开车去医院方便停车吗',
        '停车位多不多',
        '停车费一天最多多少钱',
        '医院能停车吗',
      ],
    },
    {
      title: 'Parking',
      body: 'The underground car park below the Outpatient Building has about 600 spaces; drive in from the east gate. Parking costs 5 yuan for the first hour, then 3 yuan an hour, at most 40 yuan a day. On the day of an emergency visit or admission, two hours of parking are free on showing the receipt. There are 12 accessible (disabled) parking spaces next to the B1 lifts. Spaces are scarce at peak times, so public transport is recommended.',
      questions: [
        'Where can I park?',
        'How much does parking cost?',
        'Is there disabled parking?',
        'Is there a car park at the hospital?',
        'What is the daily maximum parking fee?',
        'Is it easy to park at the hospital?',
      ],
    },
  ),
  ...faq(
    'location.floor-guide',
    'hours_location',
    {
      title: '楼层分布',
      body: '各科室楼层分布：门诊楼 1 层挂号收费、门诊药房、服务台；2 层内科、儿科、采血处；3 层外科、妇产科；4 层眼科、耳鼻喉科、口腔科、皮肤科；5 层中医科、康复科。医技楼（经门诊楼 1 层连廊步行可到）：1 层放射科（X 光、CT），2 层磁共振，3 层超声（B 超）。住院楼 1 层为入院处。综合楼 2 层体检中心，5 层国际医疗部。',
      questions: [
        '眼科在几楼',
        '各个科室在哪一层',
        '放射科怎么走',
        '医院楼层分布',
        'B超室在哪栋楼',
        '采血在几楼',
        '口腔科在哪里',
      ],
    },
    {
      title: 'Building and floor guide',
      body: 'Floor plan. Outpatient Building: ground floor registration and payment, outpatient pharmacy, service desk; floor 2 internal medicine, pediatrics, blood collection; floor 3 surgery, obstetrics and gynecology; floor 4 eye, ENT, dental and skin clinics; floor 5 traditional Chinese medicine and rehabilitation. Medical Technology Building, reached by the ground-floor walkway: ground floor radiology (X-ray, CT), floor 2 MRI, floor 3 ultrasound. Admissions are on the ground floor of the Inpatient Building. Complex Building: floor 2 health check-up centre, floor 5 international medical services.',
      questions: [
        'Which floor is the eye clinic on?',
        'Where is the radiology department?',
        'Is there a floor plan of the hospital?',
        'Where do I go for an ultrasound?',
        'Where is blood collection?',
        'Where is the dental clinic?',
      ],
    },
  ),
  ...faq(
    'amenities.lost-found',
    undefined,
    {
      title: '失物招领',
      body: '在院内丢了或捡到钱包、手机、身份证等物品，请到门诊楼 1 层服务台登记，或拨打 400-000-0000 转服务台查询是否找到。捡到的物品保管 30 天，证件类物品会尽量联系失主。认领时请出示本人身份证件并说明物品特征。落在诊室、病房的物品，也可先联系该科室护士站。贵重物品请随身携带。',
      questions: [
        '东西丢在医院了怎么办',
        '失物招领在哪里',
        '捡到别人的东西交给谁',
        '我的钱包落在诊室了',
        '丢了身份证能在医院找到吗',
        '手机丢了去哪里找',
      ],
    },
    {
      title: 'Lost and found',
      body: 'If you lose or find something in the hospital, such as a wallet, bag, phone or ID card, report it at the service desk on the ground floor of the Outpatient Building, or call 400-000-0000 and ask for the service desk. Found items are kept for 30 days, and we try to contact the owner of identity documents. To collect an item, show your ID and describe it. For something left in a clinic room or ward, you can also ask that department’s nurses’ station. Please keep valuables with you.',
      questions: [
        'I lost something in the hospital',
        'Where is lost and found?',
        'I found a wallet, who do I give it to?',
        'I left my bag in the clinic room',
        'Has anyone handed in a phone?',
      ],
    },
  ),
  ...faq(
    'amenities.wifi',
    undefined,
    {
      title: '无线网络',
      body: '医院提供免费无线网络（wifi），名称为“Custos-Guest”，无需密码：连接后在弹出页面输入手机号获取验证码即可上网，每次认证可使用 4 小时。住院楼病房同样覆盖。请勿通过公共网络传输银行卡等敏感信息。连不上网络可联系服务台。',
      questions: [
        '医院有wifi吗',
        '无线网密码是多少',
        'wifi怎么连接',
        '病房能上网吗',
        '连不上医院的网络怎么办',
      ],
    },
    {
      title: 'Wi-Fi',
      body: 'Free Wi-Fi is available throughout the hospital under the name Custos-Guest, with no password: after connecting, enter your mobile number on the page that opens and type the code you receive by text; each sign-in gives four hours of internet. Wards in the Inpatient Building are covered too. Please do not send bank card details or other sensitive information over a public network. The service desk can help with connection problems.',
      questions: [
        'Is there free Wi-Fi?',
        'What is the Wi-Fi password?',
        'How do I connect to the internet here?',
        'Can I use the internet in the ward?',
      ],
    },
  ),
  ...faq(
    'amenities.canteen',
    undefined,
    {
      title: '食堂和餐饮',
      body: '医院食堂（餐厅）在综合楼地下 1 层，对患者和家属开放，可以在这里吃饭：早餐 6:30–9:00，午餐 11:00–13:30，晚餐 17:00–19:30，支持微信、支付宝付款。门诊楼 1 层便利店 24 小时营业。住院患者可通过医院公众号“住院订餐”提前一天订餐，饮食要求请遵医嘱。',
      questions: [
        '医院食堂在哪里',
        '医院里有吃饭的地方吗',
        '住院病人怎么订餐',
        '食堂几点开门',
        '附近有便利店吗',
        '家属能去食堂吃饭吗',
      ],
    },
    {
      title: 'Food and canteen',
      body: 'The hospital canteen on basement floor 1 of the Complex Building is open to patients and visitors who want something to eat: breakfast 6:30–9:00, lunch 11:00–13:30, dinner 17:00–19:30; WeChat Pay and Alipay are accepted. The shop on the ground floor of the Outpatient Building sells food and drinks 24 hours. Inpatients can order meals a day ahead through “Ward meals” on the hospital’s official account; follow your care team’s instructions on diet.',
      questions: [
        'Is there a canteen in the hospital?',
        'Where can I get something to eat?',
        'How do inpatients order meals?',
        'When is the canteen open?',
        'Is there a shop to buy food?',
      ],
    },
  ),
];

import type { VerticalPack } from '../../core/index.ts';
import { medicalConversation } from './conversation.ts';
import { demoHospitalCatalogue } from './demo-hospital.ts';
import { seedDemoPatients } from './demo-patients.ts';

export { demoDepartments, demoDoctors } from './demo-hospital.ts';
export { demoPatients, seedDemoPatients } from './demo-patients.ts';
export { medicalSafety } from './nlu/safety.ts';
export { triageDepartments } from './nlu/triage.ts';

/** The hospital pack: outpatient inquiries, triage and appointment booking (预约挂号). */
export const medicalPack: VerticalPack = {
  id: 'medical',
  title: { 'zh-CN': '医疗', en: 'Medical' },
  demoTenant: {
    slug: 'demo-hospital',
    name: '示例综合医院',
    vertical: 'medical',
    locale: 'zh-CN',
    timeZone: 'Asia/Shanghai',
    displayNames: { en: 'Custos Demo General Hospital' },
  },
  conversation: medicalConversation,
  demoCatalogue: demoHospitalCatalogue,
  seedDemo: async (deps, tenantId) => {
    await seedDemoPatients(deps, tenantId);
  },
};

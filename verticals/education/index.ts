import type { VerticalPack } from '../../core/index.ts';
import { applicationMigrations, createApplicationPorts, seedDemoApplications } from './applications/index.ts';
import { demoSchoolCatalogue, educationConversation } from './conversation.ts';
import { demoApplications } from './demo-school.ts';

/** The school pack: enrollment questions, campus tours and admission interviews (招生咨询). */
export const educationPack: VerticalPack = {
  id: 'education',
  title: { 'zh-CN': '教育', en: 'Education' },
  demoTenant: {
    slug: 'demo-school',
    name: '示例实验学校',
    vertical: 'education',
    locale: 'zh-CN',
    timeZone: 'Asia/Shanghai',
    displayNames: { en: 'Custos Demo School' },
  },
  migrations: applicationMigrations,
  conversation: educationConversation,
  demoCatalogue: demoSchoolCatalogue,
  createPorts: (deps) => createApplicationPorts(deps),
  seedDemo: (deps, tenantId) => seedDemoApplications(deps, tenantId, demoApplications),
};

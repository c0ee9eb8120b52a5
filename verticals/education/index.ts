import type { VerticalPack } from '../../core/index.ts';
import { demoSchoolCatalogue, educationConversation } from './conversation.ts';

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
  conversation: educationConversation,
  demoCatalogue: demoSchoolCatalogue,
};

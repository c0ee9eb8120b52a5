import { describe, expect, it } from 'vitest';
import { testConversation as pack } from '../../testing/test-pack.ts';
import { createChat, recordingPort } from './dialogue.fixture.ts';
import type { KnowledgeAnswer, KnowledgePort } from './dialogue-types.ts';

const texts = pack.dialogue.texts;

// A stand-in for the knowledge base: a fixed article per FAQ intent, nothing for anything else.
const ARTICLES: Record<string, KnowledgeAnswer> = {
  parking: {
    articleId: 'kb-parking',
    title: 'Parking',
    body: 'Enter the car park from the east gate.',
    confidence: 0.9,
  },
  opening_hours: {
    articleId: 'kb-hours',
    title: 'Opening hours',
    body: 'Open Monday to Friday, 8:00–17:00.',
    confidence: 0.9,
  },
};
const fixedFaqKnowledge: KnowledgePort = async ({ intent }) => ARTICLES[intent];

function booking(locale: 'zh-CN' | 'en' = 'zh-CN') {
  const scheduling = recordingPort('REQ-0042');
  const chat = createChat({
    config: pack,
    knowledge: fixedFaqKnowledge,
    ports: { 'scheduling.requestVisit': scheduling.port },
    locale,
  });
  return { chat, calls: scheduling.calls };
}

const prompts = Object.fromEntries(pack.flows[0]?.slots.map((s) => [s.name, s.prompt]) ?? []);

describe('a whole conversation in Chinese', () => {
  it('greets, answers an FAQ, books with a digression and a correction, and calls the port once', async () => {
    const { chat, calls } = booking();
    expect(await chat.say('你好')).toEqual([`greeting: ${texts.greeting['zh-CN']}`]);

    const faq = await chat.send('你们几点开门');
    expect(faq.replies).toEqual([
      {
        kind: 'answer',
        text: ARTICLES.opening_hours?.body,
        citation: { articleId: 'kb-hours', title: 'Opening hours' },
      },
    ]);

    expect(await chat.say('我想预约心内科')).toEqual([`prompt: ${prompts.date?.['zh-CN']}`]);
    const digression = await chat.send('停车场在哪里');
    expect(digression.replies.map((r) => [r.kind, r.citation?.articleId])).toEqual([
      ['answer', 'kb-parking'],
      ['prompt', undefined],
    ]);
    expect(digression.replies[1]?.text).toBe(prompts.date?.['zh-CN']);

    expect(await chat.say('明天')).toEqual([`prompt: ${prompts.name?.['zh-CN']}`]);
    expect(await chat.say('我叫王小明')).toEqual([
      'confirm: 请确认：心内科，2026年12月2日周三，就诊人 王小明。确认提交预约吗？',
    ]);
    expect(await chat.say('改成周五')).toEqual([
      'confirm: 请确认：心内科，2026年12月4日周五，就诊人 王小明。确认提交预约吗？',
    ]);
    expect(calls).toEqual([]);

    const done = await chat.send('确认');
    expect(done.replies).toEqual([
      { kind: 'done', text: '已提交预约申请，参考号 REQ-0042。我们会尽快与您确认。' },
    ]);
    expect(done.signals).toEqual([{ type: 'flow-completed', flowId: 'book-visit', version: 1 }]);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      port: 'scheduling.requestVisit',
      tenantId: 'tenant-1',
      conversationId: 'conv-1',
      contactId: 'contact-1',
      flowId: 'book-visit',
      version: 1,
      locale: 'zh-CN',
      slots: { department: 'cardiology', date: '2026-12-04', name: '王小明' },
    });
    expect(chat.state?.flow).toBeUndefined();
  });
});

describe('a whole conversation in English', () => {
  it('asks for each slot, resumes after a digression, re-confirms a corrected date', async () => {
    const { chat, calls } = booking('en');
    expect(await chat.say('hello')).toEqual([`greeting: ${texts.greeting.en}`]);
    expect(await chat.say('I want to book an appointment')).toEqual([`prompt: ${prompts.department?.en}`]);
    expect(await chat.say('pediatrics')).toEqual([`prompt: ${prompts.date?.en}`]);
    expect(await chat.say('where can I park?')).toEqual([
      `answer: ${ARTICLES.parking?.body}`,
      `prompt: ${prompts.date?.en}`,
    ]);
    expect(await chat.say('tomorrow')).toEqual([`prompt: ${prompts.name?.en}`]);
    expect(await chat.say('My name is Alex Chen.')).toEqual([
      'confirm: Please confirm: pediatrics on Wed, 2 December 2026 for Alex Chen. Shall I send the request?',
    ]);
    expect(await chat.say('actually make it Friday')).toEqual([
      'confirm: Please confirm: pediatrics on Fri, 4 December 2026 for Alex Chen. Shall I send the request?',
    ]);
    expect(await chat.say('yes')).toEqual([
      'done: Your visit request has been sent; reference REQ-0042. We will confirm it shortly.',
    ]);
    expect(calls.map((c) => c.slots)).toEqual([
      { department: 'pediatrics', date: '2026-12-04', name: 'Alex Chen' },
    ]);
    expect(calls[0]?.locale).toBe('en');
  });

  it('fills slots from entities seen before the flow started, and from the message that starts it', async () => {
    const { chat } = booking('en');
    await chat.say('what time does cardiology start');
    expect(await chat.say('book a visit the day after tomorrow')).toEqual([`prompt: ${prompts.name?.en}`]);
    expect(chat.state?.flow?.slots).toEqual({
      department: { value: 'cardiology', text: 'cardiology' },
      date: { value: '2026-12-03', text: 'the day after tomorrow' },
    });
  });

  it('refuses a date in the past with the slot’s message, then re-asks', async () => {
    const { chat } = booking('en');
    await chat.say('I want to book cardiology');
    expect(await chat.say('yesterday')).toEqual([
      'prompt: Visits can be booked from today up to 60 days ahead.',
      `prompt: ${pack.flows[0]?.slots[1]?.reprompt?.en}`,
    ]);
    expect(chat.state?.flow?.slots.date).toBeUndefined();
  });

  it('a "no" at confirmation ends the flow without calling the port', async () => {
    const { chat, calls } = booking('en');
    await chat.say('I want to book cardiology tomorrow');
    await chat.say('Sam Taylor');
    const no = await chat.send('no');
    expect(no.replies.map((r) => r.text)).toEqual([
      'All right, nothing was booked. Anything else I can help with?',
    ]);
    expect(no.signals).toEqual([{ type: 'flow-cancelled', flowId: 'book-visit' }]);
    expect(calls).toEqual([]);
  });
});

describe('outside flows', () => {
  it('answers an intent with an auto-reply before asking the knowledge base', async () => {
    let asked = 0;
    const counting: KnowledgePort = async (q) => {
      asked++;
      return fixedFaqKnowledge(q);
    };
    const chat = createChat({ config: pack, knowledge: counting });
    expect(await chat.say('谢谢')).toEqual([`auto: ${pack.dialogue.autoReplies[0]?.text['zh-CN']}`]);
    expect(asked).toBe(0);
  });

  it('replies in the language the contact writes in', async () => {
    const { chat } = booking('zh-CN');
    expect(await chat.say('hello there')).toEqual([`greeting: ${texts.greeting.en}`]);
    // "ok" alone does not say which language: the conversation's stays.
    expect((await chat.send('ok')).state.locale).toBe('en');
    expect(await chat.say('您好')).toEqual([`greeting: ${texts.greeting['zh-CN']}`]);
  });

  it('a knowledge answer below the threshold is a fallback', async () => {
    const weak: KnowledgePort = async () => ({ articleId: 'kb-x', title: 'X', body: 'X', confidence: 0.2 });
    const chat = createChat({ config: pack, knowledge: weak });
    expect(await chat.say('探视时间是什么时候')).toEqual([`fallback: ${texts.fallback['zh-CN']}`]);
  });
});

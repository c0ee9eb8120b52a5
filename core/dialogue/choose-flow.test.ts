import { describe, expect, it } from 'vitest';
import { testConversation } from '../../testing/test-pack.ts';
import { pickChoice } from './choice-words.ts';
import { createChat } from './dialogue.fixture.ts';
import { type ActionPort, type PortCall, PortRefusal } from './dialogue-types.ts';
import type { FlowDefinition } from './flow.schema.ts';
import { checkFlow } from './flow-check.ts';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** Department, day and part of day; three times offered; a hold that may be refused; confirm. */
const chooseFlow: FlowDefinition = {
  id: 'book-slot',
  version: 1,
  title: t('预约', 'Book'),
  trigger: ['book_visit'],
  slots: [
    { name: 'department', entity: 'department', prompt: t('哪个科室？', 'Which department?') },
    { name: 'date', entity: 'date', prompt: t('哪天？', 'Which day?'), validation: { future: true } },
    { name: 'part', entity: 'time_of_day', prompt: t('上午还是下午？', 'Morning or afternoon?') },
    { name: 'slot', entity: 'text', prompt: t('选哪个时间？', 'Which time?') },
    { name: 'phone', entity: 'phone', prompt: t('联系电话？', 'Phone?') },
  ],
  start: 'ask_department',
  states: [
    { id: 'ask_department', type: 'ask', slot: 'department', next: 'ask_date' },
    { id: 'ask_date', type: 'ask', slot: 'date', next: 'ask_part' },
    { id: 'ask_part', type: 'ask', slot: 'part', next: 'offer' },
    {
      id: 'offer',
      type: 'choose',
      port: 'booking.findSlots',
      slot: 'slot',
      prompt: t('可选时间：\n{options}\n请回复序号。', 'Free times:\n{options}\nReply with a number.'),
      none: 'ask_date',
      noneText: t('那天没有号了，换一天吧。', 'Nothing is free that day; pick another.'),
      resetOnNone: ['date'],
      next: 'hold',
    },
    {
      id: 'hold',
      type: 'act',
      port: 'booking.hold',
      provides: ['hold_id'],
      failed: 'offer',
      next: 'ask_phone',
    },
    // A first answer after the choice is not a correction: it must not send the flow back.
    { id: 'ask_phone', type: 'ask', slot: 'phone', next: 'confirm' },
    {
      id: 'confirm',
      type: 'confirm',
      text: t('确认 {slot}？', 'Confirm {slot}?'),
      yes: 'book',
      no: 'cancelled',
    },
    {
      id: 'book',
      type: 'act',
      port: 'booking.confirm',
      done: t('已预约，编号 {reference}。', 'Booked: {reference}.'),
      next: 'end',
    },
    { id: 'end', type: 'end' },
    { id: 'cancelled', type: 'end', text: t('好的，已取消。', 'Cancelled.'), outcome: 'cancelled' },
  ],
};

const pack = { ...testConversation, flows: [chooseFlow] };
const knowledge = async () => undefined;

/** Free times per date; a hold on a time in `taken` is refused once, as when someone else was faster. */
function scheduling(free: Record<string, string[]>, taken: string[] = []) {
  const calls: PortCall[] = [];
  const ports: Record<string, ActionPort> = {
    'booking.findSlots': async (call) => {
      calls.push(call);
      return {
        options: (free[call.slots.date ?? ''] ?? []).map((time) => ({
          value: `slot-${time}`,
          label: t(`${call.slots.date} ${time}`, `${call.slots.date} ${time}`),
        })),
      };
    },
    'booking.hold': async (call) => {
      calls.push(call);
      const time = (call.slots.slot ?? '').replace('slot-', '');
      if (taken.includes(time)) {
        taken.splice(taken.indexOf(time), 1);
        free[call.slots.date ?? ''] = (free[call.slots.date ?? ''] ?? []).filter((x) => x !== time);
        throw new PortRefusal(t('这个时间刚被约走了。', 'That time was just taken.'));
      }
      return { values: { hold_id: { value: `hold-${time}`, text: time } } };
    },
    'booking.confirm': async (call) => {
      calls.push(call);
      return { reference: `CODE-${call.slots.hold_id}` };
    },
  };
  return { ports, calls };
}

describe('a flow that offers choices', () => {
  it('is sound to the flow checker', () => {
    expect(
      checkFlow(chooseFlow, { ports: ['booking.findSlots', 'booking.hold', 'booking.confirm'] }),
    ).toEqual([]);
  });

  it('offers times, takes a pick by number, holds, confirms and hands the port the values it provided', async () => {
    const { ports, calls } = scheduling({ '2026-12-02': ['09:00', '09:30', '10:00'] });
    const chat = createChat({ config: pack, knowledge, ports });
    expect(await chat.say('我想预约心内科')).toEqual(['prompt: 哪天？']);
    // "上午" alone names no day: it must not fill the date.
    expect(await chat.say('上午')).toEqual(['prompt: 哪天？']);
    expect(await chat.say('明天')).toEqual([
      'prompt: 可选时间：\n1. 2026-12-02 09:00\n2. 2026-12-02 09:30\n3. 2026-12-02 10:00\n请回复序号。',
    ]);
    expect(calls[0]?.slots).toMatchObject({ department: 'cardiology', date: '2026-12-02', part: 'morning' });
    expect(calls[0]?.timeZone).toBe('Asia/Shanghai');
    expect(await chat.say('第二个')).toEqual(['prompt: 联系电话？']);
    expect(await chat.say('13800000000')).toEqual(['confirm: 确认 2026-12-02 09:30？']);
    expect(await chat.say('同意')).toEqual(['done: 已预约，编号 CODE-hold-09:30。']);
    expect(calls.map((c) => c.port)).toEqual(['booking.findSlots', 'booking.hold', 'booking.confirm']);
  });

  it('picks by the time shown, and re-offers when the hold is refused', async () => {
    const { ports, calls } = scheduling({ '2026-12-02': ['09:00', '09:30'] }, ['09:30']);
    const chat = createChat({ config: pack, knowledge, ports });
    await chat.say('我想预约心内科明天上午');
    const refused = await chat.say('9点半');
    expect(refused).toEqual([
      'prompt: 这个时间刚被约走了。',
      'prompt: 可选时间：\n1. 2026-12-02 09:00\n请回复序号。',
    ]);
    expect(await chat.say('1')).toEqual(['prompt: 联系电话？']);
    // Two holds of different times are two requests, with two keys.
    const holds = calls.filter((c) => c.port === 'booking.hold');
    expect(new Set(holds.map((h) => h.idempotencyKey)).size).toBe(2);
  });

  it('offers again for another day said at the confirmation, and asks another day when none is free', async () => {
    const { ports } = scheduling({ '2026-12-02': ['09:00'], '2026-12-04': ['14:00'] });
    const chat = createChat({ config: pack, knowledge, ports, locale: 'en' });
    await chat.say('I want to book cardiology tomorrow afternoon');
    expect(await chat.say('1')).toEqual(['prompt: Phone?']);
    expect(await chat.say('13800000000')).toEqual(['confirm: Confirm 2026-12-02 09:00?']);
    expect(await chat.say('actually make it friday')).toEqual([
      'prompt: Free times:\n1. 2026-12-04 14:00\nReply with a number.',
    ]);
    expect(await chat.say('next monday')).toEqual([
      'prompt: Nothing is free that day; pick another.',
      'prompt: Which day?',
    ]);
  });

  it('counts an answer that picks nothing as a failed attempt', async () => {
    const { ports } = scheduling({ '2026-12-02': ['09:00', '09:30'] });
    const chat = createChat({ config: pack, knowledge, ports });
    await chat.say('我想预约心内科明天上午');
    const replies = await chat.say('第七个');
    expect(replies).toEqual(['prompt: 可选时间：\n1. 2026-12-02 09:00\n2. 2026-12-02 09:30\n请回复序号。']);
  });
});

describe('pickChoice', () => {
  const choices = ['12月2日 09:00 王医生', '12月2日 09:30 李医生', '12月2日 14:00 王医生'].map(
    (label, i) => ({
      value: String(i),
      label,
    }),
  );
  it.each([
    ['1', 0],
    ['2.', 1],
    ['第3个', 2],
    ['第二个', 1],
    ['选三', 2],
    ['三', 2],
    ['#2', 1],
    ['option 3', 2],
    ['the second one', 1],
    ['First please', 0],
    ['last', 2],
    ['最后一个', 2],
    ['9点半', 1],
    ['9:30', 1],
    ['14：00', 2],
    ['2点', undefined],
    ['4', undefined],
    ['随便', undefined],
    ['no', undefined],
  ])('%s → %s', (text, expected) => {
    expect(pickChoice(text, choices)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { testConversation } from '../../testing/test-pack.ts';
import { createChat } from './dialogue.fixture.ts';
import { type ActionPort, PortRefusal } from './dialogue-types.ts';
import { type FlowDefinition, flowDefinitionSchema } from './flow.schema.ts';
import { checkFlow } from './flow-check.ts';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** A code is sent, the contact types it; a wrong one is asked again, a used-up one ends the flow. */
const codeFlow: FlowDefinition = {
  id: 'check-code',
  version: 1,
  title: t('验证', 'Verify'),
  trigger: ['book_visit'],
  slots: [{ name: 'code', entity: 'text', prompt: t('请输入验证码。', 'Enter the code.') }],
  start: 'ask_code',
  states: [
    { id: 'ask_code', type: 'ask', slot: 'code', next: 'check' },
    {
      id: 'check',
      type: 'act',
      port: 'identity.confirmCode',
      failed: 'ask_code',
      exhausted: 'gave_up',
      done: t('已验证。', 'Verified.'),
      next: 'done',
    },
    { id: 'done', type: 'end' },
    {
      id: 'gave_up',
      type: 'end',
      text: t('请稍后重新开始。', 'Please start again later.'),
      outcome: 'cancelled',
    },
  ],
};

const pack = { ...testConversation, flows: [codeFlow] };
const knowledge = async () => undefined;

/** Accepts "246810"; refuses anything else, for good after three wrong answers. */
function codePort() {
  const seen: string[] = [];
  const port: ActionPort = async (call) => {
    const code = call.slots.code ?? '';
    seen.push(code);
    if (code === '246810') return {};
    const wrong = seen.filter((c) => c !== '246810').length;
    if (wrong >= 3) throw new PortRefusal(t('验证码已失效。', 'The code is used up.'), { final: true });
    throw new PortRefusal(t('验证码不对。', 'That code is not right.'));
  };
  return { ports: { 'identity.confirmCode': port }, seen };
}

describe('an act state refused by its port', () => {
  it('is sound to the flow checker, which refuses "exhausted" without "failed"', () => {
    expect(checkFlow(codeFlow, { ports: ['identity.confirmCode'] })).toEqual([]);
    const broken = {
      ...codeFlow,
      states: codeFlow.states.map((s) => (s.id === 'check' ? { ...s, failed: undefined } : s)),
    } as FlowDefinition;
    expect(checkFlow(broken, { ports: ['identity.confirmCode'] })).toContainEqual(
      expect.objectContaining({ message: expect.stringContaining('"exhausted" without "failed"') }),
    );
  });

  it('asks the question again, with its slot emptied, after an ordinary refusal', async () => {
    const { ports, seen } = codePort();
    const chat = createChat({ config: pack, knowledge, ports });
    expect(await chat.say('我想预约')).toEqual(['prompt: 请输入验证码。']);
    expect(await chat.say('111111')).toEqual(['prompt: 验证码不对。', 'prompt: 请输入验证码。']);
    expect(await chat.say('246810')).toEqual(['done: 已验证。']);
    expect(seen).toEqual(['111111', '246810']);
  });

  it('goes to "exhausted" when the refusal is final', async () => {
    const { ports, seen } = codePort();
    const chat = createChat({ config: pack, knowledge, ports });
    await chat.say('我想预约');
    await chat.say('111111');
    await chat.say('222222');
    expect(await chat.say('333333')).toEqual(['prompt: 验证码已失效。', 'done: 请稍后重新开始。']);
    expect(seen).toEqual(['111111', '222222', '333333']);
  });
});

describe('a text slot with a pattern', () => {
  // "谢谢" is the test pack's `thanks` intent, which has an automatic reply: a stand-in for any
  // answer the classifier reads as something else (a code of digits read as a complaint).
  const flowWith = (pattern?: string): FlowDefinition => ({
    id: 'shaped',
    version: 1,
    title: t('口令', 'Password'),
    trigger: ['book_visit'],
    slots: [
      {
        name: 'word',
        entity: 'text',
        prompt: t('请说口令。', 'Say the password.'),
        ...(pattern ? { validation: { pattern } } : {}),
      },
    ],
    start: 'ask_word',
    states: [
      { id: 'ask_word', type: 'ask', slot: 'word', next: 'done' },
      { id: 'done', type: 'end', text: t('口令是 {word}。', 'The password is {word}.') },
    ],
  });

  it('takes an answer of its shape before reading it as a question off the path', async () => {
    const chat = createChat({ config: { ...testConversation, flows: [flowWith('谢谢')] }, knowledge });
    await chat.say('我想预约');
    expect(await chat.say('谢谢')).toEqual(['done: 口令是 谢谢。']);
  });

  it('reads the same answer as its intent when the slot has no pattern, and refuses other shapes', async () => {
    const plain = createChat({ config: { ...testConversation, flows: [flowWith()] }, knowledge });
    await plain.say('我想预约');
    expect((await plain.say('谢谢'))[0]).toMatch(/^auto: 不客气/);
    const digits = createChat({ config: { ...testConversation, flows: [flowWith('\\d{6}')] }, knowledge });
    await digits.say('我想预约');
    expect(await digits.say('12345')).toEqual(['prompt: 请说口令。']);
    expect(await digits.say('123456')).toEqual(['done: 口令是 123456。']);
  });

  it('takes an answer of its shape before any global intent', async () => {
    const shaped = createChat({ config: { ...testConversation, flows: [flowWith('再见')] }, knowledge });
    await shaped.say('我想预约');
    expect(await shaped.say('再见')).toEqual(['done: 口令是 再见。']);
    // Without the pattern the same words end the conversation.
    const plain = createChat({ config: { ...testConversation, flows: [flowWith()] }, knowledge });
    await plain.say('我想预约');
    const bye = await plain.send('再见');
    expect(bye.signals).toContainEqual({ type: 'ended' });
  });

  it('must be a valid regular expression', () => {
    const broken = flowWith('(');
    expect(flowDefinitionSchema.safeParse(broken).success).toBe(false);
    expect(flowDefinitionSchema.safeParse(flowWith('\\d{6}')).success).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { bookVisitFlow, testConversation as pack } from '../../testing/test-pack.ts';
import { layerPack } from '../packs/pack-overrides.ts';
import { createChat, recordingPort } from './dialogue.fixture.ts';
import type { KnowledgePort } from './dialogue-types.ts';
import { createStaticFlowResolver } from './static-flows.ts';

const texts = pack.dialogue.texts;
const prompts = Object.fromEntries(bookVisitFlow.slots.map((s) => [s.name, s.prompt]));

// The knowledge base of these suites knows nothing: every answer comes from the engine itself.
const emptyKnowledge: KnowledgePort = async () => undefined;

function inFlow(locale: 'zh-CN' | 'en' = 'zh-CN') {
  const scheduling = recordingPort();
  const chat = createChat({
    config: pack,
    knowledge: emptyKnowledge,
    ports: { 'scheduling.requestVisit': scheduling.port },
    locale,
  });
  return { chat, calls: scheduling.calls };
}

describe('global intents work in the middle of a flow', () => {
  it('cancel drops the flow', async () => {
    const { chat } = inFlow();
    await chat.say('我想预约心内科');
    const out = await chat.send('取消');
    expect(out.replies).toEqual([{ kind: 'answer', text: texts.cancelled['zh-CN'] }]);
    expect(out.signals).toEqual([{ type: 'flow-cancelled', flowId: 'book-visit' }]);
    expect(out.state.flow).toBeUndefined();
    // With nothing running, cancel just moves on.
    expect(await chat.say('cancel')).toEqual([`answer: ${texts.anythingElse.en}`]);
  });

  it('转人工 hands over and keeps the flow for the agent', async () => {
    const { chat } = inFlow();
    await chat.say('我想预约心内科');
    const out = await chat.send('转人工');
    expect(out.replies).toEqual([{ kind: 'handoff', text: texts.handoff['zh-CN'] }]);
    expect(out.signals).toEqual([{ type: 'handoff', reason: 'requested' }]);
    expect(out.state.flow).toBeUndefined();
    expect(out.state.suspended).toMatchObject({
      id: 'book-visit',
      slots: { department: { value: 'cardiology' } },
    });
  });

  it('restart forgets everything and greets again', async () => {
    const { chat } = inFlow('en');
    await chat.say('I want to book cardiology');
    const out = await chat.send('start over');
    expect(out.replies).toEqual([{ kind: 'greeting', text: `${texts.restarted.en} ${texts.greeting.en}` }]);
    expect(out.signals).toEqual([{ type: 'flow-cancelled', flowId: 'book-visit' }]);
    expect(out.state).toMatchObject({ fallbacks: 0, carried: [] });
    expect(out.state.flow).toBeUndefined();
  });

  it('goodbye ends the conversation; hello repeats the pending question', async () => {
    const { chat } = inFlow();
    await chat.say('我想预约心内科');
    expect(await chat.say('你好')).toEqual([
      `greeting: ${texts.greeting['zh-CN']}`,
      `prompt: ${prompts.date?.['zh-CN']}`,
    ]);
    const out = await chat.send('再见');
    expect(out.replies).toEqual([{ kind: 'goodbye', text: texts.goodbye['zh-CN'] }]);
    expect(out.signals).toEqual([{ type: 'flow-cancelled', flowId: 'book-visit' }, { type: 'ended' }]);
  });
});

describe('safety preempts everything', () => {
  it('a red flag mid-flow gives emergency guidance, signals safety and a handoff, and suspends the flow', async () => {
    const { chat, calls } = inFlow();
    await chat.say('我想预约心内科');
    await chat.say('明天');
    const out = await chat.send('我胸痛得厉害，喘不上气');
    expect(out.replies).toEqual([{ kind: 'safety', text: texts.safety['zh-CN'] }]);
    expect(out.signals).toEqual([
      { type: 'safety', rules: ['chest_pain'] },
      { type: 'handoff', reason: 'safety' },
    ]);
    expect(out.state.flow).toBeUndefined();
    expect(out.state.suspended?.slots.date?.value).toBe('2026-12-02');
    expect(calls).toEqual([]);
  });

  it('even a message that also names a global intent', async () => {
    const { chat } = inFlow('en');
    const out = await chat.send('cancel, I have chest pain');
    expect(out.replies.map((r) => r.kind)).toEqual(['safety']);
  });
});

describe('inactivity', () => {
  it('drops a flow left idle past the timeout, then handles the new message', async () => {
    const { chat } = inFlow();
    await chat.say('我想预约心内科');
    chat.wait(pack.dialogue.timeoutMinutes + 1);
    const out = await chat.send('明天');
    expect(out.replies[0]).toEqual({ kind: 'auto', text: texts.timeout['zh-CN'] });
    expect(out.signals[0]).toEqual({ type: 'flow-cancelled', flowId: 'book-visit' });
    expect(out.state.flow).toBeUndefined();
  });

  it('keeps a flow idle for less than the timeout', async () => {
    const { chat } = inFlow();
    await chat.say('我想预约心内科');
    chat.wait(pack.dialogue.timeoutMinutes - 1);
    expect(await chat.say('明天')).toEqual([`prompt: ${prompts.name?.['zh-CN']}`]);
  });

  it('follows the tenant’s timeout', async () => {
    const chat = createChat({ config: layerPack(pack, { timeoutMinutes: 2 }), knowledge: emptyKnowledge });
    await chat.say('我想预约心内科');
    chat.wait(3);
    expect((await chat.send('明天')).state.flow).toBeUndefined();
  });
});

describe('unusable answers', () => {
  it('re-asks up to the limit, then offers a human; a yes hands over', async () => {
    const { chat } = inFlow();
    await chat.say('我想预约');
    const reprompt = `prompt: ${bookVisitFlow.slots[0]?.reprompt?.['zh-CN']}`;
    expect(await chat.say('随便吧')).toEqual([reprompt]);
    expect(await chat.say('都行')).toEqual([reprompt]);
    const offer = await chat.send('随便');
    expect(offer.replies).toEqual([{ kind: 'fallback', text: texts.offerHuman['zh-CN'] }]);
    expect(offer.signals).toEqual([{ type: 'flow-cancelled', flowId: 'book-visit' }]);
    const yes = await chat.send('好的');
    expect(yes.signals).toEqual([{ type: 'handoff', reason: 'requested' }]);
  });

  it('outside flows, asks to rephrase, then hands over after two misses in a row', async () => {
    const { chat } = inFlow();
    const first = await chat.send('今天天气怎么样');
    expect(first.replies).toEqual([{ kind: 'fallback', text: texts.fallback['zh-CN'] }]);
    expect(first.signals).toEqual([]);
    const second = await chat.send('讲个笑话');
    expect(second.signals).toEqual([{ type: 'handoff', reason: 'fallback' }]);
    expect(second.state.fallbacks).toBe(0);
  });

  it('an answered message in between resets the count', async () => {
    const { chat } = inFlow();
    await chat.send('今天天气怎么样');
    await chat.send('你好');
    expect((await chat.send('讲个笑话')).signals).toEqual([]);
  });
});

describe('ports', () => {
  it('a failing port gives a polite error and offers a human', async () => {
    const failures: string[] = [];
    const chat = createChat({
      config: pack,
      knowledge: emptyKnowledge,
      ports: { 'scheduling.requestVisit': async () => Promise.reject(new Error('scheduler down')) },
      onPortError: (port) => failures.push(port),
    });
    await chat.say('我想预约心内科明天');
    await chat.say('王小明');
    const out = await chat.send('是的');
    expect(out.replies).toEqual([
      { kind: 'fallback', text: `${texts.portError['zh-CN']}${texts.offerHuman['zh-CN']}` },
    ]);
    expect(out.signals).toEqual([{ type: 'flow-cancelled', flowId: 'book-visit' }]);
    expect(out.state.offeredHuman).toBe(true);
    expect(failures).toEqual(['scheduling.requestVisit']);
  });

  it('a replayed turn calls the port with the same idempotency key, a new flow run with another', async () => {
    const { chat, calls } = inFlow();
    await chat.say('我想预约心内科明天');
    await chat.say('王小明');
    const beforeConfirming = chat.state;
    await chat.say('是的');
    chat.restore(beforeConfirming);
    await chat.say('是的');
    chat.wait(1);
    for (const text of ['我想预约心内科明天', '王小明', '是的']) await chat.say(text);
    expect(calls).toHaveLength(3);
    expect(calls[1]?.idempotencyKey).toBe(calls[0]?.idempotencyKey);
    expect(calls[2]?.idempotencyKey).not.toBe(calls[0]?.idempotencyKey);
  });

  it('a failing knowledge base is a fallback, not a failed message', async () => {
    const failures: string[] = [];
    const chat = createChat({
      config: pack,
      knowledge: async () => Promise.reject(new Error('index unavailable')),
      onPortError: (port) => failures.push(port),
    });
    expect(await chat.say('探视时间是什么时候')).toEqual([`fallback: ${texts.fallback['zh-CN']}`]);
    expect(failures).toEqual(['knowledge']);
  });
});

describe('versions', () => {
  it('a running conversation finishes on the version it started with', async () => {
    const { chat, calls } = inFlow();
    await chat.say('我想预约心内科');
    const v2 = {
      ...bookVisitFlow,
      version: 2,
      slots: bookVisitFlow.slots.map((s) =>
        s.name === 'date' ? { ...s, prompt: { 'zh-CN': '哪天方便？', en: 'Which day suits you?' } } : s,
      ),
    };
    chat.useFlows(createStaticFlowResolver([bookVisitFlow, v2]));
    expect(await chat.say('明天')).toEqual([`prompt: ${prompts.name?.['zh-CN']}`]);
    await chat.say('王小明');
    await chat.say('是的');
    expect(calls[0]?.version).toBe(1);
    // A new conversation starts on the active version.
    const fresh = createChat({
      config: pack,
      knowledge: emptyKnowledge,
      flows: createStaticFlowResolver([bookVisitFlow, v2]),
    });
    expect(await fresh.say('我想预约心内科')).toEqual(['prompt: 哪天方便？']);
    expect(fresh.state?.flow?.version).toBe(2);
  });

  it('a state from another engine version starts afresh instead of failing', async () => {
    const { chat } = inFlow();
    await chat.say('我想预约心内科');
    const engineState = chat.state as unknown as Record<string, unknown>;
    engineState.v = 99;
    // Without the flow, a bare date is not understood.
    expect(await chat.say('明天')).toEqual([`fallback: ${texts.fallback['zh-CN']}`]);
  });
});

import { describe, expect, it } from 'vitest';
import { testConversation } from '../../testing/test-pack.ts';
import { createChat } from './dialogue.fixture.ts';

const knowledge = async () => undefined;

describe('an upset contact', () => {
  it('is handed over at the second angry message in a row, with the flow set aside', async () => {
    const chat = createChat({ config: testConversation, knowledge });
    await chat.say('我想预约');
    const first = await chat.send('你们这是什么垃圾系统，气死我了');
    expect(first.signals.filter((s) => s.type === 'handoff')).toEqual([]);
    expect(first.state.upset).toBe(1);
    const second = await chat.send('太过分了，我要投诉你们');
    expect(second.replies[0]?.kind).toBe('handoff');
    expect(second.signals).toContainEqual({ type: 'handoff', reason: 'sentiment' });
    expect(second.state.flow).toBeUndefined();
    expect(second.state.suspended).toBeDefined();
    expect(second.state.upset).toBeUndefined();
  });

  it('starts counting again after a calm message', async () => {
    const chat = createChat({ config: testConversation, knowledge });
    await chat.send('气死我了');
    expect((await chat.send('明天')).state.upset).toBeUndefined();
    const again = await chat.send('垃圾服务');
    expect(again.signals.filter((s) => s.type === 'handoff')).toEqual([]);
    expect(again.state.upset).toBe(1);
  });
});

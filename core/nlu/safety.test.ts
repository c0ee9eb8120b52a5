import { describe, expect, it } from 'vitest';
import { normalizeText } from './normalize.ts';
import { createSafetyDetector } from './safety.ts';
import { detectSentiment } from './sentiment.ts';

// Synthetic red flags in the shape a medical pack supplies.
const detect = createSafetyDetector([
  { id: 'chest_pain', severity: 'emergency', patterns: ['胸痛', '胸口(?:疼|痛)', 'chest pain'] },
  {
    id: 'breathing',
    severity: 'emergency',
    patterns: ['呼吸困难', '喘不过气', "can'?t breathe", 'short(?:ness)? of breath'],
  },
  { id: 'self_harm', severity: 'emergency', patterns: ['自杀', '不想活', 'kill myself', 'suicid'] },
  { id: 'high_fever', severity: 'urgent', patterns: ['高烧', '发烧\\s*(?:39|40)', 'high fever'] },
]);
const flags = (text: string) => detect(normalizeText(text).text).matches.map((m) => m.rule);

describe('safety red flags', () => {
  it.each([
    ['我胸痛', ['chest_pain']],
    ['胸 痛得厉害', ['chest_pain']],
    ['不胸痛', []],
    ['没有胸痛', []],
    ['无明显胸痛', []],
    ['没有出现胸痛', []],
    ['否认胸痛', []],
    ['没有发烧但是胸痛', ['chest_pain']],
    ['不发烧，胸痛', ['chest_pain']],
    ['有没有可能是胸痛引起的', ['chest_pain']],
    ['是不是胸痛', ['chest_pain']],
    ['心脏不好胸痛', ['chest_pain']],
    ['胸口疼，喘不过气', ['chest_pain', 'breathing']],
    ['我不想活了', ['self_harm']],
    ['I have chest pain', ['chest_pain']],
    ['no chest pain', []],
    ['I do not have chest pain', []],
    ["I don't have chest pain", []],
    ['denies chest pain', []],
    ['no fever but chest pain', ['chest_pain']],
    ['no fever and chest pain', ['chest_pain']],
    ['not sure if this is chest pain', ['chest_pain']],
    ["I can't breathe", ['breathing']],
    ['CHEST PAIN since morning', ['chest_pain']],
    ['孩子高烧不退', ['high_fever']],
    ['what are your opening hours', []],
  ])('%s', (text, expected) => expect(flags(text)).toEqual(expected));

  it('reports the most severe level', () => {
    expect(detect('高烧 胸痛').severity).toBe('emergency');
    expect(detect('高烧').severity).toBe('urgent');
    expect(detect('你好')).toEqual({ flagged: false, severity: 'none', matches: [] });
  });
});

describe('sentiment', () => {
  const label = (raw: string) => detectSentiment(normalizeText(raw).text, raw).label;
  it.each([
    ['我要投诉你们', 'angry'],
    ['气死我了，等了一个小时', 'angry'],
    ['服务太差了', 'negative'],
    ['我很失望', 'negative'],
    ['不满意', 'negative'],
    ['这个不好', 'negative'],
    ['太差了!!!', 'angry'],
    ['挺好的，谢谢', 'neutral'],
    ['不差', 'neutral'],
    ['胸口难受', 'neutral'],
    ['this is ridiculous', 'negative'],
    ['I want to file a complaint', 'angry'],
    ['THIS IS UNACCEPTABLE!!!', 'angry'],
    ['not bad, thanks', 'neutral'],
    ['not helpful at all', 'negative'],
    ['thank you so much', 'neutral'],
  ])('%s → %s', (text, expected) => expect(label(text)).toBe(expected));

  it('asks for escalation only when the customer is angry', () => {
    expect(detectSentiment('我要投诉').escalate).toBe(true);
    expect(detectSentiment('有点慢').escalate).toBe(false);
  });
});

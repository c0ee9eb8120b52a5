import { describe, expect, it } from 'vitest';
import type { SlotDefinition } from './flow.schema.ts';
import { entityValue, isValidSlotValue, textValue } from './slot-values.ts';

const prompt = { 'zh-CN': '？', en: '?' };
const slot = (entity: string, validation?: SlotDefinition['validation']): SlotDefinition => ({
  name: 's',
  entity,
  prompt,
  ...(validation ? { validation } : {}),
});
// Tuesday 1 December 2026, 23:30 in Shanghai (15:30 UTC): "today" is the 1st there.
const context = { now: new Date('2026-12-01T15:30:00Z'), timeZone: 'Asia/Shanghai' };
const v = (value: string) => ({ value, text: value });

describe('slot values', () => {
  it.each([
    ['date', { type: 'datetime', value: '2026-12-02T15:00:00+08:00', text: '明天下午三点' }, '2026-12-02'],
    ['time', { type: 'datetime', value: '2026-12-02T15:00:00+08:00', text: '明天下午三点' }, '15:00'],
    ['phone', { type: 'mobile_cn', value: '+8613800138000', text: '13800138000' }, '+8613800138000'],
    ['department', { type: 'department', value: 'cardiology', text: '心内科' }, 'cardiology'],
  ])('a %s slot reads %j', (type, entity, expected) => {
    expect(entityValue(slot(type), [entity])?.value).toBe(expected);
  });

  it('free-text slots take no entity, and lose the lead-ins the flow names', () => {
    expect(entityValue(slot('text'), [{ type: 'date', value: '2026-12-02', text: '明天' }])).toBeUndefined();
    const name = slot('text', { stripPrefixes: ['我叫', 'my name is'] });
    expect(textValue(name, '我叫王小明。').value).toBe('王小明');
    expect(textValue(name, 'My name is Alex Chen!').value).toBe('Alex Chen');
    expect(textValue(name, 'Alex Chen').value).toBe('Alex Chen');
  });

  it('checks dates against today in the tenant’s zone and the horizon', () => {
    const future = slot('date', { future: true, maxDaysAhead: 30 });
    expect(isValidSlotValue(future, v('2026-11-30'), context)).toBe(false);
    expect(isValidSlotValue(future, v('2026-12-01'), context)).toBe(true);
    expect(isValidSlotValue(future, v('2026-12-31'), context)).toBe(true);
    expect(isValidSlotValue(future, v('2027-01-01'), context)).toBe(false);
  });

  it('checks date-times against now, allowed values and text length', () => {
    const at = slot('datetime', { future: true });
    expect(isValidSlotValue(at, v('2026-12-01T23:00:00+08:00'), context)).toBe(false);
    expect(isValidSlotValue(at, v('2026-12-02T09:00:00+08:00'), context)).toBe(true);
    const dept = slot('department', { allowed: ['cardiology'] });
    expect(isValidSlotValue(dept, v('pediatrics'), context)).toBe(false);
    expect(isValidSlotValue(dept, v('cardiology'), context)).toBe(true);
    const name = slot('text', { minLength: 2, maxLength: 4 });
    expect(isValidSlotValue(name, v('王'), context)).toBe(false);
    expect(isValidSlotValue(name, v('王小明'), context)).toBe(true);
    expect(isValidSlotValue(name, v('Alexander'), context)).toBe(false);
  });
});

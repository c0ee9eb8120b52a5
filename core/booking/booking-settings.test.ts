import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.ts';
import { rulesFromConfig } from './booking-rules.ts';
import { parseBookingSettings } from './booking-settings.ts';
import { loadNoticeTemplates, renderBookingNotice } from './notification-templates.ts';

const issuesOf = (input: unknown) => {
  try {
    parseBookingSettings(input);
    return 'accepted';
  } catch (error) {
    if (!isAppError(error) || error.code !== 'validation_failed') throw error;
    return error.issues.map((i) => i.path);
  }
};

describe('parseBookingSettings', () => {
  it('fills in every rule default, keeps templates as given', () => {
    const settings = parseBookingSettings({
      rules: { maxPerDay: { perDay: 1 }, guardian: false },
      templates: { reminder: { en: 'See you {when}.' } },
    });
    expect(settings.rules).toEqual({
      leadTime: { minMinutes: 30, maxDays: 90 },
      maxPerDay: { perDay: 1, perService: true },
      cancellation: { minHoursBefore: 2 },
      guardian: false,
      ageRestriction: true,
      sexRestriction: true,
      noOverlap: true,
    });
    expect(settings.templates).toEqual({ reminder: { en: 'See you {when}.' } });
    // Stored settings build the same rule list as the configuration did: one fewer without the guardian rule.
    expect(rulesFromConfig(settings.rules)).toHaveLength(rulesFromConfig({}).length - 1);
    expect(parseBookingSettings({})).toEqual({ rules: rulesFromConfigDefaults(), templates: {} });
  });

  it('names the path of every bad field: rules, templates, unknown placeholders and settings', () => {
    expect(issuesOf({ rules: { maxPerDay: { perDay: 0 } } })).toEqual(['rules.maxPerDay.perDay']);
    expect(issuesOf({ rules: { leadTime: { minMinutes: 'soon' } } })).toEqual(['rules.leadTime.minMinutes']);
    expect(issuesOf({ rules: { noSundays: true } })).toEqual(['rules']);
    expect(issuesOf({ templates: { reminder: { en: 'Hi {patientName}, see you {when}' } } })).toEqual([
      'templates.reminder.en',
    ]);
    expect(issuesOf({ templates: { noshow: { en: 'x' } } })).toEqual(['templates']);
    expect(issuesOf({ templates: { reminder: { fr: 'Rappel {when}' } } })).toEqual(['templates.reminder']);
    expect(
      issuesOf({
        rules: { cancellation: { minHoursBefore: -1 } },
        templates: { confirmation: { 'zh-CN': '预约成功 {date' } },
        colour: 'blue',
      }),
    ).toEqual(['colour', 'rules.cancellation.minHoursBefore', 'templates.confirmation.zh-CN']);
    expect(issuesOf(null)).toEqual(['']);
  });

  it('renders a notice with the tenant’s template, the built-in one for the other language', () => {
    const { templates } = parseBookingSettings({
      templates: {
        reminder: { 'zh-CN': '【示例医院】{serviceName} {date}{time}，确认码 {confirmationCode}' },
      },
    });
    const compiled = loadNoticeTemplates(templates);
    const visit = {
      serviceName: '心内科',
      start: new Date('2026-12-01T01:30:00Z'),
      timeZone: 'Asia/Shanghai',
      confirmationCode: 'K7Q2M9XA',
    };
    expect(renderBookingNotice('reminder', 'zh-CN', visit, compiled)).toBe(
      '【示例医院】心内科 2026年12月1日（周二）上午 09:30，确认码 K7Q2M9XA',
    );
    expect(renderBookingNotice('reminder', 'en', { ...visit, serviceName: 'Cardiology' }, compiled)).toMatch(
      /^Reminder: your booking for Cardiology is on Tue 1 Dec 2026, 9:30 AM/,
    );
  });
});

function rulesFromConfigDefaults() {
  return parseBookingSettings({ rules: {} }).rules;
}

import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.ts';
import {
  compileTemplate,
  formatNoticeTime,
  loadNoticeTemplates,
  type NoticeData,
  renderBookingNotice,
  renderTemplate,
} from './notification-templates.ts';

const visit: NoticeData = {
  serviceName: '儿科',
  resourceName: '王医生',
  start: new Date('2026-12-01T01:30:00Z'), // 09:30 in Shanghai, a Tuesday
  timeZone: 'Asia/Shanghai',
  confirmationCode: 'K7Q2-9M',
  location: '门诊楼 3 层',
};

describe('formatNoticeTime', () => {
  it('writes the tenant’s local time in each language', () => {
    expect(formatNoticeTime(visit.start, 'Asia/Shanghai', 'zh-CN')).toEqual({
      date: '2026年12月1日（周二）',
      time: '上午 09:30',
    });
    expect(formatNoticeTime(visit.start, 'Asia/Shanghai', 'en')).toEqual({
      date: 'Tue 1 Dec 2026',
      time: '9:30 AM',
    });
    const afternoon = new Date('2026-12-06T06:05:00Z'); // Sunday 14:05 in Shanghai
    expect(formatNoticeTime(afternoon, 'Asia/Shanghai', 'zh-CN')).toEqual({
      date: '2026年12月6日（周日）',
      time: '下午 02:05',
    });
    expect(formatNoticeTime(afternoon, 'Asia/Shanghai', 'en').time).toBe('2:05 PM');
    const noon = new Date('2026-12-01T04:00:00Z');
    expect(formatNoticeTime(noon, 'Asia/Shanghai', 'zh-CN').time).toBe('下午 12:00');
    expect(formatNoticeTime(noon, 'Asia/Shanghai', 'en').time).toBe('12:00 PM');
    const midnight = new Date('2026-11-30T16:00:00Z');
    expect(formatNoticeTime(midnight, 'Asia/Shanghai', 'zh-CN').time).toBe('上午 00:00');
    expect(formatNoticeTime(midnight, 'Asia/Shanghai', 'en').time).toBe('12:00 AM');
    // The same instant is the evening before in New York.
    expect(formatNoticeTime(visit.start, 'America/New_York', 'zh-CN')).toEqual({
      date: '2026年11月30日（周一）',
      time: '晚上 08:30',
    });
  });
});

describe('renderBookingNotice', () => {
  it('renders the built-in texts', () => {
    expect(renderBookingNotice('confirmation', 'zh-CN', visit)).toBe(
      '预约成功：儿科（王医生），时间 2026年12月1日（周二）上午 09:30，地点：门诊楼 3 层。确认码：K7Q2-9M。如需改约或取消，请提前与我们联系。',
    );
    const tour = { ...visit, serviceName: 'Campus tour', resourceName: undefined, location: undefined };
    expect(renderBookingNotice('reminder', 'en', tour)).toBe(
      'Reminder: your booking for Campus tour is on Tue 1 Dec 2026, 9:30 AM. Confirmation code: K7Q2-9M.',
    );
    expect(
      renderBookingNotice('cancellation', 'en', {
        ...visit,
        serviceName: 'Paediatrics',
        resourceName: 'Dr Wang',
      }),
    ).toBe(
      'Your booking for Paediatrics with Dr Wang on Tue 1 Dec 2026, 9:30 AM has been cancelled. Confirmation code: K7Q2-9M. You are welcome to book again at any time.',
    );
    expect(renderBookingNotice('reminder', 'zh-CN', visit)).toContain(
      '将于 2026年12月1日（周二）上午 09:30 开始',
    );
    expect(renderBookingNotice('cancellation', 'zh-CN', visit)).toContain('已取消');
    expect(renderBookingNotice('confirmation', 'en', visit)).toContain('at 门诊楼 3 层');
  });

  it('uses a tenant template where one is loaded, the built-in text elsewhere', () => {
    const templates = loadNoticeTemplates({
      reminder: {
        'zh-CN':
          '【示例医院】{serviceName}{resourceName} 提醒：{date}{time}，凭 {confirmationCode} 取号。{{不变}}',
      },
    });
    expect(renderBookingNotice('reminder', 'zh-CN', visit, templates)).toBe(
      '【示例医院】儿科王医生 提醒：2026年12月1日（周二）上午 09:30，凭 K7Q2-9M 取号。{不变}',
    );
    expect(renderBookingNotice('reminder', 'en', visit, templates)).toMatch(/^Reminder:/);
  });
});

describe('templates', () => {
  it('fail at load for an unknown placeholder, naming where', () => {
    let error: unknown;
    try {
      loadNoticeTemplates({ confirmation: { en: 'See you {when}, {patientName}!' } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).issues).toEqual([
      { path: 'confirmation.en', message: expect.stringContaining('unknown placeholder {patientName}') },
    ]);
  });

  it('fail at load for a bad shape', () => {
    expect(() => loadNoticeTemplates({ reminder: { fr: 'Rappel' } })).toThrow(AppError);
    expect(() => loadNoticeTemplates({ noshow: {} })).toThrow(AppError);
    expect(() => loadNoticeTemplates({ reminder: { en: '' } })).toThrow(AppError);
    expect(loadNoticeTemplates({})).toEqual({});
  });

  it.each([
    ['Hello {', 'does not open a placeholder'],
    ['Hello {}', 'does not open a placeholder'],
    ['Hello {when', 'does not open a placeholder'],
    ['Hello {1st}', 'does not open a placeholder'],
    ['Hello }', 'closes no placeholder'],
    ['Hello {nope}', 'unknown placeholder {nope}'],
  ])('reject %j', (source, message) => {
    expect(() => compileTemplate(source)).toThrow(message);
  });

  it('renders a text template against the values it is given', () => {
    expect(renderTemplate('{a} and {b}, {{a}}', { a: '1', b: '2' })).toBe('1 and 2, {a}');
    expect(() => renderTemplate('{a} and {c}', { a: '1' })).toThrow('unknown placeholder {c}');
    expect(compileTemplate('{when}!').parts).toEqual([{ name: 'when' }, '!']);
  });
});

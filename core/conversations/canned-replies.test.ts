import { describe, expect, it } from 'vitest';
import {
  bodyFor,
  firstNameOf,
  NEUTRAL,
  renderTemplate,
  replyProblems,
  templateProblems,
  variablesOf,
} from './canned-replies.ts';

const values = {
  'contact.firstName': 'Ann',
  'contact.name': 'Ann Lee',
  'agent.displayName': 'Agent 7',
  'tenant.name': 'Synthetic Clinic',
} as const;

describe('canned reply templates', () => {
  it('renders every known variable, spaces inside the braces allowed, each occurrence', () => {
    const body =
      'Hi {{contact.firstName}}, I am {{ agent.displayName }} of {{tenant.name}}. {{contact.firstName}}?';
    expect(renderTemplate(body, values)).toBe('Hi Ann, I am Agent 7 of Synthetic Clinic. Ann?');
    expect([...variablesOf(body)].sort()).toEqual(['agent.displayName', 'contact.firstName', 'tenant.name']);
  });

  it('renders the neutral words when a value may not be shown', () => {
    expect(renderTemplate('{{contact.firstName}}您好，我是{{agent.displayName}}。', NEUTRAL['zh-CN'])).toBe(
      '访客您好，我是客服。',
    );
    expect(renderTemplate('Hello {{contact.name}}', NEUTRAL.en)).toBe('Hello visitor');
  });

  it.each([
    ['{{contact.frstName}}', /unknown variable \{\{contact\.frstName\}\}/],
    ['{{contact.phone}}', /unknown variable/],
    ['{{}}', /unknown variable/],
    ['Hello {{contact.firstName}', /does not close/],
    ['Hello }} there', /does not close/],
    ['{{ {{tenant.name}} }}', /does not close/],
  ])('refuses %s', (body, problem) => {
    expect(templateProblems(body).join('; ')).toMatch(problem);
  });

  it('accepts plain text and known variables', () => {
    expect(templateProblems('谢谢，再见')).toEqual([]);
    expect(templateProblems('{{tenant.name}} {{contact.name}}')).toEqual([]);
  });

  it('names the field of each problem, and requires a body', () => {
    expect(
      replyProblems({
        shortcut: 'Greeting!',
        title: ' ',
        bodies: { en: 'Hi {{contact.nickname}}', 'zh-CN': '您好' },
      }).map((i) => i.path),
    ).toEqual(['shortcut', 'title', 'bodies.en']);
    expect(replyProblems({ shortcut: 'ok', title: 'Ok', bodies: {} }).map((i) => i.path)).toEqual(['bodies']);
    expect(replyProblems({ shortcut: 'ok', title: 'Ok', bodies: { en: 'fine' } })).toEqual([]);
  });

  it("picks the conversation's language, else the other", () => {
    expect(bodyFor({ 'zh-CN': '您好', en: 'Hello' }, 'en')).toBe('Hello');
    expect(bodyFor({ 'zh-CN': '您好' }, 'en')).toBe('您好');
    expect(bodyFor({ en: 'Hello' }, 'zh-CN')).toBe('Hello');
  });

  it('takes the first word of a spaced name, a Chinese name whole', () => {
    expect(firstNameOf('Ann Lee')).toBe('Ann');
    expect(firstNameOf('  王小明 ')).toBe('王小明');
    expect(firstNameOf('访客 3F2A')).toBe('访客');
  });
});

import type { FieldIssue } from '../errors/app-error.ts';
import type { ChatLocale } from './conversation.ts';

/**
 * Canned replies: tenant-written templates that staff send in one click. A body per locale may
 * name variables, filled in on the server when the reply is sent; a template that names anything
 * else is refused when it is saved, so a typo never reaches a patient as `{{contact.frstName}}`.
 */
export const TEMPLATE_VARIABLES = [
  'contact.firstName',
  'contact.name',
  'agent.displayName',
  'tenant.name',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type TemplateValues = Readonly<Record<TemplateVariable, string>>;

export type ReplyBodies = Readonly<Partial<Record<ChatLocale, string>>>;

export interface CannedReply {
  readonly tenantId: string;
  readonly id: string;
  /** What staff type to find it (`/greeting`): lower-case letters, digits and `-`. */
  readonly shortcut: string;
  readonly title: string;
  readonly bodies: ReplyBodies;
  readonly createdBy: string;
  readonly updatedBy: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface CannedReplyInput {
  readonly shortcut: string;
  readonly title: string;
  readonly bodies: ReplyBodies;
}

export const SHORTCUT = /^[a-z0-9][a-z0-9-]{0,47}$/;
export const MAX_TITLE = 100;
export const MAX_REPLY_BODY = 2000;

/**
 * What a variable becomes when its value may not or cannot be shown: the caller's ability does not
 * permit the contact's name, the contact was erased, the agent has no display name. A word that
 * reads naturally in a greeting ("您好，访客" / "Hello visitor"), as the widget names visitors.
 */
export const NEUTRAL: Readonly<Record<ChatLocale, TemplateValues>> = {
  'zh-CN': {
    'contact.firstName': '访客',
    'contact.name': '访客',
    'agent.displayName': '客服',
    'tenant.name': '我们',
  },
  en: {
    'contact.firstName': 'visitor',
    'contact.name': 'visitor',
    'agent.displayName': 'your agent',
    'tenant.name': 'us',
  },
};

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

const isVariable = (name: string): name is TemplateVariable =>
  (TEMPLATE_VARIABLES as readonly string[]).includes(name);

/** The variables a body names (each once). */
export function variablesOf(body: string): Set<TemplateVariable> {
  const found = new Set<TemplateVariable>();
  for (const [, name] of body.matchAll(PLACEHOLDER)) if (name && isVariable(name)) found.add(name);
  return found;
}

/** Problems of one body: unknown variables, stray braces. Empty when it may be saved. */
export function templateProblems(body: string): string[] {
  const problems: string[] = [];
  for (const [, name] of body.matchAll(PLACEHOLDER)) {
    if (!isVariable(name ?? ''))
      problems.push(`unknown variable {{${name}}}; known: ${TEMPLATE_VARIABLES.join(', ')}`);
  }
  const rest = body.replaceAll(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) problems.push('a {{ or }} that does not close a variable');
  return problems;
}

/** Checks a reply before it is saved; each problem names its field (`bodies.en`). */
export function replyProblems(input: CannedReplyInput): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (typeof input.shortcut !== 'string' || !SHORTCUT.test(input.shortcut))
    issues.push({ path: 'shortcut', message: `expected ${SHORTCUT}` });
  const title = typeof input.title === 'string' ? input.title.trim() : '';
  if (title.length < 1 || title.length > MAX_TITLE)
    issues.push({ path: 'title', message: `expected 1 to ${MAX_TITLE} characters` });
  const bodies = Object.entries(input.bodies ?? {});
  if (bodies.length === 0) issues.push({ path: 'bodies', message: 'expected a body in zh-CN or en' });
  for (const [locale, body] of bodies) {
    const path = `bodies.${locale}`;
    if (locale !== 'zh-CN' && locale !== 'en') issues.push({ path, message: 'expected zh-CN or en' });
    else if (typeof body !== 'string' || body.trim().length < 1 || body.length > MAX_REPLY_BODY)
      issues.push({ path, message: `expected 1 to ${MAX_REPLY_BODY} characters` });
    else for (const message of templateProblems(body)) issues.push({ path, message });
  }
  return issues;
}

/** The body for a conversation in `locale`, else the other language's. */
export function bodyFor(bodies: ReplyBodies, locale: ChatLocale): string {
  const body = bodies[locale] ?? bodies[locale === 'en' ? 'zh-CN' : 'en'];
  if (body === undefined) throw new TypeError('a canned reply has at least one body');
  return body;
}

/** Fills in every variable (the body was checked on save, so each is known). */
export function renderTemplate(body: string, values: TemplateValues): string {
  return body.replaceAll(PLACEHOLDER, (whole, name: string) => (isVariable(name) ? values[name] : whole));
}

/**
 * A first name from a display name: its first word where words are spaced ("Ann Lee" → "Ann");
 * the whole name otherwise ("王小明": Chinese names are addressed whole, or by title).
 */
export function firstNameOf(displayName: string): string {
  const trimmed = displayName.trim();
  return trimmed.split(/\s+/)[0] || trimmed;
}

import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testDialect } from '../testing/test-db.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

// Debian's Chromium, installed by .ci/run (`apt-get install chromium`); never a downloaded build.
const CHROMIUM = '/usr/bin/chromium';

let db: TestDb;
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  db = await createTestDb();
  server = await startTestServer(db);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db?.destroy();
});

const SEEDER = { kind: 'system', id: 'test-seed', role: 'platform_operator' } as const;
const PASSWORD = 'synthetic-password-0002';

/** A new tab on the test tenant's page, collecting script errors (each test ends with none). */
async function openChat(options: { fakeClock?: boolean } = {}): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  // The page's timers under the test's control (its clock starts at the real time and runs on).
  if (options.fakeClock) await page.clock.install();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  const response = await page.goto(`${server.url}/chat/${server.tenant.slug}`);
  // The controls live under the page's strict policy: no inline script, same-origin connections.
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'; connect-src 'self';");
  await expect.poll(() => page.locator('#log .m').count(), { timeout: 10_000 }).toBe(1);
  return { page, errors };
}

/** The widget credential the page keeps in its tab. */
async function visitOf(page: Page): Promise<{ token: string; conversationId: string; locale: string }> {
  const key = `custos-visit:${server.tenant.slug}`;
  // Runs in the page; the project's types have no DOM, so the storage is named through globalThis.
  const raw = await page.evaluate(
    (k) =>
      (
        globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }
      ).sessionStorage.getItem(k),
    key,
  );
  return JSON.parse(raw ?? 'null');
}

const api = (path: string, token: string, body?: unknown) =>
  fetch(`${server.url}/api/v1/tenants/${server.tenant.slug}/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** An agent of the front desk, signed in with a password for a real access token. */
async function agentToken(): Promise<string> {
  const loginName = `agent-${randomUUID().slice(0, 8)}`;
  await server.runtime.identity.users.create(SEEDER, {
    tenantSlug: server.tenant.slug,
    loginName,
    roles: ['agent'],
    queueIds: ['front-desk'],
    password: PASSWORD,
  });
  const response = await fetch(`${server.url}/api/v1/tenants/${server.tenant.slug}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ loginName, password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/**
 * The front desk's hours as a tenant admin saves them: `closed` makes yesterday, today and tomorrow
 * (Shanghai) holidays, so the queue is closed whenever the test runs; otherwise open all day.
 */
async function frontDeskHours(closed: boolean) {
  const day = (offset: number) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(Date.now() + offset * 86_400_000);
  const admin = {
    kind: 'staff',
    id: randomUUID(),
    role: 'tenant_admin',
    tenantId: server.tenant.id,
    roles: ['tenant_admin'],
    mfa: true,
  } as Parameters<TestServer['runtime']['routing']['saveQueueSettings']>[0];
  await server.runtime.routing.saveQueueSettings(admin, server.tenant, {
    queueId: 'front-desk',
    names: { 'zh-CN': '前台', en: 'Front desk' },
    mode: 'auto',
    firstResponseSeconds: null,
    resolutionSeconds: null,
    businessHours: closed
      ? {
          timeZone: 'Asia/Shanghai',
          weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
          holidays: [day(-1), day(0), day(1)],
        }
      : null,
    outOfHoursMessage: null,
  });
}

describe(`the demo chat page in Chromium on ${testDialect()}`, () => {
  it('greets, answers in both languages with citations, and resumes after a reload', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${server.url}/chat/demo-test`);
    const bubbles = page.locator('#log .m');
    await expect.poll(() => bubbles.count(), { timeout: 10_000 }).toBe(1);
    expect(await bubbles.first().getAttribute('class')).toContain('bot');

    await page.fill('#text', '你们几点开门');
    await page.press('#text', 'Enter');
    await expect.poll(() => bubbles.count(), { timeout: 10_000 }).toBe(3);
    expect(await bubbles.nth(1).getAttribute('class')).toContain('contact');
    expect(await bubbles.nth(2).locator('.cite').count()).toBe(1);

    await page.fill('#text', 'where can I park?');
    await page.press('#text', 'Enter');
    await expect.poll(() => bubbles.count(), { timeout: 10_000 }).toBe(5);
    const answer = (await bubbles.nth(4).textContent()) ?? '';
    expect(answer).toMatch(/park/i);

    // A reload keeps the visit (sessionStorage) and shows the conversation once, without gaps.
    await page.reload();
    await expect.poll(() => bubbles.count(), { timeout: 10_000 }).toBe(5);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });

  it('asks for a rating once the agent closes the conversation, and stores the one given', async () => {
    const { page, errors } = await openChat();
    await page.fill('#text', '转人工');
    await page.press('#text', 'Enter');
    // Queued: the waiting line shows the place read from the queue-position route.
    const line = page.locator('#queue-line');
    await line.filter({ hasText: '你是第 1 位' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('#callback-open').isHidden()).toBe(true);
    const visit = await visitOf(page);

    // An agent signs in, takes the conversation — the line goes — and closes it as resolved.
    const agent = await agentToken();
    expect((await api(`conversations/${visit.conversationId}/claim`, agent, {})).status).toBe(200);
    await page.locator('#queue').waitFor({ state: 'hidden', timeout: 10_000 });
    const closed = await api(`conversations/${visit.conversationId}/close`, agent, {
      disposition: 'resolved',
    });
    expect(closed.status).toBe(200);

    // The bot's request brings the control: a group of five choices, usable with the keyboard.
    const rating = page.locator('fieldset.csat');
    await rating.waitFor({ timeout: 10_000 });
    const radios = rating.getByRole('radio');
    expect(await radios.count()).toBe(5);
    expect(await radios.nth(3).getAttribute('aria-label')).toBe('4 分，满意');
    await rating.locator('label', { hasText: '4' }).click();
    expect(await radios.nth(3).isChecked()).toBe(true);
    await radios.nth(3).focus();
    await page.keyboard.press('ArrowRight');
    expect(await radios.nth(4).isChecked()).toBe(true);
    await page.keyboard.press('ArrowLeft');
    expect(await radios.nth(3).isChecked()).toBe(true);
    await rating.locator('textarea').fill('Synthetic comment');
    await rating.getByRole('button').click();
    await page.locator('.csat-thanks', { hasText: '感谢你的评价' }).waitFor({ timeout: 10_000 });
    expect(await rating.count()).toBe(0);

    const { rows } = await sql<{ score: number }>`
      select score from csat_responses
      where tenant_id = ${server.tenant.id} and conversation_id = ${visit.conversationId}`.execute(db.db);
    expect(rows).toEqual([{ score: 4 }]);
    // Once: the route refuses a second rating; the reloaded page shows the thanks, not the control.
    expect((await api(`conversations/${visit.conversationId}/csat`, visit.token, { score: 1 })).status).toBe(
      409,
    );
    await page.reload();
    await page.locator('.csat-thanks').waitFor({ timeout: 10_000 });
    expect(await page.locator('fieldset.csat').count()).toBe(0);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });

  it('offers a callback while the queue is closed and stores the request', async () => {
    await frontDeskHours(true);
    try {
      const { page, errors } = await openChat();
      // In English: the language switch starts a new visit in that language.
      await Promise.all([page.waitForEvent('load'), page.selectOption('#lang', 'en')]);
      await expect.poll(() => page.locator('#log .m').count(), { timeout: 10_000 }).toBe(1);
      const visit = await visitOf(page);
      expect(visit.locale).toBe('en');

      await page.fill('#text', 'talk to a person');
      await page.press('#text', 'Enter');
      await page.locator('#queue-line', { hasText: 'We are closed right now' }).waitFor({ timeout: 10_000 });
      const open = page.getByRole('button', { name: 'Request a callback' });
      await open.waitFor();
      expect(await open.getAttribute('aria-expanded')).toBe('false');
      expect(await page.locator('#callback-form').isHidden()).toBe(true);
      await open.click();
      expect(await page.locator('#callback-time').isVisible()).toBe(true);
      expect(await open.getAttribute('aria-expanded')).toBe('true');
      // Free text the server does not take as a time goes at the head of the note.
      await page.fill('#callback-time', 'weekday after 3 pm');
      await page.fill('#callback-note', 'Synthetic note');
      await page.click('#callback-send');
      await page
        .locator('#callback-done', { hasText: 'callback request is received' })
        .waitFor({ timeout: 10_000 });
      expect(await open.isHidden()).toBe(true);
      expect(await page.locator('#callback-form').isHidden()).toBe(true);

      const { rows } = await sql<{ status: string; preferred_part: string | null }>`
        select status, preferred_part from callback_requests
        where tenant_id = ${server.tenant.id} and conversation_id = ${visit.conversationId}`.execute(db.db);
      expect(rows).toEqual([{ status: 'open', preferred_part: null }]);
      const listed = await api(`conversations/${visit.conversationId}/callback-requests`, await agentToken());
      expect(listed.status).toBe(200);
      const { items } = (await listed.json()) as { items: { note: string | null }[] };
      expect(items.map((i) => i.note)).toEqual(['Preferred time: weekday after 3 pm\nSynthetic note']);

      // The page read again shows the request as made, without the button.
      await page.reload();
      await page.locator('#callback-done').waitFor({ timeout: 10_000 });
      expect(await open.isHidden()).toBe(true);
      expect(errors, errors.join('\n')).toEqual([]);
      await page.close();
    } finally {
      await frontDeskHours(false);
    }
  });

  it('reads the place in line again every 30 s while queued, and stops once assigned', async () => {
    await frontDeskHours(false);
    // Someone else is waiting first: a visitor on the REST channel who asked for a person.
    const started = await fetch(`${server.url}/api/v1/tenants/${server.tenant.slug}/chat/visits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ locale: 'zh-CN' }),
    });
    const first = (await started.json()) as { token: string; conversationId: string };
    const asked = await api(`conversations/${first.conversationId}/messages`, first.token, {
      clientMessageId: 'first-1',
      text: '转人工',
    });
    expect(asked.status).toBe(201);
    const placeOf = async (conversationId: string, token: string) =>
      (await (await api(`conversations/${conversationId}/queue-position`, token)).json()) as {
        status: string;
        position: number | null;
      };
    await expect.poll(async () => (await placeOf(first.conversationId, first.token)).status).toBe('queued');
    const ahead = (await placeOf(first.conversationId, first.token)).position ?? 0;

    const { page, errors } = await openChat({ fakeClock: true });
    await page.fill('#text', '转人工');
    await page.press('#text', 'Enter');
    const line = page.locator('#queue-line');
    await line.filter({ hasText: `你是第 ${ahead + 1} 位` }).waitFor({ timeout: 10_000 });
    // From here the page's time moves only when the test says.
    await page.clock.pauseAt(Date.now() + 1_000);

    // The first visitor is taken: nothing tells this page, until its next reading of the line.
    const agent = await agentToken();
    expect((await api(`conversations/${first.conversationId}/claim`, agent, {})).status).toBe(200);
    expect(await line.textContent()).toContain(`你是第 ${ahead + 1} 位`);
    await page.clock.runFor(30_000);
    await line.filter({ hasText: `你是第 ${ahead} 位` }).waitFor({ timeout: 10_000 });

    const visit = await visitOf(page);
    expect((await api(`conversations/${visit.conversationId}/claim`, agent, {})).status).toBe(200);
    await page.locator('#queue').waitFor({ state: 'hidden', timeout: 10_000 });
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });
});

import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
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
});

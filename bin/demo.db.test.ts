import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provideCliDatabase, spawnCli } from '../testing/cli.ts';
import { testDialect } from '../testing/test-db.ts';

/** Starts `custos demo` and resolves with everything it printed up to the end of its banner. */
function startDemo(env: Record<string, string>) {
  const child = spawnCli(['demo'], env);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const banner = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('Stop with Ctrl-C.')) resolve(out);
    });
    child.once('exit', (code) => reject(new Error(`demo exited with ${code}:\n${out}`)));
  });
  return { child, exited, banner };
}

describe(`custos demo on ${testDialect()}`, () => {
  const env: Record<string, string> = {
    CUSTOS_DATA_DIR: mkdtempSync(join(tmpdir(), 'custos-demo-')),
    CUSTOS_PORT: '0',
  };
  let dropDatabase = async () => {};
  beforeAll(async () => {
    dropDatabase = await provideCliDatabase(env);
  });
  afterAll(() => dropDatabase());

  it('prints working demo logins, keeps them across restarts and stops cleanly', async () => {
    const first = startDemo(env);
    const banner = await first.banner;
    const url = /Home\s+(http:\/\/\S+)\//.exec(banner)?.[1] as string;
    expect(banner).toContain('demo-hospital');
    expect(banner).toContain('demo-school');
    const agent = /demo-hospital\s+demo-agent\s+(\S+)\s+agent/.exec(banner)?.[1] as string;
    expect(agent).toMatch(/^[\w-]{16}$/);
    expect(banner).toMatch(/demo-school\s+demo-admin\s+\S+\s+tenant_admin\s+\(TOTP: otpauth:\/\/totp\//);

    const login = await fetch(`${url}/api/v1/tenants/demo-hospital/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ loginName: 'demo-agent', password: agent }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const me = await fetch(`${url}/api/v1/tenants/demo-hospital/auth/me`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(me.status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = startDemo(env);
    expect(await second.banner).toContain(`demo-agent  ${agent}`);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    // The first start migrates, seeds both verticals (their FAQ, logins, schedules) and trains
    // their models: on a 2-core machine well over the default limit.
  }, 120_000);
});

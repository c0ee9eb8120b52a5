import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BookingAccess, loadConfig } from '../core/index.ts';
import { collect, provideCliDatabase, spawnCli } from '../testing/cli.ts';
import { silentLogger, testDialect } from '../testing/test-db.ts';
import { openRuntime } from './runtime.ts';

/**
 * The acceptance test of booking under contention: 200 concurrent attempts on the last places of
 * one slot, from two processes, give exactly as many appointments as the slot has places; every
 * other attempt is a 409 `slot-taken` with alternatives. On PostgreSQL two `custos serve`
 * processes share the database; embedded PGlite belongs to one process (its data directory is
 * locked), so there one server takes the requests of two client processes.
 */
const postgres = testDialect() === 'postgres';
const SLUG = 'contention-clinic';
const PASSWORD = 'a long synthetic passphrase';
const ATTEMPTS_PER_PROCESS = 100;

const env: Record<string, string> = {
  CUSTOS_DATA_DIR: mkdtempSync(join(tmpdir(), 'custos-booking-two-')),
  CUSTOS_PORT: '0',
  CUSTOS_RATE_LIMIT: '0',
  CUSTOS_ROOT_KEY: Buffer.alloc(32, 11).toString('base64'),
  CUSTOS_OPERATOR_TOKEN: 'c'.repeat(40),
};

interface Attempt {
  readonly status: number;
  readonly type?: string;
  readonly alternatives: number;
}

/** Posts every body at once (Promise.all of fetches) and reports each answer. */
async function fire(url: string, token: string, bodies: readonly unknown[]): Promise<Attempt[]> {
  return Promise.all(
    bodies.map(async (body) => {
      const response = await fetch(`${url}/api/v1/tenants/${SLUG}/booking/appointments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      const answer = (await response.json()) as { details?: { type?: string; alternatives?: unknown[] } };
      return {
        status: response.status,
        ...(answer.details?.type ? { type: answer.details.type } : {}),
        alternatives: answer.details?.alternatives?.length ?? 0,
      };
    }),
  );
}

/** The same, from a child `node` process: a second client process on the one PGlite server. */
const CLIENT = `
const { url, token, bodies, slug } = JSON.parse(process.env.BOOKING_CLIENT);
const answers = await Promise.all(bodies.map(async (body) => {
  const response = await fetch(url + '/api/v1/tenants/' + slug + '/booking/appointments', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  const details = answer.details ?? {};
  return { status: response.status, ...(details.type ? { type: details.type } : {}),
    alternatives: details.alternatives?.length ?? 0 };
}));
process.stdout.write(JSON.stringify(answers));
`;

async function fireFromChild(url: string, token: string, bodies: readonly unknown[]): Promise<Attempt[]> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', CLIENT], {
    env: { PATH: process.env.PATH ?? '', BOOKING_CLIENT: JSON.stringify({ url, token, bodies, slug: SLUG }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const result = await collect(child);
  if (result.code !== 0) throw new Error(`client process exited with ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as Attempt[];
}

function startServer() {
  const child = spawnCli(['serve'], { ...env, CUSTOS_LOG_LEVEL: 'info' });
  let buffer = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const match =
        /"msg":"listening"[^\n]*"url":"(http:\/\/[^"]+)"|"url":"(http:\/\/[^"]+)"[^\n]*"msg":"listening"/.exec(
          buffer,
        );
      const found = match?.[1] ?? match?.[2];
      if (found) resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`custos serve exited with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

async function withRuntime<T>(work: (runtime: Awaited<ReturnType<typeof openRuntime>>) => Promise<T>) {
  const runtime = await openRuntime(loadConfig({ ...env, CUSTOS_LOG_LEVEL: 'silent' }), silentLogger, {
    migrate: true,
  });
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

/** A local date in Shanghai, `days` from today. */
const shanghaiDate = (days: number) =>
  new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

const window = (start: string, end: string, capacity: number) => ({ start, end, slotMinutes: 30, capacity });

describe(`booking contention from two processes on ${testDialect()}`, () => {
  let drop = async () => {};
  const servers: ReturnType<typeof startServer>[] = [];
  const slots = { one: '', five: '' };
  let contacts: string[] = [];

  beforeAll(async () => {
    drop = await provideCliDatabase(env);
    // Seeded before any server starts: PGlite's data directory is one process's at a time.
    await withRuntime(async (runtime) => {
      const operator = { kind: 'system', id: 'contention-seed', role: 'platform_operator' } as const;
      const tenant = await runtime.tenants.create(operator, {
        slug: SLUG,
        name: 'Synthetic contention clinic',
        vertical: 'medical',
        locale: 'zh-CN',
        timeZone: 'Asia/Shanghai',
      });
      await runtime.identity.users.create(operator, {
        tenantSlug: SLUG,
        loginName: 'front.desk',
        roles: ['agent'],
        password: PASSWORD,
      });
      const access: BookingAccess = {
        tenantId: tenant.id,
        actor: { id: randomUUID(), tenantId: tenant.id, roles: ['tenant_admin'], mfa: true },
        auditActor: { kind: 'system', id: 'contention-seed', role: 'tenant_admin' },
      };
      const names = { 'zh-CN': '测试科', en: 'Test clinic' };
      await runtime.booking.createService(access, { code: 'contention', names, durationMinutes: 30 });
      const dayOne = shanghaiDate(3);
      const dayTwo = shanghaiDate(4);
      const rooms = [
        // The contended slots: one place, and five places on the next day.
        { code: 'room-one', date: dayOne, windows: [window('10:00', '10:30', 1)] },
        { code: 'room-five', date: dayTwo, windows: [window('10:00', '10:30', 5)] },
        // Other free slots of the service, to be offered instead.
        { code: 'room-spare', date: dayOne, windows: [window('14:00', '16:00', 1)] },
      ];
      for (const room of rooms) {
        await runtime.booking.createResource(access, {
          code: room.code,
          kind: 'room',
          names,
          serviceCode: 'contention',
        });
        const { id } = await runtime.booking.createSchedule(access, {
          serviceCode: 'contention',
          resourceCode: room.code,
          definition: {
            timeZone: 'Asia/Shanghai',
            weekly: [],
            exceptions: [{ date: room.date, windows: room.windows }],
          },
        });
        await runtime.booking.generateSlots(access, id, room.date, room.date);
      }
      const slotOf = async (code: string) =>
        (
          await runtime.database.db
            .selectFrom('booking_slots as s')
            .innerJoin('booking_resources as r', 'r.resource_id', 's.resource_id')
            .select('s.slot_id')
            .where('r.code', '=', code)
            .executeTakeFirstOrThrow()
        ).slot_id;
      slots.one = await slotOf('room-one');
      slots.five = await slotOf('room-five');
      for (let i = 0; i < 2 * ATTEMPTS_PER_PROCESS; i++)
        contacts.push(await runtime.contacts.createVisitor(tenant.id, `测试患者${i}`));
    });
    servers.push(startServer());
    await servers[0]!.url;
    if (postgres) {
      servers.push(startServer());
      await servers[1]!.url;
    }
  }, 240_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await drop();
    contacts = [];
  });

  async function contend(slotId: string, round: string): Promise<Attempt[]> {
    const urls = await Promise.all(servers.map((s) => s.url));
    const signIn = await fetch(`${urls[0]}/api/v1/tenants/${SLUG}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ loginName: 'front.desk', password: PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    const { accessToken } = (await signIn.json()) as { accessToken: string };
    const bodies = contacts.map((contactId, i) => ({
      slotId,
      contactId,
      idempotencyKey: `${round}-${i}`,
    }));
    const halves = [bodies.slice(0, ATTEMPTS_PER_PROCESS), bodies.slice(ATTEMPTS_PER_PROCESS)];
    const answers = postgres
      ? await Promise.all(halves.map((half, i) => fire(urls[i]!, accessToken, half)))
      : await Promise.all(halves.map((half) => fireFromChild(urls[0]!, accessToken, half)));
    return answers.flat();
  }

  const expectOutcome = (attempts: Attempt[], places: number) => {
    expect(attempts).toHaveLength(2 * ATTEMPTS_PER_PROCESS);
    const booked = attempts.filter((a) => a.status === 201);
    const refused = attempts.filter((a) => a.status !== 201);
    expect(booked).toHaveLength(places);
    expect(refused).toHaveLength(2 * ATTEMPTS_PER_PROCESS - places);
    for (const attempt of refused) {
      expect(attempt).toMatchObject({ status: 409, type: 'slot-taken' });
      expect(attempt.alternatives).toBeGreaterThan(0);
    }
  };

  it('gives the last place of a slot to exactly one of 200 attempts, and five places to five', async () => {
    expectOutcome(await contend(slots.one, 'one'), 1);
    expectOutcome(await contend(slots.five, 'five'), 5);

    // Counted in the database, once every server has stopped (PGlite is one process's at a time).
    await Promise.all(servers.map((s) => s.stop()));
    const counts = await withRuntime(async (runtime) =>
      runtime.database.db
        .selectFrom('appointments')
        .select([
          'slot_id',
          (eb) => eb.fn.countAll<string>().as('n'),
          (eb) => eb.fn.count<string>('place').distinct().as('places'),
        ])
        .where('status', '=', 'booked')
        .groupBy('slot_id')
        .execute(),
    );
    const bySlot = new Map(counts.map((row) => [row.slot_id, [Number(row.n), Number(row.places)]]));
    expect(bySlot.get(slots.one)).toEqual([1, 1]);
    expect(bySlot.get(slots.five)).toEqual([5, 5]);
    expect(counts).toHaveLength(2);
  }, 240_000);
});

/**
 * Booking, in one run: free-slot search p50/p99 through `scheduler.findSlots` over random
 * (service, date, part of day) queries against 100 resources × 90 days × 16 slots a day
 * (144,000 slots), with its ratio to a plain indexed select of 3 slot rows measured in the same
 * run; then bookings per second under contention (concurrent `book` calls spread over a few
 * slots) with its ratio to plain single-row inserts at the same concurrency. PGlite by default;
 * CUSTOS_DATABASE_URL (an admin URL: a scratch database is created and dropped) for PostgreSQL.
 * All data is synthetic.
 *
 *   node --import tsx bench/booking.ts [--queries 2000] [--attempts 400] [--slots 20] [--concurrency 50]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { type BookingAccess, currentDataScope, isBookingError } from '../core/index.ts';
import { createTestApp } from '../testing/test-app.ts';
import { createTestDb } from '../testing/test-db.ts';

const { values } = parseArgs({
  options: {
    queries: { type: 'string', default: '2000' },
    attempts: { type: 'string', default: '400' },
    slots: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '50' },
  },
});
const QUERIES = Number(values.queries);
const ATTEMPTS = Number(values.attempts);
const CONTENDED = Number(values.slots);
const CONCURRENCY = Number(values.concurrency);
const SERVICES = 10;
const RESOURCES_PER_SERVICE = 10;
const DAYS = 90;
const PARTS = ['morning', 'afternoon', 'evening'] as const;

if (process.env.CUSTOS_DATABASE_URL) process.env.CUSTOS_TEST_DATABASE_URL = process.env.CUSTOS_DATABASE_URL;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
const round = (n: number, digits = 3) => Number(n.toFixed(digits));

async function timed(count: number, run: (i: number) => Promise<unknown>) {
  for (let i = 0; i < Math.min(100, count); i++) await run(i);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await run(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: round(percentile(times, 0.5)), p99: round(percentile(times, 0.99)) };
}

/** `total` tasks, `width` at a time; the rate in tasks per second. */
async function throughput(total: number, width: number, task: (i: number) => Promise<unknown>) {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < total) await task(next++);
    }),
  );
  return total / ((performance.now() - start) / 1000);
}

const rng = (() => {
  let state = 0x2545f491;
  return (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
})();

const db = await createTestDb();
const t = createTestApp(db);
const { runtime } = t;
const operator = { kind: 'system', id: 'bench', role: 'platform_operator' } as const;
const tenant = await runtime.tenants.create(operator, {
  slug: 'bench-booking',
  name: 'Synthetic bench clinic',
  vertical: 'medical',
  locale: 'zh-CN',
  timeZone: 'Asia/Shanghai',
});
const access: BookingAccess = {
  tenantId: tenant.id,
  actor: { id: randomUUID(), tenantId: tenant.id, roles: ['tenant_admin'], mfa: true },
  auditActor: { kind: 'system', id: 'bench', role: 'tenant_admin' },
};
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const dayAfter = (days: number) => new Date(Date.parse(today) + days * 86_400_000).toISOString().slice(0, 10);
const names = (text: string) => ({ 'zh-CN': text, en: text });
const window = (start: string, end: string) => ({
  weekdays: [1, 2, 3, 4, 5, 6, 7],
  start,
  end,
  slotMinutes: 30,
  capacity: 1,
});

const seedStart = performance.now();
let slotCount = 0;
for (let s = 0; s < SERVICES; s++) {
  const service = `service-${s}`;
  await runtime.booking.createService(access, { code: service, names: names(service), durationMinutes: 30 });
  for (let r = 0; r < RESOURCES_PER_SERVICE; r++) {
    const resource = `doctor-${s}-${r}`;
    await runtime.booking.createResource(access, {
      code: resource,
      kind: 'practitioner',
      names: names(resource),
      serviceCode: service,
    });
    const { id } = await runtime.booking.createSchedule(access, {
      serviceCode: service,
      resourceCode: resource,
      definition: { timeZone: 'Asia/Shanghai', weekly: [window('08:00', '12:00'), window('13:00', '17:00')] },
    });
    slotCount += (await runtime.booking.generateSlots(access, id, dayAfter(1), dayAfter(DAYS))).created;
  }
}
const seedSeconds = (performance.now() - seedStart) / 1000;
const app = runtime.database.rowSecured(currentDataScope);
await sql`analyze`.execute(runtime.database.db);

// Free-slot search against a plain indexed select of three slot rows.
const serviceIds = (
  await app.selectFrom('booking_services').select('service_id').where('tenant_id', '=', tenant.id).execute()
).map((row) => row.service_id);
const queries = Array.from({ length: QUERIES }, () => ({
  service: rng(SERVICES),
  date: dayAfter(1 + rng(DAYS - 1)),
  part: PARTS[rng(PARTS.length)]!,
}));
const search = await timed(QUERIES, (i) => {
  const q = queries[i]!;
  return runtime.scheduler.findSlots({
    tenantId: tenant.id,
    serviceCode: `service-${q.service}`,
    fromDate: q.date,
    toDate: q.date,
    partOfDay: q.part,
    limit: 3,
  });
});
const baseline = await timed(QUERIES, (i) => {
  const q = queries[i]!;
  return app
    .selectFrom('booking_slots')
    .select(['slot_id', 'starts_at', 'ends_at', 'capacity'])
    .where('tenant_id', '=', tenant.id)
    .where('service_id', '=', serviceIds[q.service]!)
    .where('starts_at', '>=', new Date(`${q.date}T00:00:00+08:00`))
    .orderBy('starts_at')
    .limit(3)
    .execute();
});

// Bookings under contention: every attempt a different contact, spread over a few slots.
const contacts: string[] = [];
for (let i = 0; i < ATTEMPTS; i++)
  contacts.push(await runtime.contacts.createVisitor(tenant.id, `测试患者${i}`));
const contended = (
  await app
    .selectFrom('booking_slots')
    .select('slot_id')
    .where('tenant_id', '=', tenant.id)
    .where('starts_at', '>=', new Date(`${dayAfter(2)}T00:00:00+08:00`))
    .orderBy('starts_at')
    .orderBy('slot_id')
    .limit(CONTENDED)
    .execute()
).map((row) => row.slot_id);
let booked = 0;
let taken = 0;
const bookingsPerSecond = await throughput(ATTEMPTS, CONCURRENCY, async (i) => {
  try {
    await runtime.scheduler.book({
      tenantId: tenant.id,
      slotId: contended[i % contended.length]!,
      contactId: contacts[i]!,
      idempotencyKey: `bench-${i}`,
      channel: 'staff',
    });
    booked++;
  } catch (error) {
    if (!isBookingError(error, 'slot-taken')) throw error;
    taken++;
  }
});
await sql`create table bench_inserts (id uuid primary key, n integer not null)`.execute(runtime.database.db);
const insertsPerSecond = await throughput(ATTEMPTS, CONCURRENCY, (i) =>
  sql`insert into bench_inserts (id, n) values (${randomUUID()}, ${i})`.execute(runtime.database.db),
);

const summary = {
  database: db.url ? 'postgresql' : 'pglite',
  seeding: { slots: slotCount, seconds: round(seedSeconds, 1) },
  search: {
    queries: QUERIES,
    p50Ms: search.p50,
    p99Ms: search.p99,
    baselineP50Ms: baseline.p50,
    baselineP99Ms: baseline.p99,
    ratioP99: round(search.p99 / baseline.p99, 2),
    targetP99Ms: 20,
    met: search.p99 < 20,
  },
  contention: {
    attempts: ATTEMPTS,
    slots: contended.length,
    concurrency: CONCURRENCY,
    booked,
    slotTaken: taken,
    attemptsPerSecond: round(bookingsPerSecond, 1),
    baselineInsertsPerSecond: round(insertsPerSecond, 1),
    ratio: round(bookingsPerSecond / insertsPerSecond, 3),
  },
};
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
await runtime.bus.close();
await db.destroy();

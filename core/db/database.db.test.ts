import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allMigrations, createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { migrateToLatest, migrationStatus } from './migrate.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db?.destroy();
});

describe(`database on ${testDialect()}`, () => {
  it('reports the dialect and its capabilities', () => {
    expect(db.dialect).toBe(testDialect());
    expect(db.capabilities.multiProcess).toBe(db.dialect === 'postgres');
  });

  it('maps values the same way on both dialects', async () => {
    const { rows } = await sql<{ big: number; bytes: Buffer; day: string; at: Date; doc: unknown }>`
      select 9007199254740991::int8 as big, '\\x00ff10'::bytea as bytes, '2026-03-15'::date as day,
             '2026-03-15T08:30:00+08:00'::timestamptz as at, '{"a":[1,"二"]}'::jsonb as doc`.execute(db.db);
    expect(rows[0]).toEqual({
      big: 9007199254740991,
      bytes: Buffer.from([0, 255, 16]),
      day: '2026-03-15',
      at: new Date('2026-03-15T00:30:00Z'),
      doc: { a: [1, '二'] },
    });
    expect(Buffer.isBuffer(rows[0]?.bytes)).toBe(true);
  });

  it('refuses int8 values that a JavaScript number cannot hold exactly', async () => {
    await expect(sql`select 9007199254740993::int8 as big`.execute(db.db)).rejects.toThrow(/exceeds 2\^53/);
  });

  it('commits and rolls back transactions', async () => {
    await db.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('tenants')
        .values({
          tenant_id: crypto.randomUUID(),
          slug: 'tx-kept',
          name: 'Kept',
          vertical: 'medical',
          locale: 'en',
          time_zone: 'UTC',
          settings: '{}',
        })
        .execute();
    });
    await expect(
      db.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('tenants')
          .values({
            tenant_id: crypto.randomUUID(),
            slug: 'tx-lost',
            name: 'Lost',
            vertical: 'medical',
            locale: 'en',
            time_zone: 'UTC',
            settings: '{}',
          })
          .execute();
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const slugs = (
      await db.db.selectFrom('tenants').select('slug').where('slug', 'like', 'tx-%').execute()
    ).map((r) => r.slug);
    expect(slugs).toEqual(['tx-kept']);
  });

  it('keeps concurrent transactions isolated (PGlite serialises them on its one connection)', async () => {
    await db.db.schema.createTable('counter_probe').addColumn('n', 'integer').execute();
    await db.db
      .insertInto('counter_probe' as never)
      .values({ n: 0 } as never)
      .execute();
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.db.transaction().execute(async (trx) => {
          const { rows } = await sql<{ n: number }>`select n from counter_probe for update`.execute(trx);
          await sql`update counter_probe set n = ${(rows[0]?.n ?? 0) + 1}`.execute(trx);
        }),
      ),
    );
    const { rows } = await sql<{ n: number }>`select n from counter_probe`.execute(db.db);
    expect(rows[0]?.n).toBe(20);
    await db.db.schema.dropTable('counter_probe').execute();
  });

  it('every table keys on tenant_id (DESIGN §5), tenants being the reference table', async () => {
    const { rows } = await sql<{
      table_name: string;
      constraint_name: string;
      constraint_type: string;
      columns: string[];
    }>`
      select tc.table_name, tc.constraint_name, tc.constraint_type,
             array_agg(kcu.column_name::text order by kcu.ordinal_position) as columns
      from information_schema.table_constraints tc
      join information_schema.key_column_usage kcu
        on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
      where tc.table_schema = 'public' and tc.constraint_type in ('PRIMARY KEY', 'UNIQUE')
        and tc.table_name not like 'custos_migration%'
      group by tc.table_name, tc.constraint_name, tc.constraint_type`.execute(db.db);
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'custos_migration%'`.execute(
      db.db,
    );
    expect(tables.rows.length).toBeGreaterThan(0);
    // The only key without tenant_id: tenants.slug, unique across the deployment because URLs name it.
    const exceptions = new Set(['tenants_slug_key']);
    const offenders = rows.filter(
      (r) => !r.columns.includes('tenant_id') && !exceptions.has(r.constraint_name),
    );
    expect(offenders).toEqual([]);
    for (const { table_name } of tables.rows) {
      expect(rows.some((r) => r.table_name === table_name && r.constraint_type === 'PRIMARY KEY')).toBe(true);
    }
  });
});

describe(`migrations on ${testDialect()}`, () => {
  it('apply in order once, then report the schema current', async () => {
    const empty = await createTestDb({ migrate: false });
    try {
      expect((await migrationStatus(empty.db, allMigrations)).pending).toEqual(Object.keys(allMigrations));
      expect(await migrateToLatest(empty.db, allMigrations)).toEqual(Object.keys(allMigrations));
      expect(await migrateToLatest(empty.db, allMigrations)).toEqual([]);
      expect(await migrationStatus(empty.db, allMigrations)).toEqual({ pending: [], unknown: [] });
    } finally {
      await empty.destroy();
    }
  });

  it('notices a database migrated by a newer build', async () => {
    const newer = { ...allMigrations, '2099_01_01_0001_core_future_table': { up: async () => {} } };
    const ahead = await createTestDb({ migrations: newer });
    try {
      expect(await migrationStatus(ahead.db, allMigrations)).toEqual({
        pending: [],
        unknown: ['2099_01_01_0001_core_future_table'],
      });
    } finally {
      await ahead.destroy();
    }
  });

  it('report a failing migration by name and leave the schema unchanged', async () => {
    const empty = await createTestDb({ migrate: false });
    const broken = {
      '2026_01_01_0001_core_broken': {
        up: async () => {
          throw new Error('boom');
        },
      },
    };
    try {
      await expect(migrateToLatest(empty.db, broken)).rejects.toThrow(
        /2026_01_01_0001_core_broken failed: boom/,
      );
      expect((await migrationStatus(empty.db, broken)).pending).toEqual(['2026_01_01_0001_core_broken']);
    } finally {
      await empty.destroy();
    }
  });
});

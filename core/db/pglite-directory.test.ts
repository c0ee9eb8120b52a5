import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../testing/test-db.ts';
import { openPGlite } from './database.ts';

describe('embedded database directory', () => {
  it('persists data across restarts and admits one process at a time', async () => {
    const directory = join(mkdtempSync(join(tmpdir(), 'custos-pglite-')), 'pglite');
    const first = await openPGlite(directory, silentLogger);
    await sql`create table kept (v text)`.execute(first.db);
    await sql`insert into kept values ('across restarts')`.execute(first.db);
    await expect(openPGlite(directory, silentLogger)).rejects.toThrow(/already open in this process/);
    await first.close();

    const second = await openPGlite(directory, silentLogger);
    const { rows } = await sql<{ v: string }>`select v from kept`.execute(second.db);
    expect(rows).toEqual([{ v: 'across restarts' }]);
    await second.close();
  });

  it('refuses a directory locked by another live process and takes over a stale lock', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'custos-pglite-'));
    writeFileSync(join(directory, 'custos.lock'), String(process.ppid));
    await expect(openPGlite(directory, silentLogger)).rejects.toThrow(`in use by process ${process.ppid}`);
    // A pid far above pid_max belongs to no process: the lock is stale.
    writeFileSync(join(directory, 'custos.lock'), '99999999');
    const handle = await openPGlite(directory, silentLogger);
    await handle.close();
  });
});

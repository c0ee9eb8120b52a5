import { spawn } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../bin/main.ts';
import { createTestDb, testDialect } from './test-db.ts';

export const CUSTOS_BIN = fileURLToPath(new URL('../bin/custos', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `custos` in this process (fast); `env` replaces the environment entirely. */
export async function runCli(
  args: readonly string[],
  env: Record<string, string>,
  stdin = '',
): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const code = await main(args, {
    stdin: Readable.from([stdin]),
    stdout,
    stderr,
    env: { CUSTOS_LOG_LEVEL: 'silent', ...env },
  });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** Runs the real `bin/custos` executable in a child process. */
export function spawnCli(args: readonly string[], env: Record<string, string>) {
  return spawn(process.execPath, [CUSTOS_BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', TZ: 'UTC', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function collect(child: ReturnType<typeof spawnCli>): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
}

/**
 * An empty database for a `custos` process under test: on PostgreSQL runs a fresh database whose
 * URL is added to `env` (CUSTOS_DATABASE_URL); on PGlite nothing, the process uses its data
 * directory. Call the returned function afterwards to drop it.
 */
export async function provideCliDatabase(env: Record<string, string>): Promise<() => Promise<void>> {
  if (testDialect() !== 'postgres') return async () => {};
  const db = await createTestDb({ migrate: false });
  env.CUSTOS_DATABASE_URL = db.url as string;
  await db.close();
  return () => db.destroy();
}

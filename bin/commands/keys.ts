import { randomUUID } from 'node:crypto';
import {
  createSqlKeyStore,
  DEFAULT_ROTATION_GRACE_MS,
  type KeyStatusReport,
  keyStatus,
  ROTATION_SCOPES,
  type RotationJob,
  type RotationScope,
  runRotation,
  startRotation,
} from '../../compliance/index.ts';
import { ENCRYPTED_TABLES, loadConfig, runWithContext, type Tenant } from '../../core/index.ts';
import { parse, subcommand } from '../args.ts';
import { allTenants, CLI_OPERATOR } from '../cli-actor.ts';
import { type Command, type CommandIo, UsageError } from '../command.ts';
import { createProcessLogger, openRuntime, type Runtime } from '../runtime.ts';
import { help } from './serve.ts';

const usage = `Usage: custos keys status [--tenant SLUG]
       custos keys rotate --tenant SLUG [--scope tenant|subjects|all] [--grace-seconds N]

status  Per tenant: every version of the tenant, tenant-data and blind-index keys (active,
        retired or destroyed) with the rows each seals; subject keys counted by status; the
        last rotation job and its progress.
rotate  Starts the tenant's key rotation, or resumes the unfinished one, and runs it to the
        end: new key versions become active at once (old ones keep decrypting), every row
        sealed under an old version is re-encrypted in the background in batches, and each
        old key is destroyed once no row uses it. Prints progress; exits 0 when done.
        --scope tenant    the tenant key (its children are rewrapped) and the tenant data key
        --scope subjects  every data subject's key (the default)
        --scope all       both
        --grace-seconds   how long to wait before destroying old keys, so that processes still
                          holding an old key as active have let go of it (default ${DEFAULT_ROTATION_GRACE_MS / 1000});
                          lower it only when no other process is serving.
Safe to interrupt: run it again to resume from the last batch. Every key operation is audited.`;

const SUBCOMMANDS = ['status', 'rotate'] as const;

async function withRuntime<T>(io: CommandIo, work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const config = loadConfig(io.env);
  const runtime = await openRuntime(config, createProcessLogger(config), { migrate: true, sequencer: false });
  try {
    // Key operations are recorded with the operator at the console as their actor.
    const context = {
      requestId: randomUUID(),
      logger: runtime.logger,
      actor: CLI_OPERATOR,
      tenantId: undefined,
    };
    return await runWithContext(context, () => work(runtime));
  } finally {
    await runtime.close();
  }
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : '-');

export function formatJob(job: RotationJob): string {
  const cursor = job.cursor ? `${job.cursor.table}:${job.cursor.after ?? '-'}` : '-';
  return [
    `job ${job.jobId}`,
    `scope ${job.scope}`,
    `phase ${job.phase}`,
    `started ${iso(job.startedAt)}`,
    `rows ${job.rowsDone}/${job.rowsTotal}`,
    `keys rotated ${job.keysRotated}`,
    `keys destroyed ${job.keysDestroyed}`,
    `pass ${job.passes}`,
    `cursor ${cursor}`,
    `finished ${iso(job.finishedAt)}`,
  ].join('\t');
}

export function formatStatus(tenant: Tenant, report: KeyStatusReport): string {
  const lines = [`tenant ${tenant.slug}\t${tenant.id}`];
  for (const v of report.versions) {
    const wrap = v.rootKeyId ? `\troot ${v.rootKeyId}` : '';
    lines.push(`  ${v.kind} key ${v.id}\t${v.status}\tcreated ${iso(v.createdAt)}\trows ${v.rows}${wrap}`);
  }
  for (const status of ['active', 'retired', 'destroyed'] as const) {
    const s = report.subjects[status];
    lines.push(`  subject keys ${status}\t${s.keys} keys\trows ${s.rows}`);
  }
  lines.push(`  ${report.job ? formatJob(report.job) : 'no rotation yet'}`);
  return `${lines.join('\n')}\n`;
}

function status(io: CommandIo, slug?: string): Promise<number> {
  return withRuntime(io, async (runtime) => {
    const tenants =
      slug === undefined ? await allTenants(runtime) : [await runtime.tenants.get(CLI_OPERATOR, slug)];
    const store = createSqlKeyStore(runtime.database.db);
    for (const tenant of tenants) {
      const report = await keyStatus(runtime.database.db, store, ENCRYPTED_TABLES, tenant.id);
      io.stdout.write(formatStatus(tenant, report));
    }
    return 0;
  });
}

function rotate(
  io: CommandIo,
  slug: string | undefined,
  scope: string,
  grace: string | undefined,
): Promise<number> {
  if (!slug) throw new UsageError('rotate needs --tenant SLUG');
  if (!(ROTATION_SCOPES as readonly string[]).includes(scope))
    throw new UsageError(`--scope must be one of ${ROTATION_SCOPES.join(', ')}`);
  let graceMs = DEFAULT_ROTATION_GRACE_MS;
  if (grace !== undefined) {
    if (!/^\d{1,6}$/.test(grace)) throw new UsageError('--grace-seconds must be a whole number of seconds');
    graceMs = Number(grace) * 1000;
  }
  return withRuntime(io, async (runtime) => {
    const tenant = await runtime.tenants.get(CLI_OPERATOR, slug);
    const db = runtime.database.db;
    const job = await startRotation({ db }, tenant.id, scope as RotationScope);
    io.stdout.write(
      `${job.rowsDone > 0 || job.phase !== 'rotate' ? 'resuming' : 'started'}\t${formatJob(job)}\n`,
    );
    let lastLine = 0;
    let lastPhase = job.phase;
    const done = await runRotation(
      {
        db,
        keyring: runtime.keyring,
        store: createSqlKeyStore(db),
        tables: ENCRYPTED_TABLES,
        graceMs,
        onProgress(progress) {
          // One line a second at most, and one at every change of phase.
          if (progress.phase === lastPhase && Date.now() - lastLine < 1000) return;
          lastLine = Date.now();
          lastPhase = progress.phase;
          io.stdout.write(`progress\t${formatJob(progress)}\n`);
        },
      },
      job,
    );
    io.stdout.write(`finished\t${formatJob(done)}\n`);
    return done.phase === 'finished' ? 0 : 1;
  });
}

export const keysCommand: Command = {
  name: 'keys',
  summary: 'Key versions and rows per version; rotate data keys with background re-encryption',
  usage,
  async run(args, io) {
    const picked = subcommand('keys', args, SUBCOMMANDS);
    if (!picked) return help(io, usage);
    const { sub, rest } = picked;
    const { values: v } = parse(rest, {
      tenant: { type: 'string' },
      scope: { type: 'string' },
      'grace-seconds': { type: 'string' },
    });
    if (v.help) return help(io, usage);
    if (sub === 'status') {
      if (v.scope !== undefined || v['grace-seconds'] !== undefined)
        throw new UsageError('status takes only --tenant');
      return status(io, v.tenant);
    }
    return rotate(io, v.tenant, v.scope ?? 'subjects', v['grace-seconds']);
  },
};

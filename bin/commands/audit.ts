import { existsSync, readFileSync } from 'node:fs';
import {
  type ExportReport,
  generateNoteKey,
  type NewAuditEvent,
  type PurposeOfUse,
  type StoredLogReport,
  verifyExportDirectory,
} from '../../compliance/index.ts';
import { loadConfig, type Tenant } from '../../core/index.ts';
import { parse, subcommand } from '../args.ts';
import { allTenants, CLI_OPERATOR } from '../cli-actor.ts';
import { type Command, type CommandIo, UsageError } from '../command.ts';
import { createProcessLogger, openRuntime, type Runtime } from '../runtime.ts';
import { help } from './serve.ts';

const usage = `Usage: custos audit verify [--tenant SLUG] [--strict] [--json]
       custos audit verify --export DIR [--key KEY|FILE] [--certificate FILE] [--json]
       custos audit export --tenant SLUG --out DIR [--since-size N]
       custos audit keygen --name NAME

verify   Recomputes every tenant's audit log (or one tenant's) from the database: every leaf
         hash and root, every stored checkpoint's signature and its consistency with the
         others, the stored tree nodes and the search columns. Prints one line per tenant and
         exits 1 if any log fails, naming the first sequence number that does not match.
         --strict also re-validates every entry as a canonical event (slower).
         With --export, checks an export directory offline (no database, no configuration):
         manifest signature, file hashes, checkpoint signature, every entry and the root.
         Pass the verifier key and certificate you pinned; without them the export's own
         copies are used, and the output says so.
export   Writes a signed export of the tenant's log up to its latest checkpoint into DIR
         (created, must be empty): entries, checkpoint, manifest, CMS signature, README. With
         --since-size, adds a consistency proof from that earlier checkpoint.
keygen   Prints a new checkpoint signing key for CUSTOS_AUDIT_SIGNING_KEY and the verifier key
         to publish. NAME identifies the deployment's log, e.g. audit.hospital.example.`;

// Reading or exporting the log is itself audited (DESIGN §2.2), under the tenant's audit purpose.
const purposeFor = (tenant: Tenant): PurposeOfUse =>
  tenant.vertical === 'education' ? 'EDUAUDIT' : 'HCOMPL';
const auditEvent = (tenant: Tenant, action: NewAuditEvent['action'], ok: boolean): NewAuditEvent => ({
  tenantId: tenant.id,
  actor: { id: 'cli', role: 'operator', kind: 'system' },
  action,
  purpose: purposeFor(tenant),
  outcome: ok ? { result: 'success' } : { result: 'failure', reason: 'error' },
});

function describe(tenant: Tenant, report: StoredLogReport): string {
  const counts = `${report.size} entries\t${report.checkpointsVerified} checkpoints`;
  if (report.ok) return `ok\t${tenant.slug}\t${counts}\n`;
  const at = report.firstBadSequence === undefined ? '' : `first bad seq ${report.firstBadSequence}\t`;
  return `FAILED\t${tenant.slug}\t${at}${report.problem}\n`;
}

async function withRuntime<T>(io: CommandIo, work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const config = loadConfig(io.env);
  const runtime = await openRuntime(config, createProcessLogger(config), { migrate: true, sequencer: false });
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

function verifyDatabase(
  io: CommandIo,
  slug: string | undefined,
  strict: boolean,
  json: boolean,
): Promise<number> {
  return withRuntime(io, async (runtime) => {
    const tenants =
      slug === undefined ? await allTenants(runtime) : [await runtime.tenants.get(CLI_OPERATOR, slug)];
    let failed = 0;
    for (const tenant of tenants) {
      const report = await runtime.audit.verify(tenant.id, { strict });
      await runtime.audit.recordOutsideTransaction(auditEvent(tenant, 'audit-read', true));
      if (!report.ok) failed += 1;
      io.stdout.write(
        json ? `${JSON.stringify({ tenant: tenant.slug, ...report })}\n` : describe(tenant, report),
      );
    }
    return failed === 0 ? 0 : 1;
  });
}

const readArgument = (value: string, what: string) => {
  if (!existsSync(value)) throw new UsageError(`${what}: no such file`);
  return readFileSync(value, 'utf8');
};

async function verifyExport(io: CommandIo, dir: string, key?: string, certificate?: string, json = false) {
  if (!existsSync(dir)) throw new UsageError(`--export: no such directory ${dir}`);
  const report: ExportReport = await verifyExportDirectory(dir, {
    ...(key ? { verifierKey: key.includes('+') ? key : readArgument(key, '--key') } : {}),
    ...(certificate ? { certificatePem: readArgument(certificate, '--certificate') } : {}),
  });
  if (json) {
    io.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    const at = report.firstBadSequence === undefined ? '' : `first bad seq ${report.firstBadSequence}\t`;
    io.stdout.write(
      report.ok
        ? `ok\t${report.origin}\t${report.size} entries\n`
        : `FAILED\t${at}${report.problems.join('; ')}\n`,
    );
    for (const note of report.notes) io.stdout.write(`note\t${note}\n`);
  }
  return report.ok ? 0 : 1;
}

function exportLog(
  io: CommandIo,
  slug: string | undefined,
  out: string | undefined,
  since: string | undefined,
) {
  if (!slug || !out) throw new UsageError('export needs --tenant SLUG and --out DIR');
  if (since !== undefined && !/^(0|[1-9][0-9]{0,15})$/.test(since)) {
    throw new UsageError('--since-size must be a tree size (a non-negative integer)');
  }
  return withRuntime(io, async (runtime) => {
    const tenant = await runtime.tenants.get(CLI_OPERATOR, slug);
    try {
      const summary = await runtime.audit.exportTo(
        tenant.id,
        out,
        since === undefined ? {} : { sinceSize: Number(since) },
      );
      await runtime.audit.recordOutsideTransaction(auditEvent(tenant, 'export', true));
      io.stdout.write(`exported\t${tenant.slug}\t${summary.size} entries\t${out}\n`);
      return 0;
    } catch (error) {
      await runtime.audit.recordOutsideTransaction(auditEvent(tenant, 'export', false));
      throw error;
    }
  });
}

function keygen(io: CommandIo, name: string | undefined): number {
  if (!name) throw new UsageError('keygen needs --name, e.g. --name audit.hospital.example');
  let key: ReturnType<typeof generateNoteKey>;
  try {
    key = generateNoteKey(name);
  } catch {
    throw new UsageError('--name must be non-empty, without spaces or "+"');
  }
  io.stdout.write(
    `CUSTOS_AUDIT_SIGNING_KEY=${key.signerKey}\n# verifier key, to publish: ${key.verifierKey}\n`,
  );
  return 0;
}

const SUBCOMMANDS = ['verify', 'export', 'keygen'] as const;

export const auditCommand: Command = {
  name: 'audit',
  summary: 'Verify and export the tamper-evident audit log; generate its signing key',
  usage,
  async run(args, io) {
    const picked = subcommand('audit', args, SUBCOMMANDS);
    if (!picked) return help(io, usage);
    const { sub, rest } = picked;
    const { values: v } = parse(rest, {
      tenant: { type: 'string' },
      json: { type: 'boolean' },
      name: { type: 'string' },
      export: { type: 'string' },
      key: { type: 'string' },
      certificate: { type: 'string' },
      out: { type: 'string' },
      'since-size': { type: 'string' },
      strict: { type: 'boolean' },
    });
    if (v.help) return help(io, usage);
    if (sub === 'keygen') return keygen(io, v.name);
    if (sub === 'export') return exportLog(io, v.tenant, v.out, v['since-size']);
    if (v.export !== undefined) return verifyExport(io, v.export, v.key, v.certificate, v.json);
    return verifyDatabase(io, v.tenant, v.strict ?? false, v.json ?? false);
  },
};

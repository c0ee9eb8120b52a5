import { existsSync, readFileSync } from 'node:fs';
import type { PurposeOfUse } from '../../compliance/index.ts';
import {
  accountOfDisclosures,
  type ContactAccess,
  exportSubject,
  formatShredLedger,
  loadConfig,
  parseShredLedger,
  readShredLedger,
  replayShreds,
  type Tenant,
} from '../../core/index.ts';
import { parse, subcommand } from '../args.ts';
import { CLI_OPERATOR } from '../cli-actor.ts';
import { type Command, type CommandIo, UsageError } from '../command.ts';
import { createProcessLogger, openRuntime, type Runtime } from '../runtime.ts';
import { help } from './serve.ts';

const usage = `Usage: custos privacy erase --tenant SLUG --contact ID --reason TEXT
       custos privacy export --tenant SLUG --contact ID
       custos privacy disclosures --tenant SLUG --contact ID
       custos privacy ledger [--tenant SLUG]
       custos privacy replay-shreds [--tenant SLUG] [--ledger FILE]

erase          Crypto-erasure of one contact (GDPR Art. 17, PIPL Art. 47): destroys their keys,
               clears their blind indexes and records one audit event per destroyed key (the
               shred ledger). Prints the destroyed key ids. --reason is required; keep it with
               the request's paperwork (it is not stored: the audit log holds no free text).
export         Subject access export (GDPR Art. 15/20, PIPL Art. 45): the contact's data as JSON
               on stdout; the export is audited.
disclosures    The accounting of disclosures (HIPAA §164.528, FERPA §99.32): every audit event
               naming the contact — when, who (id, role), what, why (purpose), outcome — as
               JSON on stdout, from the audit log; the request is itself audited.
ledger         Prints the shred ledger (destroyed key ids, JSON lines) from the audit log; keep
               a copy with the backups, outside the database.
replay-shreds  After restoring a backup: destroys every key in the ledger that is live again and
               marks its contact erased. Reads the ledger from FILE, or else from this
               database's audit log. Idempotent; prints counts.`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SUBCOMMANDS = ['erase', 'export', 'disclosures', 'ledger', 'replay-shreds'] as const;

// Erasure and export answer the person's own request.
const purposeFor = (tenant: Tenant): PurposeOfUse => (tenant.vertical === 'education' ? 'EDURQT' : 'PATRQT');

async function withRuntime<T>(io: CommandIo, work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const config = loadConfig(io.env);
  const runtime = await openRuntime(config, createProcessLogger(config), { migrate: true, sequencer: false });
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

function subjectArgs(sub: string, tenant?: string, contact?: string) {
  if (!tenant || !contact) throw new UsageError(`${sub} needs --tenant SLUG and --contact ID`);
  if (!UUID.test(contact)) throw new UsageError('--contact must be a contact id (a UUID)');
  return { slug: tenant, contactId: contact.toLowerCase() };
}

async function access(runtime: Runtime, slug: string): Promise<ContactAccess> {
  const tenant = await runtime.tenants.get(CLI_OPERATOR, slug);
  return { actor: CLI_OPERATOR, tenantId: tenant.id, purpose: purposeFor(tenant) };
}

function erase(io: CommandIo, tenant?: string, contact?: string, reason?: string): Promise<number> {
  const { slug, contactId } = subjectArgs('erase', tenant, contact);
  if (reason === undefined || reason.trim() === '') throw new UsageError('erase needs --reason TEXT');
  return withRuntime(io, async (runtime) => {
    const receipt = await runtime.contacts.erase(await access(runtime, slug), contactId);
    if (receipt.destroyedKeys === 0) {
      io.stdout.write(`already erased\t${slug}\t${contactId}\t${receipt.erasedAt.toISOString()}\n`);
      return 0;
    }
    io.stdout.write(
      `erased\t${slug}\t${contactId}\t${receipt.erasedAt.toISOString()}\t${receipt.destroyedKeys} keys destroyed\n`,
    );
    for (const keyId of receipt.keyIds) io.stdout.write(`destroyed key\t${keyId}\n`);
    return 0;
  });
}

function exportContact(io: CommandIo, tenant?: string, contact?: string): Promise<number> {
  const { slug, contactId } = subjectArgs('export', tenant, contact);
  return withRuntime(io, async (runtime) => {
    const deps = {
      db: runtime.database.db,
      contacts: runtime.contactRepository,
      audit: runtime.audit,
      pseudonymKey: runtime.pseudonymKey,
    };
    const result = await exportSubject(deps, await access(runtime, slug), contactId);
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  });
}

function disclosures(io: CommandIo, tenant?: string, contact?: string): Promise<number> {
  const { slug, contactId } = subjectArgs('disclosures', tenant, contact);
  return withRuntime(io, async (runtime) => {
    // Recent events first join the log, so the account is complete up to now.
    await runtime.audit.sequenceNow();
    const deps = { db: runtime.database.db, audit: runtime.audit, pseudonymKey: runtime.pseudonymKey };
    const account = await accountOfDisclosures(deps, await access(runtime, slug), contactId);
    io.stdout.write(`${JSON.stringify(account, null, 2)}\n`);
    return 0;
  });
}

async function tenantId(runtime: Runtime, slug?: string): Promise<string | undefined> {
  return slug === undefined ? undefined : (await runtime.tenants.get(CLI_OPERATOR, slug)).id;
}

function ledger(io: CommandIo, slug?: string): Promise<number> {
  return withRuntime(io, async (runtime) => {
    io.stdout.write(
      formatShredLedger(await readShredLedger(runtime.database.db, await tenantId(runtime, slug))),
    );
    return 0;
  });
}

function replay(io: CommandIo, slug?: string, file?: string): Promise<number> {
  let fromFile: ReturnType<typeof parseShredLedger> | undefined;
  if (file !== undefined) {
    if (!existsSync(file)) throw new UsageError(`--ledger: no such file ${file}`);
    try {
      fromFile = parseShredLedger(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new UsageError(`--ledger: ${(error as Error).message}`);
    }
  }
  return withRuntime(io, async (runtime) => {
    const id = await tenantId(runtime, slug);
    const entries = fromFile ?? (await readShredLedger(runtime.database.db, id));
    const deps = { db: runtime.database.db, audit: runtime.audit, keyring: runtime.keyring };
    const done = await replayShreds(deps, entries, {
      ...(id === undefined ? {} : { tenantId: id }),
      actor: { id: 'cli', role: 'platform-operator', kind: 'system' },
    });
    io.stdout.write(
      `replayed\t${done.listed} listed\t${done.destroyed.length} destroyed\t${done.alreadyDestroyed} already destroyed\t${done.notFound} not in this database\t${done.contactsErased} contacts erased\n`,
    );
    return 0;
  });
}

export const privacyCommand: Command = {
  name: 'privacy',
  summary:
    'Erase a person (crypto-erasure), export their data, account for who accessed it, replay the shred ledger after a restore',
  usage,
  async run(args, io) {
    const picked = subcommand('privacy', args, SUBCOMMANDS);
    if (!picked) return help(io, usage);
    const { sub, rest } = picked;
    const { values: v } = parse(rest, {
      tenant: { type: 'string' },
      contact: { type: 'string' },
      reason: { type: 'string' },
      ledger: { type: 'string' },
    });
    if (v.help) return help(io, usage);
    if ((sub === 'ledger' || sub === 'replay-shreds') && (v.contact !== undefined || v.reason !== undefined))
      throw new UsageError(`${sub} takes no --contact or --reason`);
    if (sub !== 'replay-shreds' && v.ledger !== undefined)
      throw new UsageError('--ledger is for replay-shreds');
    if (sub === 'erase') return erase(io, v.tenant, v.contact, v.reason);
    if (sub === 'export') return exportContact(io, v.tenant, v.contact);
    if (sub === 'disclosures') return disclosures(io, v.tenant, v.contact);
    if (sub === 'ledger') return ledger(io, v.tenant);
    return replay(io, v.tenant, v.ledger);
  },
};

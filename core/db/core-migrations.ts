import { auditMigrations, cryptoMigrations } from '../../compliance/index.ts';
import { contactMigrations } from '../contacts/contact.migrations.ts';
import { userMigrations } from '../identity/user.migrations.ts';
import { tenancyMigrations } from '../tenancy/tenant.migrations.ts';
import { collectMigrations } from './migration-set.ts';

/** The migrations of `compliance/` and `core/`; packs add theirs in the composition root. */
export const coreMigrations = collectMigrations(
  tenancyMigrations,
  cryptoMigrations,
  auditMigrations,
  contactMigrations,
  userMigrations,
);

import { auditMigrations, cryptoMigrations, rotationMigrations } from '../../compliance/index.ts';
import { breakGlassMigrations } from '../access/break-glass.migrations.ts';
import { intentCountMigrations } from '../analytics/intent-counts.migrations.ts';
import { bookingMigrations } from '../booking/booking.migrations.ts';
import { contactMigrations } from '../contacts/contact.migrations.ts';
import { guardianshipMigrations } from '../contacts/guardianship.migrations.ts';
import { contactCardMigrations } from '../conversations/contact-card.migrations.ts';
import { conversationMigrations } from '../conversations/conversation.migrations.ts';
import { workspaceMigrations } from '../conversations/workspace.migrations.ts';
import { dialogueFlowMigrations } from '../dialogue/dialogue-flow.migrations.ts';
import { contactVerificationMigrations } from '../identity/contact-verification.migrations.ts';
import { serviceClientMigrations } from '../identity/service-client.migrations.ts';
import { sessionMigrations } from '../identity/session.migrations.ts';
import { signingKeyMigrations } from '../identity/signing-key.migrations.ts';
import { ssoMigrations } from '../identity/sso.migrations.ts';
import { userMigrations } from '../identity/user.migrations.ts';
import { userQueueMigrations } from '../identity/user-queues.migrations.ts';
import { knowledgeMigrations } from '../knowledge/knowledge.migrations.ts';
import { callbackRequestMigrations } from '../routing/callback-request.migrations.ts';
import { routingMigrations } from '../routing/routing.migrations.ts';
import { routingNoticeMigrations } from '../routing/routing-notices.migrations.ts';
import { slaEventMigrations } from '../routing/sla-events.migrations.ts';
import { tenancyMigrations } from '../tenancy/tenant.migrations.ts';
import { collectMigrations } from './migration-set.ts';
import { rowSecurityMigrations } from './row-security.migrations.ts';

/** The migrations of `compliance/` and `core/`; packs add theirs in the composition root. */
export const coreMigrations = collectMigrations(
  tenancyMigrations,
  cryptoMigrations,
  auditMigrations,
  contactMigrations,
  userMigrations,
  sessionMigrations,
  ssoMigrations,
  signingKeyMigrations,
  serviceClientMigrations,
  rotationMigrations,
  breakGlassMigrations,
  // Last: it protects every tenant table created before it.
  rowSecurityMigrations,
  conversationMigrations,
  knowledgeMigrations,
  dialogueFlowMigrations,
  userQueueMigrations,
  routingMigrations,
  bookingMigrations,
  workspaceMigrations,
  routingNoticeMigrations,
  contactVerificationMigrations,
  callbackRequestMigrations,
  contactCardMigrations,
  slaEventMigrations,
  intentCountMigrations,
  guardianshipMigrations,
);

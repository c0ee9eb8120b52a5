import type { AuditDatabase, CryptoKeyDatabase, KeyRotationDatabase } from '../../compliance/index.ts';
import type { BreakGlassDatabase } from '../access/break-glass.table.ts';
import type { IntentCountDatabase } from '../analytics/intent-counts.table.ts';
import type { BookingDatabase } from '../booking/booking.table.ts';
import type { ContactDatabase } from '../contacts/contact.table.ts';
import type { GuardianshipDatabase } from '../contacts/guardianship.table.ts';
import type { ContactRevealDatabase } from '../conversations/contact-card.table.ts';
import type { ConversationDatabase } from '../conversations/conversation.table.ts';
import type { DialogueFlowDatabase } from '../dialogue/dialogue-flow.table.ts';
import type { ContactVerificationDatabase } from '../identity/contact-verification.table.ts';
import type { ServiceClientDatabase } from '../identity/service-client.table.ts';
import type { SessionDatabase } from '../identity/session.table.ts';
import type { SigningKeyDatabase } from '../identity/signing-key.table.ts';
import type { SsoDatabase } from '../identity/sso.table.ts';
import type { UserDatabase } from '../identity/user.table.ts';
import type { KnowledgeDatabase } from '../knowledge/knowledge.table.ts';
import type { CallbackRequestDatabase } from '../routing/callback-request.table.ts';
import type { RoutingDatabase } from '../routing/routing.table.ts';
import type { TenantTable } from '../tenancy/tenant.table.ts';

/** Every table Custos has, as Kysely sees it. Each area owns the interfaces of its tables. */
export interface Database
  extends AuditDatabase,
    CryptoKeyDatabase,
    KeyRotationDatabase,
    ContactDatabase,
    ConversationDatabase,
    BreakGlassDatabase,
    BookingDatabase,
    UserDatabase,
    SessionDatabase,
    SsoDatabase,
    SigningKeyDatabase,
    ServiceClientDatabase,
    KnowledgeDatabase,
    DialogueFlowDatabase,
    RoutingDatabase,
    ContactVerificationDatabase,
    CallbackRequestDatabase,
    ContactRevealDatabase,
    IntentCountDatabase,
    GuardianshipDatabase {
  tenants: TenantTable;
}

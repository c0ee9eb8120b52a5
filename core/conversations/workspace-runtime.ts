import type { Kysely } from 'kysely';
import type { FieldKeyring } from '../../compliance/index.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { PseudonymKeySource } from '../contacts/contact-audit.ts';
import type { Database } from '../db/schema.ts';
import type { Assurance } from '../identity/contact-verification.service.ts';
import type { KnowledgeHit, KnowledgeQuery } from '../knowledge/article.ts';
import type { EventBus } from '../realtime/event-bus.ts';
import { createCannedReplyService } from './canned-replies.service.ts';
import { createContactCardService } from './contact-card.service.ts';
import type { ConversationService } from './conversation.service.ts';
import type { ConversationStore } from './conversation.ts';
import { createCsatService } from './csat.service.ts';
import type { ConversationKeyring } from './message-sealing.ts';
import { createSuggestionService } from './suggestions.service.ts';
import { createWorkspaceService } from './workspace.service.ts';

export interface WorkspaceDeps {
  /** The application's row-secured view of the database. */
  readonly db: Kysely<Database>;
  /** The conversation engine's store and service, so that writes reach its event bus. */
  readonly store: ConversationStore;
  readonly service: Pick<ConversationService, 'sendAsStaff'>;
  readonly bus: Pick<EventBus, 'publishCommitted'>;
  readonly keyring: ConversationKeyring & FieldKeyring;
  readonly contacts: Pick<ContactRepository, 'read'>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly pseudonymKey: PseudonymKeySource;
  /** The knowledge base's retrieval, for suggested answers. */
  readonly knowledge: { search(tenantId: string, query: KnowledgeQuery): Promise<KnowledgeHit[]> };
  /** Whether a conversation's visitor is verified, and as which record (contact verification). */
  readonly assuranceOf: (
    tenantId: string,
    conversationId: string,
    visitorId: string,
  ) => Promise<Assurance | undefined>;
  readonly now?: () => Date;
}

/**
 * The agent workspace, wired: inbox and conversation work, canned replies, satisfaction answers,
 * the contact card with its reveal, suggested answers.
 */
export function createWorkspace(deps: WorkspaceDeps) {
  return {
    work: createWorkspaceService(deps),
    cannedReplies: createCannedReplyService(deps),
    csat: createCsatService(deps),
    contactCard: createContactCardService(deps),
    suggestions: createSuggestionService(deps),
  };
}

export type Workspace = ReturnType<typeof createWorkspace>;

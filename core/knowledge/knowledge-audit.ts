import type { NewAuditEvent, PurposeOfUse } from '../../compliance/index.ts';
import { type Actor, currentContext } from '../context/request-context.ts';

/** The system actor that seeds a tenant's knowledge base from its pack's FAQ. */
export const SEED_ACTOR: Actor = Object.freeze({ kind: 'system', id: 'knowledge-seed', role: 'system' });

// Keeping the assistant's answers current is operations work of the hospital or school.
const purposeOf = (vertical: string | undefined): PurposeOfUse =>
  vertical === 'education' ? 'EDUADMIN' : 'HOPERAT';

const kindOf = (actor: Actor): 'staff' | 'service' | 'system' =>
  actor.kind === 'service' || actor.kind === 'system' ? actor.kind : 'staff';

/**
 * The audit event of a change to an article: who (an opaque id and a role), what, which article.
 * Articles are tenant content, so the event names no data subject and carries no article text.
 */
export function knowledgeEvent(
  tenant: { readonly id: string; readonly vertical: string | undefined },
  actor: Actor,
  action: 'create' | 'update' | 'delete' | 'import',
  articleId: string,
): NewAuditEvent {
  const requestId = currentContext()?.requestId;
  return {
    tenantId: tenant.id,
    actor: {
      id: actor.id,
      role: (actor.role ?? actor.kind).toLowerCase().replaceAll('_', '-'),
      kind: kindOf(actor),
    },
    action,
    purpose: purposeOf(tenant.vertical),
    resource: { type: 'KnowledgeArticle', id: articleId },
    outcome: { result: 'success' },
    ...(requestId ? { requestId } : {}),
  };
}

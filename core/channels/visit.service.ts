import { randomBytes } from 'node:crypto';
import type { ChatLocale, Conversation, ConversationStore } from '../conversations/conversation.ts';
import type { WidgetTokens } from './widget-token.ts';

export interface VisitTenant {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly locale: string;
}

export interface Visit {
  readonly token: string;
  readonly expiresAt: Date;
  readonly conversationId: string;
  readonly locale: ChatLocale;
}

/**
 * A chat starts: the visitor becomes a contact (a display name only, sealed like every personal
 * field), a conversation opens with the assistant, and the browser receives the widget credential
 * it will present on the socket or the REST channel. `onOpened` lets the assistant greet.
 */
export function createVisitService(deps: {
  readonly createVisitor: (tenantId: string, displayName: string) => Promise<string>;
  readonly store: Pick<ConversationStore, 'open'>;
  readonly tokens: WidgetTokens;
  readonly onOpened: (conversation: Conversation) => Promise<void>;
}) {
  return {
    async start(
      tenant: VisitTenant,
      input: { locale?: ChatLocale; channel: 'widget' | 'rest' },
    ): Promise<Visit> {
      const locale: ChatLocale = input.locale ?? (tenant.locale.startsWith('zh') ? 'zh-CN' : 'en');
      const tag = randomBytes(2).toString('hex').toUpperCase();
      const contactId = await deps.createVisitor(
        tenant.id,
        locale === 'zh-CN' ? `访客 ${tag}` : `Visitor ${tag}`,
      );
      const conversation = await deps.store.open(tenant.id, { contactId, channel: input.channel, locale });
      await deps.onOpened(conversation);
      const { token, expiresAt } = await deps.tokens.issue({
        tenantId: tenant.id,
        contactId,
        conversationId: conversation.id,
      });
      return { token, expiresAt, conversationId: conversation.id, locale };
    },
  };
}

export type VisitService = ReturnType<typeof createVisitService>;

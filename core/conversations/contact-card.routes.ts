import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { conversationAccessOf } from '../channels/chat-gateway.ts';
import type { Actor } from '../context/request-context.ts';
import { AppError } from '../errors/app-error.ts';
import type { HttpEnv } from '../http/http-env.ts';
import { allow, problemResponses } from '../http/openapi.ts';
import type { CannedReplyTenant } from './canned-replies.service.ts';
import type { ContactCardService } from './contact-card.service.ts';
import { CARD_FIELDS, type ContactCard, REVEAL_REASON } from './contact-card.ts';
import type { SuggestionService } from './suggestions.service.ts';
import { conversationParamsSchema } from './workspace.schemas.ts';

export interface ContactCardHttp {
  readonly contactCard: ContactCardService;
  readonly suggestions: SuggestionService;
  readonly tenantOf: (slug: string) => Promise<CannedReplyTenant>;
}

const tags = ['Workspace'];
const security = [{ accessToken: [] }];
const BASE = '/api/v1/tenants/{slug}/workspace/conversations/{conversationId}';
const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } });

const cardValueSchema = z
  .object({ value: z.string().nullable(), masked: z.boolean() })
  .openapi('ContactCardValue', { description: '`value` is null when the contact has none' });

const verificationSchema = z
  .object({
    verified: z.boolean(),
    recordId: z.uuid().optional().openapi({ description: 'The record the visitor proved to be' }),
    method: z.string().optional(),
    until: z.iso.datetime().optional(),
  })
  .openapi('ContactVerificationState');

const contactCardSchema = z
  .object({
    conversationId: z.uuid(),
    contactId: z.uuid(),
    erased: z.boolean(),
    kind: z.enum(['patient', 'guardian', 'student', 'other']).optional(),
    fields: z
      .object(Object.fromEntries(CARD_FIELDS.map((field) => [field, cardValueSchema])))
      .optional()
      .openapi({ description: 'Masked per the masking policy for the caller’s role, unless revealed' }),
    verification: verificationSchema,
  })
  .openapi('ContactCard');

const revealInputSchema = z
  .strictObject({
    fields: z.array(z.enum(CARD_FIELDS)).min(1).max(CARD_FIELDS.length),
    reason: z
      .string()
      .trim()
      .min(REVEAL_REASON.min)
      .max(REVEAL_REASON.max)
      .openapi({ description: 'Why; sealed under the contact’s key, its hash in the audit log' }),
  })
  .openapi('RevealInput');

const revealedSchema = z
  .object({
    revealId: z.uuid(),
    fields: z.object(
      Object.fromEntries(CARD_FIELDS.map((field) => [field, z.string().nullable().optional()])),
    ),
  })
  .openapi('Revealed');

const suggestionsSchema = z
  .object({
    basedOnSeq: z.int().nullable().openapi({ description: 'The contact’s message the suggestions answer' }),
    items: z.array(
      z.object({
        articleId: z.uuid(),
        title: z.string(),
        snippet: z.string(),
        score: z.number().openapi({ description: 'Confidence, 0..1' }),
      }),
    ),
  })
  .openapi('Suggestions');

const cardRoute = createRoute({
  method: 'get',
  path: `${BASE}/contact`,
  tags,
  security,
  summary: 'The conversation’s contact, masked by role; the read is audited',
  request: { params: conversationParamsSchema },
  responses: {
    200: { description: 'The card', content: json(contactCardSchema) },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

const revealRoute = createRoute({
  method: 'post',
  path: `${BASE}/contact/reveal`,
  tags,
  security,
  summary: 'Reveal masked fields the caller’s role permits, with a reason (audited as `reveal`)',
  request: { params: conversationParamsSchema, body: { required: true, content: json(revealInputSchema) } },
  responses: {
    200: { description: 'The fields in clear', content: json(revealedSchema) },
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429),
  },
});

const suggestionsRoute = createRoute({
  method: 'get',
  path: `${BASE}/suggestions`,
  tags,
  security,
  summary: 'Up to 3 knowledge-base articles for the contact’s latest message',
  request: { params: conversationParamsSchema },
  responses: {
    200: { description: 'Best first', content: json(suggestionsSchema) },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

const cardDto = (card: ContactCard): z.input<typeof contactCardSchema> => {
  const { until, ...rest } = card.verification;
  const verification = { ...rest, ...(until ? { until: until.toISOString() } : {}) };
  const base = { conversationId: card.conversationId, contactId: card.contactId, verification };
  return card.erased
    ? { ...base, erased: true }
    : { ...base, erased: false, kind: card.kind, fields: card.fields };
};

/** The contact card, its reveal and suggested answers (docs/conversations.md §6). */
export function registerContactCardRoutes(app: OpenAPIHono<HttpEnv>, http: ContactCardHttp): void {
  /** The caller's access, for a tenant that is theirs: another tenant's conversation is not found. */
  const accessFor = async (actor: Actor, slug: string) => {
    const tenant = await http.tenantOf(slug);
    const access = conversationAccessOf(actor);
    if (tenant.id !== access.tenantId) throw new AppError('not_found', 'No such conversation.');
    return access;
  };

  app.openapi(cardRoute, async (c) => {
    const { slug, conversationId } = c.req.valid('param');
    const card = await http.contactCard.card(await accessFor(c.env.context.actor, slug), conversationId);
    return c.json(allow(contactCardSchema, cardDto(card)), 200);
  });

  app.openapi(revealRoute, async (c) => {
    const { slug, conversationId } = c.req.valid('param');
    const input = c.req.valid('json');
    const revealed = await http.contactCard.reveal(
      await accessFor(c.env.context.actor, slug),
      conversationId,
      input,
    );
    return c.json(allow(revealedSchema, revealed), 200);
  });

  app.openapi(suggestionsRoute, async (c) => {
    const { slug, conversationId } = c.req.valid('param');
    const found = await http.suggestions.suggest(await accessFor(c.env.context.actor, slug), conversationId);
    return c.json(allow(suggestionsSchema, { ...found, items: [...found.items] }), 200);
  });
}

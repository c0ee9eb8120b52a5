import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { authorizeActor } from '../access/actor-ability.ts';
import { isContactActor } from '../channels/widget-token.ts';
import { contactPseudonym } from '../contacts/contact-audit.ts';
import type { Actor } from '../context/request-context.ts';
import { AppError } from '../errors/app-error.ts';
import type { HttpEnv } from '../http/http-env.ts';
import { allow, problemResponses } from '../http/openapi.ts';
import { type DisclosureDeps, ownAccountOfDisclosures } from '../privacy/disclosures.ts';
import {
  confirmCodeSchema,
  knowledgeSchema,
  ownDisclosuresSchema,
  startCodeSchema,
  startedSchema,
  tenantParamsSchema,
  verificationParamsSchema,
  verifiedSchema,
} from './contact-verification.schemas.ts';
import type { ContactVerificationService, Visitor } from './contact-verification.service.ts';
import { purposeOfVertical } from './contact-verification-audit.ts';

export interface ContactVerificationHttp {
  readonly verification: ContactVerificationService;
  /** The tenant behind a slug. */
  readonly tenantOf: (
    slug: string,
  ) => Promise<{ readonly id: string; readonly vertical: string; readonly locale: string } | undefined>;
  /** The audit log's reader, for the person's own accounting of disclosures. */
  readonly disclosures: DisclosureDeps;
}

const tags = ['Contact verification'];
const security = [{ widgetToken: [] }];
const BASE = '/api/v1/tenants/{slug}/contact';
const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } });
const body = <S extends z.ZodType>(schema: S) => ({ required: true, content: json(schema) });

const startRoute = createRoute({
  method: 'post',
  path: `${BASE}/verifications`,
  tags,
  security,
  summary: 'Send a one-time code to the phone of the record with this identifier (if there is one)',
  request: { params: tenantParamsSchema, body: body(startCodeSchema) },
  responses: {
    202: {
      description: 'Accepted; the same answer whether or not a record matched',
      content: json(startedSchema),
    },
    ...problemResponses(400, 401, 403, 404, 413, 415, 429, 503),
  },
});

const confirmRoute = createRoute({
  method: 'post',
  path: `${BASE}/verifications/{verificationId}/code`,
  tags,
  security,
  summary: 'Confirm the code: the conversation’s visitor is verified as the record',
  request: { params: verificationParamsSchema, body: body(confirmCodeSchema) },
  responses: {
    200: { description: 'Verified', content: json(verifiedSchema) },
    ...problemResponses(400, 401, 403, 404, 413, 415, 429),
  },
});

const knowledgeRoute = createRoute({
  method: 'post',
  path: `${BASE}/verifications/knowledge`,
  tags,
  security,
  summary: 'Verify by identifier and date of birth (and the last four digits of the phone)',
  request: { params: tenantParamsSchema, body: body(knowledgeSchema) },
  responses: {
    200: { description: 'Verified', content: json(verifiedSchema) },
    ...problemResponses(400, 401, 403, 404, 413, 415, 429),
  },
});

const disclosuresRoute = createRoute({
  method: 'get',
  path: `${BASE}/disclosures`,
  tags,
  security,
  summary: "Who accessed my data, or my ward's with `subject` (a verified visitor only, else 403)",
  request: {
    params: tenantParamsSchema,
    query: z.object({
      subject: z.uuid().optional().openapi({
        description:
          'A minor the verified guardian acts for (consent in force); default: the verified record',
      }),
    }),
  },
  responses: {
    200: { description: 'The accounting of disclosures', content: json(ownDisclosuresSchema) },
    ...problemResponses(401, 403, 404, 429),
  },
});

const localeOf = (locale: string) => (locale.startsWith('zh') ? 'zh-CN' : 'en');

/**
 * Contact verification over HTTP (widget credential): start and confirm a one-time code, the
 * knowledge check, and the verified person's own accounting of disclosures. The service decides
 * and records; these routes only resolve the tenant and the visitor.
 */
export function registerContactVerificationRoutes(
  app: OpenAPIHono<HttpEnv>,
  http: ContactVerificationHttp,
): void {
  const { verification } = http;

  async function visitorOf(actor: Actor, slug: string) {
    const tenant = await http.tenantOf(slug);
    if (!tenant) throw new AppError('not_found', `No tenant "${slug}".`);
    if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Present a widget credential.');
    if (!isContactActor(actor)) throw new AppError('forbidden', 'Verification is for widget visitors.');
    if (actor.tenantId !== tenant.id) throw new AppError('not_found', `No tenant "${slug}".`);
    const visitor: Visitor = { conversationId: actor.conversationId, visitorId: actor.id };
    return { tenant, visitor, actor };
  }

  app.openapi(startRoute, async (c) => {
    const { tenant, visitor } = await visitorOf(c.env.context.actor, c.req.valid('param').slug);
    const { identifier, locale } = c.req.valid('json');
    const started = await verification.startCode(
      tenant,
      visitor,
      identifier,
      locale ?? localeOf(tenant.locale),
    );
    return c.json(
      allow(startedSchema, {
        verificationId: started.verificationId,
        expiresAt: started.expiresAt.toISOString(),
      }),
      202,
    );
  });

  app.openapi(confirmRoute, async (c) => {
    const { slug, verificationId } = c.req.valid('param');
    const { tenant, visitor } = await visitorOf(c.env.context.actor, slug);
    const result = await verification.confirmCode(tenant, visitor, verificationId, c.req.valid('json').code);
    return c.json(allow(verifiedSchema, { verified: true, until: result.until.toISOString() }), 200);
  });

  app.openapi(knowledgeRoute, async (c) => {
    const { tenant, visitor } = await visitorOf(c.env.context.actor, c.req.valid('param').slug);
    const { identifier, dateOfBirth, phoneLast4 } = c.req.valid('json');
    const result = await verification.knowledgeCheck(tenant, visitor, {
      identifier,
      dateOfBirth,
      ...(phoneLast4 === undefined ? {} : { phoneLast4 }),
    });
    return c.json(allow(verifiedSchema, { verified: true, until: result.until.toISOString() }), 200);
  });

  app.openapi(disclosuresRoute, async (c) => {
    const { tenant, actor } = await visitorOf(c.env.context.actor, c.req.valid('param').slug);
    // The tenant guard raised the actor if the conversation has a live assurance.
    const proven = actor.verified ? actor.verifiedSubjectId : undefined;
    if (!proven) throw new AppError('forbidden', 'Confirm your identity to see who accessed your data.');
    // Another subject (a ward) only as the rules allow: a guardian's minors with consent in force.
    const subjectId = c.req.valid('query').subject ?? proven;
    authorizeActor(actor, 'read', {
      type: 'AuditEvent',
      attributes: { tenantId: tenant.id, dataSubjectId: subjectId },
    });
    const account = await ownAccountOfDisclosures(
      http.disclosures,
      {
        actor: {
          kind: 'contact',
          id: await contactPseudonym(http.disclosures.pseudonymKey, tenant.id, actor.id),
          role: 'contact',
        },
        tenantId: tenant.id,
        purpose: purposeOfVertical(tenant.vertical),
        requestId: c.env.context.requestId,
      },
      subjectId,
    );
    return c.json(allow(ownDisclosuresSchema, account), 200);
  });
}

import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { HttpEnv } from '../http/http-env.ts';
import { allow, problemResponses } from '../http/openapi.ts';
import { slugSchema } from '../tenancy/tenant.schemas.ts';
import {
  auditEventPageSchema,
  auditEventQuerySchema,
  checkpointSchema,
  consistencyProofSchema,
  consistencyQuerySchema,
  exportQuerySchema,
  inclusionProofSchema,
  inclusionQuerySchema,
} from './audit.schemas.ts';
import type { AuditService } from './audit.service.ts';

const security = [{ operatorToken: [] }];
const tags = ['Audit'];
const params = z.object({ slug: slugSchema });
const b64 = (hash: Uint8Array) => Buffer.from(hash).toString('base64');
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const searchEvents = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{slug}/audit/events',
  tags,
  security,
  summary: 'Search the audit log (auditor)',
  request: { params, query: auditEventQuerySchema },
  responses: {
    200: json(auditEventPageSchema, 'A page of events in log order'),
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

const getCheckpoint = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{slug}/audit/checkpoint',
  tags,
  security,
  summary: 'The latest signed checkpoint (auditor)',
  request: { params },
  responses: { 200: json(checkpointSchema, 'The checkpoint'), ...problemResponses(400, 401, 403, 404, 429) },
});

const getInclusion = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{slug}/audit/proofs/inclusion',
  tags,
  security,
  summary: 'RFC 9162 inclusion proof of an entry (auditor)',
  request: { params, query: inclusionQuerySchema },
  responses: {
    200: json(inclusionProofSchema, 'The proof'),
    ...problemResponses(400, 401, 403, 404, 422, 429),
  },
});

const getConsistency = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{slug}/audit/proofs/consistency',
  tags,
  security,
  summary: 'RFC 9162 consistency proof between two tree sizes (auditor)',
  request: { params, query: consistencyQuerySchema },
  responses: {
    200: json(consistencyProofSchema, 'The proof'),
    ...problemResponses(400, 401, 403, 404, 422, 429),
  },
});

const getExport = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{slug}/audit/export',
  tags,
  security,
  summary: 'A signed export of the log as a tar archive (auditor)',
  description:
    'Entries up to the latest checkpoint, the checkpoint, optional consistency proof, a SHA-256 manifest with its CMS signature and a README explaining offline verification (docs/compliance/audit-log.md §7.6).',
  request: { params, query: exportQuerySchema },
  responses: {
    200: {
      description: 'A POSIX ustar archive',
      content: { 'application/x-tar': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    ...problemResponses(400, 401, 403, 404, 422, 429),
  },
});

export function registerAuditRoutes(app: OpenAPIHono<HttpEnv>, audit: AuditService): void {
  app.openapi(searchEvents, async (c) => {
    const { limit, cursor, from, to, actor, subject, ...rest } = c.req.valid('query');
    const filter = {
      ...rest,
      ...(from ? { from: new Date(from) } : {}),
      ...(to ? { to: new Date(to) } : {}),
      ...(actor ? { actorId: actor } : {}),
      ...(subject ? { subjectPseudonym: subject } : {}),
    };
    const page = await audit.search(c.env.context.actor, c.req.valid('param').slug, filter, limit, cursor);
    const items = page.items.map(({ event, leafHash }) => ({ event, leafHash: b64(leafHash) }));
    return c.json(allow(auditEventPageSchema, { items, nextCursor: page.nextCursor }), 200);
  });
  app.openapi(getCheckpoint, async (c) => {
    const checkpoint = await audit.checkpoint(c.env.context.actor, c.req.valid('param').slug);
    return c.json(allow(checkpointSchema, checkpoint), 200);
  });
  app.openapi(getInclusion, async (c) => {
    const { seq, size } = c.req.valid('query');
    const result = await audit.inclusion(c.env.context.actor, c.req.valid('param').slug, seq, size);
    const body = { seq, size: result.size, leafHash: b64(result.leafHash), proof: result.proof.map(b64) };
    return c.json(allow(inclusionProofSchema, body), 200);
  });
  app.openapi(getExport, async (c) => {
    const { slug } = c.req.valid('param');
    const { sinceSize } = c.req.valid('query');
    const { size, archive } = await audit.exportArchive(c.env.context.actor, slug, sinceSize);
    return c.body(ReadableStream.from(archive), 200, {
      'content-type': 'application/x-tar',
      'content-disposition': `attachment; filename="audit-${slug}-${size}.tar"`,
    });
  });
  app.openapi(getConsistency, async (c) => {
    const { from, to } = c.req.valid('query');
    const proof = await audit.consistency(c.env.context.actor, c.req.valid('param').slug, from, to);
    return c.json(allow(consistencyProofSchema, { from, to, proof: proof.map(b64) }), 200);
  });
}

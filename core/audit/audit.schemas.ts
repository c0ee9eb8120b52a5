import { z } from '@hono/zod-openapi';
import { AUDIT_ACTIONS, PURPOSES_OF_USE } from '../../compliance/index.ts';

const ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as [string, ...string[]];
const PURPOSE_CODES = Object.keys(PURPOSES_OF_USE) as [string, ...string[]];
const MAX = Number.MAX_SAFE_INTEGER;

const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'an opaque id: letters, digits and . _ : -');
const count = (description: string) =>
  z
    .string()
    .regex(/^(0|[1-9][0-9]{0,15})$/, 'a non-negative decimal integer')
    .transform(Number)
    .pipe(z.number().max(MAX, 'at most 2^53 - 1'))
    .openapi({ type: 'string', description, example: '42' });
const base64 = z.string().openapi({ description: 'base64 (RFC 4648 §4) of a 32-byte SHA-256 hash' });

export const auditEventQuerySchema = z
  .object({
    from: z.iso.datetime({ offset: true }).optional().openapi({ description: 'recorded at or after' }),
    to: z.iso.datetime({ offset: true }).optional().openapi({ description: 'recorded before' }),
    actor: id.optional().openapi({ description: 'actor id' }),
    subject: z
      .string()
      .regex(/^[A-Za-z0-9_-]{43}$/, 'a subject pseudonym (43 base64url characters)')
      .optional()
      .openapi({ description: 'data subject pseudonym (docs/compliance/audit-log.md §1.3)' }),
    resourceType: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9-]{0,63}$/, 'a resource type such as Patient')
      .optional(),
    resourceId: id.optional(),
    action: z.enum(ACTION_NAMES).optional(),
    outcome: z.enum(['success', 'failure']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: count('The `nextCursor` of the previous page').optional(),
  })
  .strict();

export const auditEventSchema = z
  .object({
    v: z.number().int(),
    tenantId: z.string(),
    seq: z.number().int(),
    time: z.string(),
    actor: z.object({ id: z.string(), role: z.string(), kind: z.string() }),
    action: z.enum(ACTION_NAMES),
    purpose: z.enum(PURPOSE_CODES),
    resource: z.object({ type: z.string(), id: z.string() }).optional(),
    subject: z.object({ type: z.string(), pseudonym: z.string() }).optional(),
    outcome: z.object({ result: z.enum(['success', 'failure']), reason: z.string().optional() }),
    requestId: z.string().optional(),
    network: z.object({ address: z.string() }).optional(),
    detailsRef: z.object({ id: z.string(), sha256: z.string() }).optional(),
  })
  .openapi('AuditEvent');

export const auditEventPageSchema = z
  .object({
    items: z.array(z.object({ event: auditEventSchema, leafHash: base64 })),
    nextCursor: z.string().nullable(),
  })
  .openapi('AuditEventPage');

export const checkpointSchema = z
  .object({
    size: z.number().int(),
    note: z.string().openapi({ description: 'C2SP signed note of the tlog-checkpoint (§4)' }),
  })
  .openapi('AuditCheckpoint');

export const inclusionQuerySchema = z
  .object({
    seq: count('The entry (leaf index)'),
    size: count('Tree size; default: the latest checkpoint').optional(),
  })
  .strict();

export const inclusionProofSchema = z
  .object({ seq: z.number().int(), size: z.number().int(), leafHash: base64, proof: z.array(base64) })
  .openapi('AuditInclusionProof');

export const consistencyQuerySchema = z
  .object({ from: count('The smaller tree size'), to: count('The larger tree size') })
  .strict();

export const consistencyProofSchema = z
  .object({ from: z.number().int(), to: z.number().int(), proof: z.array(base64) })
  .openapi('AuditConsistencyProof');

export const exportQuerySchema = z
  .object({ sinceSize: count('Add a consistency proof from this earlier checkpointed size').optional() })
  .strict();

import { isIP } from 'node:net';
import { z } from 'zod';
import { AUDIT_ACTION_NAMES, FAILURE_REASON_NAMES } from './actions.ts';
import { canonicalBytes, parseCanonical } from './canonical-json.ts';
import { InvalidEvent } from './errors.ts';
import { hashLeaf } from './merkle.ts';
import { PSEUDONYM_PATTERN } from './pseudonym.ts';
import { PURPOSE_OF_USE_CODES } from './purpose-of-use.ts';

/**
 * One audit event: a leaf of a tenant's Merkle log. Field for field it maps onto a FHIR R4
 * AuditEvent as IHE BALP profiles it (see docs/compliance/audit-log.md): actor → agent,
 * resource and subject → entity, purpose → purposeOfEvent, requestId and network →
 * agent.network and the BALP correlation id.
 *
 * The leaf is the RFC 8785 canonical JSON of the whole event — every field is evidence, so
 * nothing is left out of the hash. Nothing in it names or identifies a person: the data
 * subject is a keyed pseudonym, a contact actor is one too, and anything identifying (free
 * text, a contact's network address, the justification for break-glass) goes into details
 * encrypted elsewhere under the subject's key and is referenced by `detailsRef`, so erasure
 * destroys it without touching the leaf.
 */
export const AUDIT_EVENT_VERSION = 1;

// Opaque ids: no spaces, no '@' (so an e-mail address cannot pass as an id).
const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/);
const token = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/);
const pseudonym = z.string().regex(PSEUDONYM_PATTERN);
const actorId = z.string().regex(/^(?:[A-Za-z0-9][A-Za-z0-9._:-]{0,127}|[A-Za-z0-9_-]{43})$/);
// RFC 3339 UTC with millisecond precision, exactly as Date.prototype.toISOString writes it, so
// that one instant has one spelling; the round trip also rejects 2025-02-30.
const timestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
  .refine((s) => !Number.isNaN(Date.parse(s)) && new Date(s).toISOString() === s, 'not a real instant');

export const ACTOR_KINDS = ['staff', 'contact', 'service', 'system'] as const;

export const AuditEventSchema = z
  .strictObject({
    v: z.literal(AUDIT_EVENT_VERSION),
    tenantId: id,
    /** 0-based position in the tenant's log: the leaf index, so tree size = seq + 1 after it. */
    seq: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
    time: timestamp,
    // A contact is recorded by pseudonym (below), whose base64url alphabet includes `_` and may
    // begin with `-`, so the actor id accepts either shape.
    actor: z.strictObject({ id: actorId, role: token, kind: z.enum(ACTOR_KINDS) }),
    action: z.enum(AUDIT_ACTION_NAMES),
    purpose: z.enum(PURPOSE_OF_USE_CODES),
    resource: z.strictObject({ type: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,63}$/), id }).optional(),
    subject: z.strictObject({ type: token, pseudonym }).optional(),
    outcome: z.discriminatedUnion('result', [
      z.strictObject({ result: z.literal('success') }),
      z.strictObject({ result: z.literal('failure'), reason: z.enum(FAILURE_REASON_NAMES) }),
    ]),
    requestId: id.optional(),
    network: z
      .strictObject({ address: z.string().refine((a) => isIP(a) !== 0, 'not an IP address') })
      .optional(),
    /** Details sealed under the data subject's key: where, and the SHA-256 of the ciphertext. */
    detailsRef: z.strictObject({ id, sha256: z.string().regex(/^[A-Za-z0-9_-]{43}$/) }).optional(),
  })
  .superRefine((event, ctx) => {
    if (event.action === 'login-failed' && event.outcome.result !== 'failure') {
      ctx.addIssue({
        code: 'custom',
        path: ['outcome'],
        message: 'login-failed must have a failure outcome',
      });
    }
    if (event.actor.kind === 'contact') {
      // A contact is a patient, parent or student: their id and address identify them.
      if (!PSEUDONYM_PATTERN.test(event.actor.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['actor', 'id'],
          message: 'a contact actor is recorded by pseudonym',
        });
      }
      if (event.network) {
        ctx.addIssue({
          code: 'custom',
          path: ['network'],
          message: "a contact's network address belongs in the sealed details",
        });
      }
    }
  });

export type AuditEvent = z.infer<typeof AuditEventSchema>;

/** Validates an event; the error lists failing paths and rules, never the values. */
export function parseAuditEvent(input: unknown): AuditEvent {
  const result = AuditEventSchema.safeParse(input);
  if (!result.success) {
    throw new InvalidEvent(result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`));
  }
  return result.data;
}

/** The leaf bytes: RFC 8785 canonical JSON of the validated event. */
export function encodeLeaf(event: AuditEvent): Uint8Array {
  return canonicalBytes(parseAuditEvent(event));
}

/** Reads a leaf back; rejects bytes that are not canonical or not a valid event. */
export function decodeLeaf(bytes: Uint8Array): AuditEvent {
  return parseAuditEvent(parseCanonical(bytes));
}

/** RFC 9162 §2.1.1 leaf hash of the event's canonical bytes. */
export function eventLeafHash(event: AuditEvent): Uint8Array {
  return hashLeaf(encodeLeaf(event));
}

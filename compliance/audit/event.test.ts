import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from './actions.ts';
import { canonicalize } from './canonical-json.ts';
import { InvalidEvent, NotCanonical } from './errors.ts';
import { type AuditEvent, decodeLeaf, encodeLeaf, eventLeafHash, parseAuditEvent } from './event.ts';
import { hashLeaf } from './merkle.ts';
import { pseudonymize } from './pseudonym.ts';

const key = Buffer.alloc(32, 7);
const subject = { type: 'patient', pseudonym: pseudonymize(key, 'patient', 'p-42') };

const sampleEvent: AuditEvent = {
  v: 1,
  tenantId: 'tenant-hospital',
  seq: 41,
  time: '2025-03-01T08:15:30.123Z',
  actor: { id: 'u-clinician-7', role: 'clinician', kind: 'staff' },
  action: 'read',
  purpose: 'TREAT',
  resource: { type: 'Patient', id: '5b0c1f9e-6b1c-4c55-9d4e-2b8f8f5a1c11' },
  subject,
  outcome: { result: 'success' },
  requestId: 'req-01HZX',
  network: { address: '10.0.4.17' },
};

describe('audit event', () => {
  it('encodes to RFC 8785 canonical JSON, and decodes back', () => {
    const bytes = encodeLeaf(sampleEvent);
    const text = Buffer.from(bytes).toString('utf8');
    expect(
      text.startsWith('{"action":"read","actor":{"id":"u-clinician-7","kind":"staff","role":"clinician"}'),
    ).toBe(true);
    expect(text).toBe(canonicalize(sampleEvent));
    expect(decodeLeaf(bytes)).toEqual(sampleEvent);
    expect(eventLeafHash(sampleEvent)).toEqual(hashLeaf(bytes));
  });

  it('hashes every field: changing any one changes the leaf', () => {
    const variants: AuditEvent[] = [
      { ...sampleEvent, seq: 42 },
      { ...sampleEvent, time: '2025-03-01T08:15:30.124Z' },
      { ...sampleEvent, purpose: 'ETREAT' },
      { ...sampleEvent, outcome: { result: 'failure', reason: 'denied' } },
      { ...sampleEvent, requestId: undefined },
      { ...sampleEvent, detailsRef: { id: 'd-1', sha256: 'A'.repeat(43) } },
    ];
    const leaves = new Set(
      [sampleEvent, ...variants].map((e) => Buffer.from(eventLeafHash(e)).toString('hex')),
    );
    expect(leaves.size).toBe(variants.length + 1);
  });

  it('accepts every action in the vocabulary, each with a type coding', () => {
    for (const [action, codes] of Object.entries(AUDIT_ACTIONS)) {
      const outcome =
        action === 'login-failed' ? { result: 'failure', reason: 'bad-credentials' } : sampleEvent.outcome;
      expect(() => parseAuditEvent({ ...sampleEvent, action, outcome })).not.toThrow();
      expect(codes.type.code).toMatch(/\S/);
    }
    expect(AUDIT_ACTIONS['break-glass-start'].subtype.code).toBe('110127');
    expect(AUDIT_ACTIONS['break-glass-stop'].subtype.code).toBe('110138');
  });

  it.each<[string, unknown]>([
    ['an unknown field', { ...sampleEvent, patientName: 'x' }],
    ['an unknown action', { ...sampleEvent, action: 'peek' }],
    ['an unknown purpose', { ...sampleEvent, purpose: 'CURIOSITY' }],
    ['a local time', { ...sampleEvent, time: '2025-03-01T08:15:30.123+08:00' }],
    ['a time without milliseconds', { ...sampleEvent, time: '2025-03-01T08:15:30Z' }],
    ['an impossible date', { ...sampleEvent, time: '2025-02-30T08:15:30.123Z' }],
    ['a negative sequence number', { ...sampleEvent, seq: -1 }],
    ['a fractional sequence number', { ...sampleEvent, seq: 1.5 }],
    ['a sequence number beyond 2^53', { ...sampleEvent, seq: 2 ** 53 }],
    ['an e-mail address as an id', { ...sampleEvent, actor: { ...sampleEvent.actor, id: 'a@b.example' } }],
    ['a subject by identifier', { ...sampleEvent, subject: { type: 'patient', pseudonym: 'Wang Fang' } }],
    [
      'a free-text failure reason',
      { ...sampleEvent, outcome: { result: 'failure', reason: 'Wang Fang not found' } },
    ],
    ['a success with a reason', { ...sampleEvent, outcome: { result: 'success', reason: 'denied' } }],
    ['a network address that is not an IP', { ...sampleEvent, network: { address: 'pc-of-wang' } }],
    ['a successful login-failed', { ...sampleEvent, action: 'login-failed' }],
    ['a contact recorded by id', { ...sampleEvent, actor: { id: 'c-1', role: 'patient', kind: 'contact' } }],
    [
      "a contact's network address",
      {
        ...sampleEvent,
        actor: { id: subject.pseudonym, role: 'patient', kind: 'contact' },
        network: { address: '1.2.3.4' },
      },
    ],
    ['another version', { ...sampleEvent, v: 2 }],
  ])('rejects %s', (_, input) => {
    expect(() => parseAuditEvent(input)).toThrow(InvalidEvent);
  });

  it('names the failing paths but never the values', () => {
    try {
      parseAuditEvent({ ...sampleEvent, actor: { ...sampleEvent.actor, id: 'wang.fang@example.org' } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidEvent);
      expect((e as InvalidEvent).issues).toEqual(['actor.id: invalid_format']);
      expect((e as Error).message).not.toContain('wang');
    }
  });

  it('accepts a contact actor by pseudonym, without a network address', () => {
    const event = {
      ...sampleEvent,
      actor: { id: subject.pseudonym, role: 'patient', kind: 'contact' as const },
    };
    delete (event as Partial<AuditEvent>).network;
    expect(parseAuditEvent(event)).toEqual(event);
  });

  it('accepts every pseudonym shape as a contact actor, `_` and a leading `-` included', () => {
    for (const id of ['-'.padEnd(43, 'a'), '_'.padEnd(43, 'B'), 'ab_cd'.padEnd(43, '-')]) {
      const event = { ...sampleEvent, actor: { id, role: 'patient', kind: 'contact' as const } };
      delete (event as Partial<AuditEvent>).network;
      expect(parseAuditEvent(event).actor.id).toBe(id);
    }
  });

  it('rejects leaf bytes that are valid JSON but not canonical', () => {
    const pretty = Buffer.from(JSON.stringify(sampleEvent, null, 1));
    expect(() => decodeLeaf(pretty)).toThrow(NotCanonical);
  });
});

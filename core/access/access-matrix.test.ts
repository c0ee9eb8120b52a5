import { describe, expect, it } from 'vitest';
import { asSubject, defineAbilityFor } from './ability.ts';
import { ACTORS, type ActorKey, P, STATES, STRANGER, T, VISITOR } from './access-matrix.fixture.ts';
import { abilityOf } from './actor-ability.ts';
import { ACTIONS, type Action, SUBJECT_NAMES, type SubjectName } from './subjects.ts';

/**
 * The role matrix, declared: for each actor, every `action Subject: state` it is allowed. Every
 * combination not listed must be denied — the test walks the full product of actors × subjects ×
 * states × actions, so a rule that grants too much fails as surely as one that grants too little.
 * docs/compliance/access-control.md is the prose form of this table.
 */
const grant = (actions: Action[], subject: SubjectName, states: string[]) =>
  actions.flatMap((action) => states.map((state) => `${action} ${subject}: ${state}`));

const OWN_PROFILE = [
  ...grant(['read', 'update'], 'User', ['self']),
  ...grant(['read'], 'Tenant', ['own tenant']),
];
const ASSIGNED = ['assigned to me', 'assigned to me, closed'];
const ALL_OWN_TENANT_CONVERSATIONS = Object.keys(STATES.Conversation).filter(
  (s) => !s.startsWith('other tenant'),
);
const OWN_TENANT_GRANTS = Object.keys(STATES.RoleGrant).filter((s) => !s.includes('other tenant'));
const OWN_TENANT_EVENTS = ['about me', 'about my ward', 'about the visitor', 'about someone else'];

// The knowledge base and the canned replies, which every role working conversations reads.
const KNOWLEDGE_READER = [
  ...grant(['read'], 'KnowledgeArticle', ['published', 'draft']),
  ...grant(['read'], 'CannedReply', ['own tenant']),
];
// The ratings of conversations assigned to me (every role that works conversations).
const MY_RATINGS = grant(['read'], 'CsatResponse', ['assigned to me']);
const CANNED_REPLY_EDITOR = grant(['create', 'read', 'update', 'delete'], 'CannedReply', ['own tenant']);

const PERSON = [
  ...grant(['read', 'create'], 'Conversation', ['mine (contact)']),
  ...grant(['read', 'create'], 'Message', ['mine (contact)']),
  ...grant(['create'], 'CsatResponse', ['mine (contact)']),
];
const VERIFIED_PERSON = [
  ...PERSON,
  ...grant(['read', 'update'], 'Contact', ['self']),
  ...grant(['read'], 'Appointment', ['own, held', 'own, completed']),
  ...grant(['create', 'update'], 'Appointment', ['own, held']),
  ...grant(['read'], 'AuditEvent', ['about me']),
  ...grant(['read'], 'Guardianship', ['mine, in force', 'mine, withdrawn']),
  ...grant(['update'], 'Guardianship', ['mine, in force']),
];
// Front-desk work of clinicians and admissions officers: any guardianship of their tenant.
const GUARDIANSHIP_RECORDER = [
  ...grant(['create', 'read'], 'Guardianship', [
    'mine, in force',
    'mine, withdrawn',
    "visitor's, in force",
    "someone else's",
  ]),
  ...grant(['update'], 'Guardianship', ['mine, in force', "visitor's, in force", "someone else's"]),
];

// A widget visitor talks in their own conversations; verified as P, they also reach P's records
// (and still their own), never a ward's or anyone else's.
const VISITOR_TALKS = [
  ...grant(['read', 'create'], 'Conversation', ["visitor's"]),
  ...grant(['read', 'create'], 'Message', ["visitor's"]),
  ...grant(['create'], 'CsatResponse', ["visitor's"]),
];

const VISITOR_VERIFIED_AS_P = [
  ...VISITOR_TALKS,
  ...grant(['read', 'update'], 'Contact', ['self', 'visitor record']),
  ...grant(['read'], 'Appointment', ['own, held', 'own, completed', "visitor's, held"]),
  ...grant(['create', 'update'], 'Appointment', ['own, held', "visitor's, held"]),
  ...grant(['read'], 'AuditEvent', ['about me', 'about the visitor']),
  ...grant(['read'], 'Guardianship', ['mine, in force', 'mine, withdrawn', "visitor's, in force"]),
  ...grant(['update'], 'Guardianship', ['mine, in force', "visitor's, in force"]),
];

const ALLOWED: Record<ActorKey, string[]> = {
  contact: VERIFIED_PERSON,
  'contact (unverified)': PERSON,
  'visitor (verified as P)': VISITOR_VERIFIED_AS_P,
  // The ward's records, read (and appointments changed) for them; never their conversations.
  'visitor (verified as P, guardian)': [
    ...VISITOR_VERIFIED_AS_P,
    ...grant(['read'], 'Contact', ['ward']),
    ...grant(['read', 'update'], 'Appointment', ["ward's, confirmed"]),
    ...grant(['read'], 'AuditEvent', ['about my ward']),
  ],
  'visitor (unverified)': VISITOR_TALKS,
  'visitor (record named, unverified)': VISITOR_TALKS,
  guardian: [
    ...VERIFIED_PERSON,
    ...grant(['read', 'create'], 'Conversation', ["ward's"]),
    ...grant(['read', 'create'], 'Message', ["ward's"]),
    ...grant(['create'], 'CsatResponse', ["ward's"]),
    ...grant(['read'], 'Contact', ['ward']),
    ...grant(['read', 'update'], 'Appointment', ["ward's, confirmed"]),
    ...grant(['read'], 'AuditEvent', ['about my ward']),
  ],
  agent: [
    ...OWN_PROFILE,
    ...grant(['read'], 'Conversation', [...ASSIGNED, 'queued in my queue']),
    ...grant(['assign'], 'Conversation', ['queued in my queue']),
    ...grant(['update'], 'Conversation', ['assigned to me']),
    ...grant(['read'], 'Message', [...ASSIGNED, 'queued in my queue']),
    ...grant(['create'], 'Message', ['assigned to me']),
    ...grant(['read'], 'Contact', ['handled by me']),
    ...grant(['create', 'read', 'update'], 'Appointment', ['booked by me']),
    ...KNOWLEDGE_READER,
    ...MY_RATINGS,
  ],
  supervisor: [
    ...OWN_PROFILE,
    ...grant(['read'], 'User', ['colleague']),
    ...grant(['read'], 'Conversation', [
      ...ASSIGNED,
      'queued in my queue',
      'assigned to a colleague in my queue',
    ]),
    ...grant(['assign'], 'Conversation', ['queued in my queue', 'assigned to a colleague in my queue']),
    ...grant(['update'], 'Conversation', [
      'assigned to me',
      'queued in my queue',
      'assigned to a colleague in my queue',
    ]),
    ...grant(['read'], 'Message', [
      ...ASSIGNED,
      'queued in my queue',
      'assigned to a colleague in my queue',
      'internal note, my queue',
    ]),
    ...grant(['create'], 'Message', ['assigned to me', 'internal note, my queue']),
    ...grant(['read'], 'Contact', ['handled by me']),
    ...KNOWLEDGE_READER,
    ...CANNED_REPLY_EDITOR,
    ...grant(['read'], 'CsatResponse', ['assigned to me', 'my queue']),
    ...grant(['read', 'export'], 'Analytics', ['my queue']),
  ],
  clinician: [
    ...OWN_PROFILE,
    ...grant(['read'], 'Conversation', [...ASSIGNED, 'my care team', 'queued, my care team']),
    ...grant(['assign'], 'Conversation', ['queued, my care team']),
    ...grant(['update'], 'Conversation', ['assigned to me']),
    ...grant(['read'], 'Message', [...ASSIGNED, 'my care team', 'queued, my care team']),
    ...grant(['create'], 'Message', ['assigned to me']),
    ...grant(['read'], 'Contact', ['handled by me', 'my care team']),
    ...grant(['read', 'update'], 'Appointment', ['my care team']),
    ...GUARDIANSHIP_RECORDER,
    ...grant(['create'], 'BreakGlass', ['mine, unreviewed']),
    ...grant(['read'], 'BreakGlass', ['mine, unreviewed', 'mine, other purpose']),
    ...KNOWLEDGE_READER,
    ...MY_RATINGS,
  ],
  'clinician (no MFA)': OWN_PROFILE,
  admissions_officer: [
    ...OWN_PROFILE,
    ...grant(['read'], 'Conversation', [...ASSIGNED, 'my school', 'queued, my school']),
    ...grant(['assign'], 'Conversation', ['queued, my school']),
    ...grant(['update'], 'Conversation', ['assigned to me']),
    ...grant(['read'], 'Message', [...ASSIGNED, 'my school', 'queued, my school']),
    ...grant(['create'], 'Message', ['assigned to me']),
    ...grant(['read'], 'Contact', ['handled by me', 'my school']),
    ...grant(['create', 'read', 'update'], 'Appointment', ['my school']),
    ...GUARDIANSHIP_RECORDER,
    ...KNOWLEDGE_READER,
    ...MY_RATINGS,
  ],
  tenant_admin: [
    ...OWN_PROFILE,
    ...grant(['update'], 'Tenant', ['own tenant']),
    ...grant(['read', 'update'], 'TenantSettings', ['own tenant']),
    ...grant(['create', 'read', 'update'], 'User', ['self', 'colleague']),
    ...grant(['delete'], 'User', ['colleague']),
    ...grant(['read'], 'RoleGrant', OWN_TENANT_GRANTS),
    ...grant(['create', 'delete'], 'RoleGrant', ['agent for a colleague']),
    ...grant(['read'], 'Conversation', ALL_OWN_TENANT_CONVERSATIONS),
    ...grant(['create', 'read', 'update', 'delete'], 'KnowledgeArticle', ['published', 'draft']),
    ...CANNED_REPLY_EDITOR,
    ...grant(['read', 'export'], 'Analytics', ['whole tenant', 'my queue', 'another queue']),
  ],
  auditor: [
    ...OWN_PROFILE,
    ...grant(['read'], 'User', ['colleague']),
    ...grant(['read'], 'TenantSettings', ['own tenant']),
    ...grant(['read'], 'RoleGrant', OWN_TENANT_GRANTS),
    ...grant(['read', 'export', 'verify'], 'AuditEvent', OWN_TENANT_EVENTS),
    ...grant(['read'], 'BreakGlass', [
      'mine, unreviewed',
      'mine, other purpose',
      "colleague's, unreviewed",
      "colleague's, reviewed",
    ]),
    ...grant(['review'], 'BreakGlass', ["colleague's, unreviewed"]),
  ],
  platform_operator: [
    ...grant(['create', 'read', 'update'], 'Tenant', ['own tenant', 'other tenant']),
    ...grant(['create', 'read'], 'User', ['self', 'colleague', 'other tenant']),
    ...grant(['create', 'read', 'delete'], 'RoleGrant', [
      'tenant_admin for a colleague',
      'auditor for a colleague',
    ]),
    ...grant(['verify'], 'AuditEvent', [...OWN_TENANT_EVENTS, 'other tenant, about me']),
  ],
};

describe('role matrix: every actor × subject × state × action', () => {
  it('declares only states that exist', () => {
    for (const entries of Object.values(ALLOWED)) {
      for (const entry of entries) {
        const [, subject, state] = /^\w+ (\w+): (.+)$/.exec(entry) ?? [];
        expect(STATES[subject as SubjectName]?.[state!], entry).toBeDefined();
      }
    }
  });

  const rows = (Object.keys(ACTORS) as ActorKey[]).flatMap((actor) =>
    SUBJECT_NAMES.map((subject) => [actor, subject] as const),
  );
  it.each(rows)('%s on %s', (actorKey, subject) => {
    const ability = defineAbilityFor(ACTORS[actorKey]);
    const allowed: string[] = [];
    for (const [state, attributes] of Object.entries(STATES[subject])) {
      for (const action of ACTIONS) {
        if (ability.can(action, asSubject(subject, attributes)))
          allowed.push(`${action} ${subject}: ${state}`);
      }
    }
    const expected = ALLOWED[actorKey].filter((entry) => entry.split(' ')[1] === `${subject}:`);
    expect(allowed.sort()).toEqual([...new Set(expected)].sort());
  });
});

describe('the cached ability of a verified visitor', () => {
  it('follows the record proven: one visitor verified as two people in turn gets two abilities', () => {
    const visitor = (verifiedSubjectId: string) =>
      ({
        kind: 'contact',
        id: VISITOR,
        role: 'contact',
        tenantId: T,
        roles: ['contact'],
        verified: true,
        verifiedSubjectId,
      }) as const;
    const record = (id: string) => asSubject('Contact', { tenantId: T, id });
    expect(abilityOf(visitor(P)).can('read', record(P))).toBe(true);
    expect(abilityOf(visitor(STRANGER)).can('read', record(P))).toBe(false);
    expect(abilityOf(visitor(STRANGER)).can('read', record(STRANGER))).toBe(true);
    expect(abilityOf(visitor(P)).can('read', record(STRANGER))).toBe(false);
  });
});

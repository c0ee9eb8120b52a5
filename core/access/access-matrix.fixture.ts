import type { AccessActor } from './access-actor.ts';
import type { SubjectName } from './subjects.ts';

// Opaque identifiers only: no names or contact data in fixtures.
export const T = 'tenant-1';
export const T2 = 'tenant-2';
export const ME = 'staff-me';
export const OTHER = 'staff-other';
export const P = 'person-me';
export const WARD = 'person-ward';
export const STRANGER = 'person-other';
/** A widget visitor's own contact record; verified, they prove to be `P` (the directory record). */
export const VISITOR = 'person-visitor';
export const Q1 = 'queue-mine';
export const Q2 = 'queue-other';
export const S1 = 'school-mine';
export const S2 = 'school-other';

const staff = (roles: AccessActor['roles'], extra: Partial<AccessActor> = {}): AccessActor => ({
  id: ME,
  tenantId: T,
  roles,
  mfa: true,
  ...extra,
});

/** One actor per role (and the variants whose rules differ), as the matrix rows. */
export const ACTORS = {
  contact: { id: P, tenantId: T, roles: ['contact'], mfa: false, verified: true },
  'contact (unverified)': { id: P, tenantId: T, roles: ['contact'], mfa: false, verified: false },
  guardian: { id: P, tenantId: T, roles: ['guardian'], mfa: false, verified: true, wardIds: [WARD] },
  // A widget visitor: by a one-time code or a knowledge check, the visitor proved to be P.
  'visitor (verified as P)': {
    id: VISITOR,
    tenantId: T,
    roles: ['contact'],
    mfa: false,
    verified: true,
    verifiedSubjectId: P,
  },
  // Verified as P, who has consent in force for WARD (core/contacts/guardianship.service.ts).
  'visitor (verified as P, guardian)': {
    id: VISITOR,
    tenantId: T,
    roles: ['contact'],
    mfa: false,
    verified: true,
    verifiedSubjectId: P,
    wardIds: [WARD],
  },
  'visitor (unverified)': { id: VISITOR, tenantId: T, roles: ['contact'], mfa: false, verified: false },
  // A record named without the verified level (an expired assurance is dropped whole; this checks
  // that the attribute alone grants nothing).
  'visitor (record named, unverified)': {
    id: VISITOR,
    tenantId: T,
    roles: ['contact'],
    mfa: false,
    verified: false,
    verifiedSubjectId: P,
  },
  agent: staff(['agent'], { mfa: false, queueIds: [Q1] }),
  supervisor: staff(['supervisor'], { mfa: false, queueIds: [Q1] }),
  clinician: staff(['clinician']),
  'clinician (no MFA)': staff(['clinician'], { mfa: false }),
  admissions_officer: staff(['admissions_officer'], { mfa: false, schoolIds: [S1] }),
  tenant_admin: staff(['tenant_admin']),
  auditor: staff(['auditor']),
  platform_operator: staff(['platform_operator'], { tenantId: undefined }),
} satisfies Record<string, AccessActor>;

export type ActorKey = keyof typeof ACTORS;

const conversation = (over: Record<string, unknown>) => ({
  tenantId: T,
  id: 'conv-1',
  contactId: STRANGER,
  assigneeId: null,
  queueId: Q2,
  status: 'assigned',
  careTeam: [],
  schoolId: null,
  priority: 1,
  ...over,
});

const CONVERSATIONS = {
  'mine (contact)': conversation({ contactId: P, status: 'bot' }),
  "visitor's": conversation({ contactId: VISITOR, status: 'bot' }),
  "ward's": conversation({ contactId: WARD, assigneeId: OTHER }),
  'assigned to me': conversation({ assigneeId: ME }),
  'assigned to me, closed': conversation({ assigneeId: ME, status: 'closed' }),
  'queued in my queue': conversation({ status: 'queued', queueId: Q1 }),
  'queued in another queue': conversation({ status: 'queued' }),
  'assigned to a colleague in my queue': conversation({ queueId: Q1, assigneeId: OTHER }),
  'assigned to a colleague elsewhere': conversation({ assigneeId: OTHER }),
  'my care team': conversation({ careTeam: [ME, OTHER], assigneeId: OTHER }),
  'queued, my care team': conversation({ careTeam: [ME], status: 'queued' }),
  'my school': conversation({ schoolId: S1, assigneeId: OTHER }),
  'queued, my school': conversation({ schoolId: S1, status: 'queued' }),
  'other school': conversation({ schoolId: S2, status: 'queued' }),
  // Every attribute matches some rule, except the tenant.
  'other tenant, otherwise mine': conversation({
    tenantId: T2,
    contactId: P,
    assigneeId: ME,
    queueId: Q1,
    careTeam: [ME],
    schoolId: S1,
  }),
};

const messages = Object.fromEntries(
  Object.entries(CONVERSATIONS).map(([name, value]) => [
    name,
    { ...value, conversationId: value.id, internal: false },
  ]),
);

/** Named states of each subject: the matrix columns. */
export const STATES: Record<SubjectName, Record<string, Record<string, unknown>>> = {
  Tenant: { 'own tenant': { tenantId: T }, 'other tenant': { tenantId: T2 } },
  TenantSettings: { 'own tenant': { tenantId: T }, 'other tenant': { tenantId: T2 } },
  User: {
    self: { tenantId: T, id: ME, roles: ['agent'] },
    colleague: { tenantId: T, id: OTHER, roles: ['agent'] },
    'other tenant': { tenantId: T2, id: OTHER, roles: ['agent'] },
  },
  RoleGrant: {
    'agent for a colleague': { tenantId: T, userId: OTHER, role: 'agent' },
    'tenant_admin for a colleague': { tenantId: T, userId: OTHER, role: 'tenant_admin' },
    'auditor for a colleague': { tenantId: T, userId: OTHER, role: 'auditor' },
    'agent for self': { tenantId: T, userId: ME, role: 'agent' },
    'agent in other tenant': { tenantId: T2, userId: OTHER, role: 'agent' },
  },
  Conversation: CONVERSATIONS,
  Message: {
    ...messages,
    'internal note on mine (contact)': { ...messages['mine (contact)'], internal: true },
    'internal note, my queue': { ...messages['assigned to a colleague in my queue'], internal: true },
  },
  Contact: {
    self: { tenantId: T, id: P, careTeam: [], schoolId: null, assigneeIds: [] },
    ward: { tenantId: T, id: WARD, careTeam: [], schoolId: null, assigneeIds: [] },
    'visitor record': { tenantId: T, id: VISITOR, careTeam: [], schoolId: null, assigneeIds: [] },
    'handled by me': { tenantId: T, id: STRANGER, careTeam: [], schoolId: null, assigneeIds: [ME] },
    'my care team': { tenantId: T, id: STRANGER, careTeam: [ME], schoolId: null, assigneeIds: [] },
    'my school': { tenantId: T, id: STRANGER, careTeam: [], schoolId: S1, assigneeIds: [] },
    unrelated: { tenantId: T, id: STRANGER, careTeam: [OTHER], schoolId: S2, assigneeIds: [OTHER] },
    'other tenant, otherwise mine': { tenantId: T2, id: P, careTeam: [ME], schoolId: S1, assigneeIds: [ME] },
  },
  Appointment: {
    'own, held': {
      tenantId: T,
      contactId: P,
      status: 'pending',
      careTeam: [],
      schoolId: null,
      bookedById: null,
    },
    'own, completed': {
      tenantId: T,
      contactId: P,
      status: 'fulfilled',
      careTeam: [],
      schoolId: null,
      bookedById: null,
    },
    "visitor's, held": {
      tenantId: T,
      contactId: VISITOR,
      status: 'pending',
      careTeam: [],
      schoolId: null,
      bookedById: null,
    },
    "ward's, confirmed": {
      tenantId: T,
      contactId: WARD,
      status: 'booked',
      careTeam: [],
      schoolId: null,
      bookedById: null,
    },
    'booked by me': {
      tenantId: T,
      contactId: STRANGER,
      status: 'pending',
      careTeam: [],
      schoolId: null,
      bookedById: ME,
    },
    'my care team': {
      tenantId: T,
      contactId: STRANGER,
      status: 'booked',
      careTeam: [ME],
      schoolId: null,
      bookedById: null,
    },
    'my school': {
      tenantId: T,
      contactId: STRANGER,
      status: 'booked',
      careTeam: [],
      schoolId: S1,
      bookedById: null,
    },
    unrelated: {
      tenantId: T,
      contactId: STRANGER,
      status: 'pending',
      careTeam: [OTHER],
      schoolId: S2,
      bookedById: OTHER,
    },
    'other tenant, otherwise mine': {
      tenantId: T2,
      contactId: P,
      status: 'pending',
      careTeam: [ME],
      schoolId: S1,
      bookedById: ME,
    },
  },
  AuditEvent: {
    'about me': { tenantId: T, dataSubjectId: P },
    'about my ward': { tenantId: T, dataSubjectId: WARD },
    'about the visitor': { tenantId: T, dataSubjectId: VISITOR },
    'about someone else': { tenantId: T, dataSubjectId: STRANGER },
    'other tenant, about me': { tenantId: T2, dataSubjectId: P },
  },
  BreakGlass: {
    'mine, unreviewed': { tenantId: T, requesterId: ME, purpose: 'ETREAT', reviewed: false },
    'mine, other purpose': { tenantId: T, requesterId: ME, purpose: 'TREAT', reviewed: false },
    "colleague's, unreviewed": { tenantId: T, requesterId: OTHER, purpose: 'ETREAT', reviewed: false },
    "colleague's, reviewed": { tenantId: T, requesterId: OTHER, purpose: 'ETREAT', reviewed: true },
    'other tenant': { tenantId: T2, requesterId: OTHER, purpose: 'ETREAT', reviewed: false },
  },
  KnowledgeArticle: {
    published: { tenantId: T, id: 'kb-1', locale: 'zh-CN', status: 'published', tags: [], intent: null },
    draft: { tenantId: T, id: 'kb-2', locale: 'en', status: 'draft', tags: ['parking'], intent: 'parking' },
    'other tenant': {
      tenantId: T2,
      id: 'kb-3',
      locale: 'zh-CN',
      status: 'published',
      tags: [],
      intent: null,
    },
  },
  CannedReply: {
    'own tenant': { tenantId: T, id: 'reply-1', shortcut: 'greeting' },
    'other tenant': { tenantId: T2, id: 'reply-2', shortcut: 'greeting' },
  },
  CsatResponse: {
    'mine (contact)': { tenantId: T, conversationId: 'conv-1', contactId: P, queueId: Q2, assigneeId: OTHER },
    "ward's": { tenantId: T, conversationId: 'conv-2', contactId: WARD, queueId: Q2, assigneeId: OTHER },
    "visitor's": {
      tenantId: T,
      conversationId: 'conv-7',
      contactId: VISITOR,
      queueId: Q2,
      assigneeId: OTHER,
    },
    'assigned to me': {
      tenantId: T,
      conversationId: 'conv-3',
      contactId: STRANGER,
      queueId: Q2,
      assigneeId: ME,
    },
    'my queue': {
      tenantId: T,
      conversationId: 'conv-4',
      contactId: STRANGER,
      queueId: Q1,
      assigneeId: OTHER,
    },
    unrelated: { tenantId: T, conversationId: 'conv-5', contactId: STRANGER, queueId: Q2, assigneeId: OTHER },
    'other tenant, otherwise mine': {
      tenantId: T2,
      conversationId: 'conv-6',
      contactId: P,
      queueId: Q1,
      assigneeId: ME,
    },
  },
  Guardianship: {
    'mine, in force': { tenantId: T, id: 'g-1', guardianId: P, minorId: WARD, consent: 'granted' },
    'mine, withdrawn': { tenantId: T, id: 'g-2', guardianId: P, minorId: WARD, consent: 'withdrawn' },
    "visitor's, in force": { tenantId: T, id: 'g-3', guardianId: VISITOR, minorId: WARD, consent: 'granted' },
    "someone else's": { tenantId: T, id: 'g-4', guardianId: STRANGER, minorId: WARD, consent: 'granted' },
    'other tenant, mine': { tenantId: T2, id: 'g-5', guardianId: P, minorId: WARD, consent: 'granted' },
  },
  Analytics: {
    'whole tenant': { tenantId: T },
    'my queue': { tenantId: T, queueId: Q1 },
    'another queue': { tenantId: T, queueId: Q2 },
    'other tenant, my queue': { tenantId: T2, queueId: Q1 },
  },
};

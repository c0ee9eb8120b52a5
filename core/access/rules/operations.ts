import type { RoleRules, RuleKit } from '../rule-kit.ts';
import type { FieldOf } from '../subjects.ts';

// Conversation fields staff may change while working it: transfer (queue), close (status), triage.
const WORK_FIELDS: readonly FieldOf<'Conversation'>[] = ['status', 'queueId', 'priority', 'tags'];
// What an agent needs to greet and route a person, nothing that identifies them elsewhere.
const CONTACT_FOR_AGENT: readonly FieldOf<'Contact'>[] = [
  'tenantId',
  'id',
  'displayName',
  'preferredLanguage',
];
const CONTACT_CLINICAL: readonly FieldOf<'Contact'>[] = [
  ...CONTACT_FOR_AGENT,
  'phone',
  'email',
  'dateOfBirth',
  'medicalRecordNumber',
];
const CONTACT_ADMISSIONS: readonly FieldOf<'Contact'>[] = [
  ...CONTACT_FOR_AGENT,
  'phone',
  'email',
  'dateOfBirth',
  'studentNumber',
  'gradeLevel',
];
const STAFF_DIRECTORY: readonly FieldOf<'User'>[] = [
  'tenantId',
  'id',
  'displayName',
  'roles',
  'queueIds',
  'disabled',
];

/** Every staff member: their own profile, and their tenant's public description. */
export function selfRules(kit: RuleKit, actorId: string): void {
  kit.allow('read', 'User', { id: actorId }, [
    'tenantId',
    'id',
    'displayName',
    'roles',
    'queueIds',
    'schoolIds',
    'mfaEnrolled',
    'locale',
  ]);
  kit.allow('update', 'User', { id: actorId }, ['displayName', 'locale']);
  kit.allow('read', 'Tenant', {}, ['tenantId', 'slug', 'name', 'locale', 'timeZone', 'displayNames']);
}

/**
 * Working one's own conversations: reply (notes included) while assigned, transfer to a queue or
 * a colleague (`assigneeId`), close; read after closing, with the contact's rating of it.
 */
function assignedWork(kit: RuleKit, actorId: string): void {
  kit.allow('read', ['Conversation', 'Message'], { assigneeId: actorId });
  kit.allow('update', 'Conversation', { assigneeId: actorId, status: 'assigned' }, [
    ...WORK_FIELDS,
    'assigneeId',
  ]);
  kit.allow('create', 'Message', { assigneeId: actorId, status: 'assigned' });
  kit.allow('read', 'Contact', { assigneeIds: actorId }, CONTACT_FOR_AGENT);
  kit.allow('read', 'CsatResponse', { assigneeId: actorId });
}

/**
 * The knowledge base the assistant answers from, drafts included: staff look answers up too. So
 * are the tenant's canned replies.
 */
function knowledgeReader(kit: RuleKit): void {
  kit.allow('read', 'KnowledgeArticle', {});
  kit.allow('read', 'CannedReply', {});
}

/**
 * Recording who is a minor's guardian and withdrawing consent: front-desk work of clinicians and
 * admissions officers for the whole tenant (a minor may have no conversation, hence no care team
 * or school yet). Agents see display names only, and the tenant admin no content: neither may.
 */
function guardianshipRecorder(kit: RuleKit): void {
  kit.allow(['create', 'read'], 'Guardianship', {});
  kit.allow('update', 'Guardianship', { consent: 'granted' }, ['consent']);
}

/** Agents: their assigned conversations, and the waiting ones of their queues (Chatwoot #3272). */
export const agentRules: RoleRules = (kit, actor) => {
  const queueId = { $in: actor.queueIds ?? [] };
  selfRules(kit, actor.id);
  assignedWork(kit, actor.id);
  knowledgeReader(kit);
  kit.allow(['read', 'assign'], 'Conversation', { status: 'queued', queueId });
  kit.allow('read', 'Message', { status: 'queued', queueId });
  kit.allow('create', 'Appointment', { bookedById: actor.id });
  kit.allow(['read', 'update'], 'Appointment', { bookedById: actor.id }, [
    'tenantId',
    'id',
    'contactId',
    'status',
    'service',
    'location',
    'startsAt',
    'endsAt',
  ]);
};

/**
 * Supervisors: everything in their queues, open or closed, with its ratings; reassign; whisper
 * internal notes; keep the team's canned replies.
 */
export const supervisorRules: RoleRules = (kit, actor) => {
  const queueId = { $in: actor.queueIds ?? [] };
  selfRules(kit, actor.id);
  assignedWork(kit, actor.id);
  knowledgeReader(kit);
  kit.allow(['read'], ['Conversation', 'Message'], { queueId });
  kit.allow('assign', 'Conversation', { queueId, status: { $in: ['queued', 'assigned'] } });
  kit.allow('update', 'Conversation', { queueId, status: { $ne: 'closed' } }, [...WORK_FIELDS, 'assigneeId']);
  kit.allow('create', 'Message', { queueId, internal: true, status: { $ne: 'closed' } });
  kit.allow('read', 'User', {}, STAFF_DIRECTORY);
  kit.allow(['create', 'update', 'delete'], 'CannedReply', {});
  kit.allow('read', 'CsatResponse', { queueId });
  kit.allow(['read', 'export'], 'Analytics', { queueId });
};

/** Clinicians: the people whose care team they are on (HIPAA minimum necessary, §164.514(d)). */
export const clinicianRules: RoleRules = (kit, actor) => {
  selfRules(kit, actor.id);
  assignedWork(kit, actor.id);
  knowledgeReader(kit);
  kit.allow('read', ['Conversation', 'Message'], { careTeam: actor.id });
  kit.allow('assign', 'Conversation', { status: 'queued', careTeam: actor.id });
  kit.allow('read', 'Contact', { careTeam: actor.id }, CONTACT_CLINICAL);
  kit.allow(['read', 'update'], 'Appointment', { careTeam: actor.id });
  guardianshipRecorder(kit);
  kit.allow('create', 'BreakGlass', { requesterId: actor.id, purpose: 'ETREAT' });
  kit.allow('read', 'BreakGlass', { requesterId: actor.id });
};

/** Admissions officers: enquiries and applicants of their own schools (FERPA legitimate interest). */
export const admissionsOfficerRules: RoleRules = (kit, actor) => {
  const schoolId = { $in: actor.schoolIds ?? [] };
  selfRules(kit, actor.id);
  assignedWork(kit, actor.id);
  knowledgeReader(kit);
  kit.allow('read', ['Conversation', 'Message'], { schoolId });
  kit.allow('assign', 'Conversation', { status: 'queued', schoolId });
  kit.allow('read', 'Contact', { schoolId }, CONTACT_ADMISSIONS);
  kit.allow(['create', 'read', 'update'], 'Appointment', { schoolId });
  guardianshipRecorder(kit);
};

/**
 * Break-glass: while a window is open, its requester reads the one data subject's clinical record
 * and conversations, whoever's care team they are on. Nothing more: no writes, no other subjects.
 */
export function emergencyRules(kit: RuleKit, subjectIds: readonly string[]): void {
  if (subjectIds.length === 0) return;
  kit.allow('read', 'Contact', { id: { $in: [...subjectIds] } }, CONTACT_CLINICAL);
  kit.allow('read', ['Conversation', 'Message'], { contactId: { $in: [...subjectIds] } });
}

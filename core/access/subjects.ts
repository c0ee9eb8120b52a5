/**
 * What can be done to what. Subjects are the authorization view of each domain object: the
 * attributes rules may test (flat, so that every condition also has a SQL column) and the fields a
 * response may carry. Objects that do not exist yet (conversations, appointments…) are declared
 * here first so that their rules are written, tested and reviewed before their code.
 */
export const ACTIONS = [
  'create',
  'read',
  'update',
  'delete',
  'assign',
  'export',
  'verify',
  'review',
] as const;
export type Action = (typeof ACTIONS)[number];

export const SUBJECT_FIELDS = {
  Tenant: ['tenantId', 'slug', 'name', 'vertical', 'locale', 'timeZone', 'displayNames', 'createdAt'],
  TenantSettings: ['tenantId', 'channels', 'knowledgeBase', 'flows', 'retention', 'masking'],
  User: [
    'tenantId',
    'id',
    'loginName',
    'displayName',
    'roles',
    'queueIds',
    'schoolIds',
    'disabled',
    'mfaEnrolled',
    'locale',
    'createdAt',
  ],
  RoleGrant: ['tenantId', 'userId', 'role', 'grantedBy', 'grantedAt'],
  // `careTeam` and `schoolId` are copied from the contact so that rules need no join.
  Conversation: [
    'tenantId',
    'id',
    'contactId',
    'assigneeId',
    'queueId',
    'status',
    'channel',
    'careTeam',
    'schoolId',
    'priority',
    'tags',
    'createdAt',
    'closedAt',
    // The workspace inbox's routing and activity metadata (core/conversations/workspace.ts).
    'locale',
    'handoffReason',
    'queuedAt',
    'slaFirstResponseDue',
    'slaResolutionDue',
    'lastMessageAt',
    'unreadCount',
    'disposition',
    'closedBy',
  ],
  // A message carries its conversation's access attributes (denormalised by the repository).
  Message: [
    'tenantId',
    'id',
    'conversationId',
    'contactId',
    'assigneeId',
    'queueId',
    'status',
    'careTeam',
    'schoolId',
    'internal',
    'authorKind',
    'body',
    'createdAt',
  ],
  // `assigneeIds`: staff assigned to an open conversation of this contact (derived, never stored).
  Contact: [
    'tenantId',
    'id',
    'displayName',
    'preferredLanguage',
    'phone',
    'email',
    'dateOfBirth',
    'nationalId',
    'medicalRecordNumber',
    'studentNumber',
    'gradeLevel',
    'careTeam',
    'schoolId',
    'assigneeIds',
  ],
  Appointment: [
    'tenantId',
    'id',
    'contactId',
    'bookedById',
    'careTeam',
    'schoolId',
    'status',
    'service',
    'location',
    'startsAt',
    'endsAt',
    'note',
  ],
  // `dataSubjectId` lets a verified person see who accessed their data (HIPAA §164.528, FERPA §99.32).
  AuditEvent: [
    'tenantId',
    'seq',
    'occurredAt',
    'action',
    'actorPseudonym',
    'actorRole',
    'dataSubjectId',
    'purpose',
    'outcome',
    'leafHash',
  ],
  BreakGlass: [
    'tenantId',
    'id',
    'requesterId',
    'dataSubjectId',
    'reason',
    'purpose',
    'openedAt',
    'expiresAt',
    'reviewed',
    'reviewerId',
    'reviewNote',
  ],
  // Tenant content (FAQ answers), not personal data.
  KnowledgeArticle: ['tenantId', 'id', 'locale', 'status', 'tags', 'intent', 'title'],
  // Tenant content: reply templates with variables, filled in when sent.
  CannedReply: ['tenantId', 'id', 'shortcut', 'title', 'bodies', 'updatedAt'],
  // A contact's rating of a closed conversation; it carries the conversation's queue and assignee.
  CsatResponse: [
    'tenantId',
    'conversationId',
    'contactId',
    'queueId',
    'assigneeId',
    'score',
    'comment',
    'createdAt',
  ],
  // A guardian ↔ minor relationship (core/contacts/guardianship.service.ts): ids and consent only.
  Guardianship: ['tenantId', 'id', 'guardianId', 'minorId', 'relationship', 'consent'],
  // Daily service metrics (core/analytics): counts and durations, never a person or a message.
  Analytics: ['tenantId', 'queueId'],
} as const satisfies Record<string, readonly string[]>;

export type SubjectName = keyof typeof SUBJECT_FIELDS;
export const SUBJECT_NAMES = Object.keys(SUBJECT_FIELDS) as SubjectName[];
export type FieldOf<S extends SubjectName> = (typeof SUBJECT_FIELDS)[S][number];

export const CONVERSATION_STATUSES = ['bot', 'queued', 'assigned', 'closed'] as const;
// FHIR R4 Appointment.status, the subset Custos uses: `pending` is a hold, `booked` confirmed.
export const APPOINTMENT_STATUSES = ['pending', 'booked', 'cancelled', 'noshow', 'fulfilled'] as const;

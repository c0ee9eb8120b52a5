import type { AccessActor } from '../access-actor.ts';
import type { RoleRules, RuleKit } from '../rule-kit.ts';
import type { FieldOf } from '../subjects.ts';

// What a person may see of their own record: everything about them, nothing about who handles it.
const OWN_CONTACT: readonly FieldOf<'Contact'>[] = [
  'tenantId',
  'id',
  'displayName',
  'preferredLanguage',
  'phone',
  'email',
  'dateOfBirth',
  'medicalRecordNumber',
  'studentNumber',
  'gradeLevel',
];
const OWN_APPOINTMENT: readonly FieldOf<'Appointment'>[] = [
  'tenantId',
  'id',
  'contactId',
  'status',
  'service',
  'location',
  'startsAt',
  'endsAt',
];
const OWN_CONVERSATION: readonly FieldOf<'Conversation'>[] = [
  'tenantId',
  'id',
  'contactId',
  'status',
  'channel',
  'createdAt',
  'closedAt',
];
const OWN_MESSAGE: readonly FieldOf<'Message'>[] = [
  'tenantId',
  'id',
  'conversationId',
  'authorKind',
  'body',
  'createdAt',
];
// An accounting of disclosures names the role and purpose, not the staff member's pseudonym.
const DISCLOSURE: readonly FieldOf<'AuditEvent'>[] = [
  'tenantId',
  'occurredAt',
  'action',
  'actorRole',
  'purpose',
  'outcome',
];

/**
 * A contact acts for `people`: themself, and for a guardian also the minors in their care. An
 * anonymous widget visitor reaches only their conversations; reading or changing personal data
 * (profile, appointments, the accounting of disclosures) needs the verified level. A widget
 * visitor who proved to be a directory record (`verifiedSubjectId`, by a one-time code or a
 * knowledge check) reaches that record's data as well as their own, while their conversations
 * stay those of the visitor.
 */
function personRules(kit: RuleKit, actor: AccessActor, people: readonly string[]): void {
  const contactId = { $in: people };
  kit.allow('read', 'Conversation', { contactId }, OWN_CONVERSATION);
  kit.allow('create', 'Conversation', { contactId });
  kit.allow('read', 'Message', { contactId, internal: false }, OWN_MESSAGE);
  kit.allow('create', 'Message', { contactId, internal: false, status: { $ne: 'closed' } });
  // Rating a closed conversation: anonymous visitors too, since they are the ones asked.
  kit.allow('create', 'CsatResponse', { contactId });
  if (!actor.verified) return;
  const proven = actor.verifiedSubjectId ? [actor.verifiedSubjectId] : [];
  // A visitor proven to be a guardian reads for the minors in their care, with consent in force
  // (core/contacts/guardianship.service.ts), but does not converse or update records as them.
  const wards = proven.length > 0 ? (actor.wardIds ?? []) : [];
  const records = { $in: [...new Set([...people, ...proven, ...wards])] };
  kit.allow('read', 'Contact', { id: records }, OWN_CONTACT);
  kit.allow('update', 'Contact', { id: { $in: [actor.id, ...proven] } }, [
    'displayName',
    'preferredLanguage',
    'phone',
    'email',
  ]);
  kit.allow('read', 'Appointment', { contactId: records }, OWN_APPOINTMENT);
  kit.allow('create', 'Appointment', { contactId: records, status: 'pending' });
  kit.allow('update', 'Appointment', { contactId: records, status: { $in: ['pending', 'booked'] } }, [
    'status',
    'startsAt',
    'endsAt',
  ]);
  kit.allow('read', 'AuditEvent', { dataSubjectId: records }, DISCLOSURE);
  // A guardian may withdraw the consent their own guardianships rest on.
  const guardianId = { $in: [actor.id, ...proven] };
  kit.allow('read', 'Guardianship', { guardianId });
  kit.allow('update', 'Guardianship', { guardianId, consent: 'granted' }, ['consent']);
}

export const contactRules: RoleRules = (kit, actor) => personRules(kit, actor, [actor.id]);

export const guardianRules: RoleRules = (kit, actor) =>
  personRules(kit, actor, [actor.id, ...(actor.wardIds ?? [])]);

import { describe, expect, it } from 'vitest';
import { defineAbilityFor } from './ability.ts';
import { ACTORS, ME, OTHER, Q1, STATES, T } from './access-matrix.fixture.ts';
import { authorize, permittedFields, pickPermitted } from './authorize.ts';
import { checkSeparationOfDuties, MFA_ROLES, OPERATIONS_ROLES, type Role, requiresMfa } from './roles.ts';

const conversation = { ...STATES.Conversation['assigned to me']!, channel: 'web', tags: [], createdAt: 'x' };

describe('authorize()', () => {
  it('passes silently when allowed and throws AppError(forbidden) naming only action and type', () => {
    const agent = defineAbilityFor(ACTORS.agent);
    expect(() => authorize(agent, 'read', { type: 'Conversation', attributes: conversation })).not.toThrow();
    expect(() => authorize(agent, 'delete', { type: 'Conversation', attributes: conversation })).toThrow(
      expect.objectContaining({
        code: 'forbidden',
        message: 'Not allowed to delete this Conversation.',
        details: { action: 'delete', subject: 'Conversation' },
      }),
    );
  });

  it('answers type-level questions: may this actor create any appointment?', () => {
    expect(() => authorize(defineAbilityFor(ACTORS.agent), 'create', 'Appointment')).not.toThrow();
    expect(() => authorize(defineAbilityFor(ACTORS.tenant_admin), 'create', 'Appointment')).toThrow(
      /create this Appointment/,
    );
  });

  it('checks single fields: nobody changes their own roles, disabled flag or queues', () => {
    const admin = defineAbilityFor(ACTORS.tenant_admin);
    const self = { type: 'User' as const, attributes: { tenantId: T, id: ME } };
    const colleague = { type: 'User' as const, attributes: { tenantId: T, id: OTHER } };
    expect(() => authorize(admin, 'update', colleague, 'disabled')).not.toThrow();
    expect(() => authorize(admin, 'update', self, 'displayName')).not.toThrow();
    for (const field of ['disabled', 'queueIds', 'roles']) {
      expect(() => authorize(admin, 'update', self, field)).toThrow(
        expect.objectContaining({ details: expect.objectContaining({ field }) }),
      );
    }
  });

  it('gives nothing to an actor without a tenant unless it is the operator', () => {
    const lost = defineAbilityFor({
      id: ME,
      tenantId: undefined,
      roles: ['agent'],
      mfa: true,
      queueIds: [Q1],
    });
    expect(lost.rules).toEqual([]);
  });
});

describe('field allow-lists', () => {
  it('a tenant admin sees routing metadata of a conversation, not who it is with', () => {
    const fields = permittedFields(defineAbilityFor(ACTORS.tenant_admin), 'read', {
      type: 'Conversation',
      attributes: conversation,
    });
    expect(fields).toContain('status');
    expect(fields).not.toContain('contactId');
    expect(fields).not.toContain('careTeam');
  });

  it('pickPermitted drops what the role may not read', () => {
    const contact = {
      ...STATES.Contact['handled by me']!,
      displayName: 'x',
      dateOfBirth: '2000-01-01',
      nationalId: 'n',
      phone: 'p',
    };
    expect(Object.keys(pickPermitted(defineAbilityFor(ACTORS.agent), 'Contact', contact)).sort()).toEqual(
      ['displayName', 'id', 'tenantId'].sort(),
    );
    expect(pickPermitted(defineAbilityFor(ACTORS.auditor), 'Contact', contact)).toEqual({});
  });

  it('fields from several rules add up; a rule without a field list allows every declared field', () => {
    const both = { ...conversation, assigneeId: ME };
    const agentFields = permittedFields(defineAbilityFor(ACTORS.agent), 'read', {
      type: 'Conversation',
      attributes: both,
    });
    expect(agentFields).toContain('contactId');
    const mixed = defineAbilityFor({
      ...ACTORS.tenant_admin,
      roles: ['tenant_admin', 'agent'],
      queueIds: [Q1],
    });
    expect(permittedFields(mixed, 'read', { type: 'Conversation', attributes: both })).toContain('contactId');
    const notMine = { ...conversation, assigneeId: OTHER };
    expect(permittedFields(mixed, 'read', { type: 'Conversation', attributes: notMine })).not.toContain(
      'contactId',
    );
  });

  it('a person reads their own messages without the internal flags', () => {
    const message = { ...STATES.Message['mine (contact)']!, body: 'b', authorKind: 'staff' };
    expect(pickPermitted(defineAbilityFor(ACTORS.contact), 'Message', message)).not.toHaveProperty(
      'internal',
    );
  });
});

describe('separation of duties (等保2.0 三权分立)', () => {
  const combos: [Role[], boolean][] = [
    [['agent'], true],
    [['agent', 'supervisor'], true],
    [['tenant_admin', 'agent'], true],
    [['contact', 'guardian'], true],
    [['tenant_admin', 'auditor'], false],
    [['tenant_admin', 'platform_operator'], false],
    [['auditor', 'platform_operator'], false],
    [['auditor', 'agent'], false],
    [['platform_operator', 'agent'], false],
    [['contact', 'agent'], false],
    [['guardian', 'tenant_admin'], false],
  ];
  it.each(combos)('%j allowed: %s', (roles, allowed) => {
    expect(checkSeparationOfDuties(roles) === undefined).toBe(allowed);
    if (!allowed) {
      expect(() => defineAbilityFor({ id: ME, tenantId: T, roles, mfa: true })).toThrow(
        expect.objectContaining({ code: 'forbidden' }),
      );
    }
  });

  it('a tenant admin can grant only operational roles; privileged ones come from the operator', () => {
    expect(OPERATIONS_ROLES).toEqual(['agent', 'supervisor', 'clinician', 'admissions_officer']);
    expect(MFA_ROLES).toEqual(expect.arrayContaining(['tenant_admin', 'auditor', 'clinician']));
    expect(requiresMfa(['agent'])).toBe(false);
    expect(requiresMfa(['agent', 'clinician'])).toBe(true);
  });
});

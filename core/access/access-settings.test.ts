import { describe, expect, it } from 'vitest';
import type { Actor } from '../context/request-context.ts';
import { isAppError } from '../errors/app-error.ts';
import { asSubject, defineAbilityFor } from './ability.ts';
import type { AccessActor } from './access-actor.ts';
import {
  installTailoring,
  parseAccessSettings,
  type RoleRestriction,
  tailoringOf,
} from './access-settings.ts';
import { abilityOf } from './actor-ability.ts';
import { pickPermitted } from './authorize.ts';
import { accessFilter } from './sql-filter.ts';

const T = 'tailored-tenant';
const agent: AccessActor = { id: 'agent-1', tenantId: T, roles: ['agent'], mfa: false, queueIds: ['q1'] };
const officer: AccessActor = {
  id: 'officer-1',
  tenantId: T,
  roles: ['admissions_officer'],
  mfa: false,
  schoolIds: ['s1'],
};

/** The paths of the problems `parseAccessSettings` reports, or 'valid'. */
const problems = (input: unknown) => {
  try {
    parseAccessSettings(input);
    return 'valid';
  } catch (error) {
    if (!isAppError(error) || error.code !== 'validation_failed') throw error;
    return error.issues.map((issue) => issue.path);
  }
};

describe('tailoring settings: narrowing only', () => {
  it('accepts denials of what a role is granted, whole grants or some fields', () => {
    const settings = parseAccessSettings({
      restrictions: [
        { role: 'agent', deny: [{ action: 'create', subject: 'Appointment' }] },
        {
          role: 'admissions_officer',
          deny: [{ action: 'read', subject: 'Contact', fields: ['phone', 'phone'] }],
        },
      ],
    });
    expect(settings.restrictions[1]?.deny[0]).toEqual({
      action: 'read',
      subject: 'Contact',
      fields: ['phone'],
    });
    expect(parseAccessSettings({})).toEqual({ restrictions: [] });
    expect(parseAccessSettings(undefined)).toEqual({ restrictions: [] });
  });

  it('refuses to deny what was never granted, with the path of each entry', () => {
    expect(
      problems({
        restrictions: [
          {
            role: 'agent',
            deny: [
              { action: 'read', subject: 'Contact', fields: ['displayName'] },
              // Agents never see a contact's phone, nor delete appointments, nor read the audit log.
              { action: 'read', subject: 'Contact', fields: ['phone'] },
              { action: 'delete', subject: 'Appointment' },
              { action: 'read', subject: 'AuditEvent' },
              { action: 'read', subject: 'Contact', fields: ['shoeSize'] },
            ],
          },
        ],
      }),
    ).toEqual([
      'restrictions.0.deny.1',
      'restrictions.0.deny.2',
      'restrictions.0.deny.3',
      'restrictions.0.deny.4',
    ]);
  });

  it('refuses separation-of-duties and public roles, a role named twice, and unknown names', () => {
    for (const role of ['tenant_admin', 'auditor', 'platform_operator', 'contact', 'guardian', 'janitor'])
      expect(problems({ restrictions: [{ role, deny: [] }] }), role).toEqual(['restrictions.0.role']);
    expect(
      problems({
        restrictions: [
          { role: 'agent', deny: [] },
          { role: 'agent', deny: [] },
        ],
      }),
    ).toEqual(['restrictions.1.role']);
    expect(
      problems({ restrictions: [{ role: 'agent', deny: [{ action: 'manage', subject: 'all' }] }], extra: 1 }),
    ).toEqual(['restrictions.0.deny.0.action', 'restrictions.0.deny.0.subject', '']);
    // No conditions: a restriction takes away a grant or some of its fields, nothing finer.
    expect(
      problems({
        restrictions: [{ role: 'agent', deny: [{ action: 'read', subject: 'Contact', conditions: {} }] }],
      }),
    ).toEqual(['restrictions.0.deny.0']);
  });
});

describe('tailoring in the ability', () => {
  const restrictions: RoleRestriction[] = [
    { role: 'agent', deny: [{ action: 'create', subject: 'Appointment' }] },
    { role: 'admissions_officer', deny: [{ action: 'read', subject: 'Contact', fields: ['phone'] }] },
  ];
  const booking = asSubject('Appointment', { tenantId: T, bookedById: 'agent-1' });
  const contact = {
    tenantId: T,
    id: 'contact-1',
    displayName: '测试学生',
    phone: '+86 000 0000 0000',
    email: 'student@example.invalid',
    schoolId: 's1',
  };

  it('a denied grant is refused in memory; the rest of the role stays', () => {
    expect(defineAbilityFor(agent).can('create', booking)).toBe(true);
    const tailored = defineAbilityFor(agent, restrictions);
    expect(tailored.can('create', booking)).toBe(false);
    expect(tailored.can('read', booking)).toBe(true);
    expect(tailored.can('read', asSubject('KnowledgeArticle', { tenantId: T }))).toBe(true);
  });

  it('a denied field is dropped from responses, the other fields are kept', () => {
    expect(pickPermitted(defineAbilityFor(officer), 'Contact', contact)).toHaveProperty('phone');
    const picked = pickPermitted(defineAbilityFor(officer, restrictions), 'Contact', contact);
    expect(picked).not.toHaveProperty('phone');
    expect(picked).toMatchObject({ displayName: '测试学生', email: 'student@example.invalid' });
  });

  it('applies only to the roles it names', () => {
    const supervisor: AccessActor = {
      id: 'sup-1',
      tenantId: T,
      roles: ['supervisor'],
      mfa: false,
      queueIds: ['q1'],
    };
    const denied = [
      { role: 'supervisor' as const, deny: [{ action: 'read' as const, subject: 'CannedReply' as const }] },
    ];
    expect(defineAbilityFor(agent, denied).can('read', asSubject('CannedReply', { tenantId: T }))).toBe(true);
    expect(defineAbilityFor(supervisor, denied).can('read', asSubject('CannedReply', { tenantId: T }))).toBe(
      false,
    );
  });

  it('the SQL filter honours a denied grant (WHERE false) and keeps the rest', () => {
    const denied = [
      { role: 'agent' as const, deny: [{ action: 'read' as const, subject: 'Message' as const }] },
    ];
    const compile = (ability: ReturnType<typeof defineAbilityFor>) =>
      JSON.stringify(
        accessFilter(ability, 'read', 'Message', {
          tenantId: { column: 'tenant_id' },
          assigneeId: { column: 'assignee_id', nullable: true },
          queueId: { column: 'queue_id', nullable: true },
          status: { column: 'status' },
        }).toOperationNode(),
      );
    // Without the restriction no inverted rule applies to messages; with it, the grant is negated.
    expect(compile(defineAbilityFor(agent))).not.toContain('(not ');
    expect(compile(defineAbilityFor(agent, denied))).toContain('(not ');
  });

  it('the cached ability of an actor changes with the tenant’s tailoring', () => {
    const actor = {
      kind: 'staff',
      id: 'agent-2',
      role: 'agent',
      tenantId: T,
      roles: ['agent'],
      mfa: false,
    } as Actor;
    const mine = asSubject('Appointment', { tenantId: T, bookedById: 'agent-2' });
    expect(abilityOf(actor).can('create', mine)).toBe(true);
    installTailoring(T, { restrictions });
    const first = tailoringOf(T)?.version;
    expect(abilityOf(actor).can('create', mine)).toBe(false);
    installTailoring(T, { restrictions: [] });
    expect(tailoringOf(T)?.version).not.toBe(first);
    expect(abilityOf(actor).can('create', mine)).toBe(true);
  });
});

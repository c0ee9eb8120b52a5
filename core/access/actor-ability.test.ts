import { describe, expect, it } from 'vitest';
import { type Actor, ANONYMOUS } from '../context/request-context.ts';
import { isAppError } from '../errors/app-error.ts';
import { asSubject } from './ability.ts';
import { abilityOf, accessActorOf, authorizeActor } from './actor-ability.ts';

const T = 'tenant-1';
const agent = {
  kind: 'staff',
  id: 'staff-1',
  role: 'agent',
  tenantId: T,
  roles: ['agent'],
  mfa: false,
  queueIds: ['q1'],
} as const;
const as = (attributes: object) => attributes as Actor;
const operator = { kind: 'service', id: 'platform-operator', role: 'platform_operator' } as const;

const code = (fn: () => unknown) => {
  try {
    fn();
    return 'allowed';
  } catch (error) {
    return isAppError(error) ? error.code : 'thrown';
  }
};

describe('from request actor to ability', () => {
  it('maps a staff actor with its tenant, roles, MFA state and queues', () => {
    expect(accessActorOf(agent)).toEqual({
      id: 'staff-1',
      tenantId: T,
      roles: ['agent'],
      mfa: false,
      queueIds: ['q1'],
    });
  });

  it('maps the operator token and the console to the platform operator, with no tenant', () => {
    expect(accessActorOf(operator)).toMatchObject({ roles: ['platform_operator'], tenantId: undefined });
    expect(accessActorOf({ kind: 'system', id: 'cli', role: 'platform_operator' })).toMatchObject({
      roles: ['platform_operator'],
    });
  });

  it('gives no access actor to the anonymous, to unknown roles and to staff without a tenant', () => {
    expect(accessActorOf(ANONYMOUS)).toBeUndefined();
    expect(accessActorOf({ kind: 'staff', id: 'x', role: 'janitor', tenantId: T } as never)).toBeUndefined();
    expect(accessActorOf({ kind: 'staff', id: 'x', role: 'agent' })).toBeUndefined();
    // A service that merely calls itself an operator is not one unless it is a service or the console.
    expect(accessActorOf({ kind: 'staff', id: 'x', role: 'platform_operator' })).toBeUndefined();
  });

  it('keeps one ability per distinct actor, and a new one when anything the rules read changes', () => {
    expect(abilityOf(as({ ...agent }))).toBe(abilityOf(as({ ...agent })));
    expect(abilityOf(as({ ...agent, queueIds: ['q2'] }))).not.toBe(abilityOf(agent));
    expect(abilityOf(as({ ...agent, mfa: true }))).not.toBe(abilityOf(agent));
  });

  it('decides with the rules: queue work for the agent, nothing for a stranger', () => {
    const queued = asSubject('Conversation', { tenantId: T, status: 'queued', queueId: 'q1' });
    expect(abilityOf(agent).can('read', queued)).toBe(true);
    expect(abilityOf(as({ ...agent, queueIds: ['q2'] })).can('read', queued)).toBe(false);
    expect(abilityOf(as({ ...agent, tenantId: 'tenant-2' })).can('read', queued)).toBe(false);
    expect(abilityOf(ANONYMOUS).can('read', queued)).toBe(false);
  });

  it('authorizeActor: 401 for the anonymous, 403 when refused, the ability when allowed', () => {
    expect(code(() => authorizeActor(ANONYMOUS, 'read', 'Tenant'))).toBe('unauthenticated');
    expect(code(() => authorizeActor(agent, 'create', 'Tenant'))).toBe('forbidden');
    expect(code(() => authorizeActor(operator, 'create', 'Tenant'))).toBe('allowed');
    expect(authorizeActor(operator, 'create', 'Tenant')).toBe(abilityOf(operator));
  });
});

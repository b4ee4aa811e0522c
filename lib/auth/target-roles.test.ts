import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import type { Role } from './roles';
import {
  foldTargetRoles,
  lowerRole,
  mayChangeOn,
  requireRoleOn,
  roleOn,
  targetLabel,
  type TargetRoleHolder,
} from './target-roles';

const operator = (targetRoles: Record<string, Role> = {}, extra: Partial<TargetRoleHolder> = {}): TargetRoleHolder => ({
  role: 'operator',
  targetRoles,
  ...extra,
});

describe('foldTargetRoles', () => {
  it('keeps the lowest role per target, whatever the source', () => {
    expect(
      foldTargetRoles([
        { targetName: 'primary', role: 'operator' },
        { targetName: 'primary', role: 'viewer' },
        { targetName: 'replica', role: 'admin' },
        { targetName: 'primary', role: 'admin' },
      ]),
    ).toEqual({ primary: 'viewer', replica: 'admin' });
  });

  it('gives nothing for no rows', () => expect(foldTargetRoles([])).toEqual({}));
});

describe('roleOn', () => {
  it('narrows on the named target only', () => {
    const user = operator({ primary: 'viewer' });
    expect(roleOn(user, 'primary')).toBe('viewer');
    expect(roleOn(user, 'replica')).toBe('operator');
  });

  it('never widens: a row above the user role leaves the user role', () => {
    expect(roleOn({ role: 'viewer', targetRoles: { primary: 'admin' } }, 'primary')).toBe('viewer');
    expect(roleOn(operator({ primary: 'admin' }), 'primary')).toBe('operator');
  });

  it('does not read a target named like a property of every object', () => {
    expect(roleOn(operator(), 'constructor')).toBe('operator');
    expect(roleOn(operator({ constructor: 'viewer' as Role }), 'constructor')).toBe('viewer');
  });

  it('orders roles as roles.ts does', () => {
    expect(lowerRole('admin', 'viewer')).toBe('viewer');
    expect(lowerRole('operator', 'admin')).toBe('operator');
    expect(lowerRole('viewer', 'viewer')).toBe('viewer');
  });
});

describe('requireRoleOn', () => {
  it('refuses an action above the role on the target, naming the target and the role there', () => {
    const grant = { ...operator({ primary: 'viewer' }), acting: 'operator' as const };
    let thrown: unknown;
    try {
      requireRoleOn(grant, 'primary');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({
      code: 'forbidden',
      userMessage: 'On primary you are viewer; this needs the operator role there.',
    });
  });

  it('lets the same action through on another target, and a viewer action anywhere', () => {
    const user = operator({ primary: 'viewer' });
    expect(() => requireRoleOn({ ...user, acting: 'operator' }, 'replica')).not.toThrow();
    expect(() => requireRoleOn({ ...user, acting: 'viewer' }, 'primary')).not.toThrow();
  });

  it('holds an admin narrowed to operator to operator there', () => {
    const admin = { role: 'admin' as const, targetRoles: { primary: 'operator' as const } };
    expect(() => requireRoleOn({ ...admin, acting: 'admin' }, 'primary')).toThrow(/On primary you are operator/);
    expect(() => requireRoleOn({ ...admin, acting: 'operator' }, 'primary')).not.toThrow();
  });
});

describe('mayChangeOn', () => {
  it('follows the role on the target', () => {
    const user = operator({ primary: 'viewer' });
    expect(mayChangeOn(user, 'primary', 'operator')).toBe(false);
    expect(mayChangeOn(user, 'replica', 'operator')).toBe(true);
    expect(mayChangeOn(user, 'primary', 'viewer')).toBe(true);
    expect(mayChangeOn(user, 'replica', 'admin')).toBe(false);
  });

  it('offers nothing above viewer while the console is read-only', () => {
    const user = operator({}, { fromLastKnownState: true });
    expect(mayChangeOn(user, 'replica', 'operator')).toBe(false);
    expect(mayChangeOn(user, 'replica', 'viewer')).toBe(true);
  });
});

describe('targetLabel', () => {
  it('names the role only where it is narrowed', () => {
    const user = operator({ primary: 'viewer', replica: 'admin' });
    expect(targetLabel(user, 'primary')).toBe('primary · viewer');
    expect(targetLabel(user, 'replica')).toBe('replica');
    expect(targetLabel(user, 'offline')).toBe('offline');
  });
});

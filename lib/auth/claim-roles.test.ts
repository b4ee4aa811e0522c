import { describe, expect, it } from 'vitest';
import { claimValues, parseTargetRoleRules, parseValueList, rolesFromClaims, type ClaimRules } from './claim-roles';

const rules: ClaimRules = {
  admin: ['dba-leads'],
  operator: ['prod-dba', 'sre'],
  viewer: ['staff'],
  targets: parseTargetRoleRules('prod-dba=operator@primary; staff=viewer@primary, sre=viewer@replica-1'),
};

describe('rolesFromClaims', () => {
  it('gives the highest role any value maps to', () => {
    expect(rolesFromClaims(['staff'], rules)?.role).toBe('viewer');
    expect(rolesFromClaims(['staff', 'sre'], rules)?.role).toBe('operator');
    expect(rolesFromClaims(['sre', 'dba-leads', 'staff'], rules)?.role).toBe('admin');
  });

  it('refuses a person with no mapped value rather than making them a viewer', () => {
    expect(rolesFromClaims([], rules)).toBeNull();
    expect(rolesFromClaims(['marketing'], rules)).toBeNull();
    // A target entry alone gives no access: it only narrows a role given elsewhere.
    expect(rolesFromClaims(['nobody'], { ...rules, targets: parseTargetRoleRules('nobody=admin@primary') })).toBeNull();
  });

  it('narrows per target, the highest matching entry winning on each target', () => {
    expect(rolesFromClaims(['sre'], rules)?.targetRoles).toEqual({ 'replica-1': 'viewer' });
    expect(rolesFromClaims(['sre', 'staff'], rules)?.targetRoles).toEqual({ primary: 'viewer', 'replica-1': 'viewer' });
    expect(rolesFromClaims(['sre', 'staff', 'prod-dba'], rules)?.targetRoles).toEqual({
      primary: 'operator',
      'replica-1': 'viewer',
    });
  });
});

describe('parseTargetRoleRules', () => {
  it('reads group=role@target entries separated by commas or semicolons', () => {
    expect(parseTargetRoleRules(' prod-dba = operator@primary ;a=viewer@b')).toEqual([
      { group: 'prod-dba', role: 'operator', target: 'primary' },
      { group: 'a', role: 'viewer', target: 'b' },
    ]);
    expect(parseTargetRoleRules(undefined)).toEqual([]);
  });

  it('names the malformed entry', () => {
    expect(() => parseTargetRoleRules('prod-dba:operator@primary')).toThrow(
      /"prod-dba:operator@primary" is not group=role@target/,
    );
    expect(() => parseTargetRoleRules('x=owner@primary')).toThrow(/role must be one of viewer, operator, admin/);
    expect(() => parseTargetRoleRules('x=viewer@Primary DB')).toThrow(/is not a target name/);
  });
});

describe('claim values', () => {
  it('reads a list or a single string, ignoring anything else', () => {
    expect(claimValues({ groups: ['a', 3, 'b'] }, 'groups')).toEqual(['a', 'b']);
    expect(claimValues({ role: 'admins' }, 'role')).toEqual(['admins']);
    expect(claimValues({ groups: { a: 1 } }, 'groups')).toEqual([]);
    expect(claimValues({}, 'groups')).toEqual([]);
  });

  it('splits list variables on commas', () => {
    expect(parseValueList(' a, b ,,c ')).toEqual(['a', 'b', 'c']);
    expect(parseValueList(undefined)).toEqual([]);
  });
});

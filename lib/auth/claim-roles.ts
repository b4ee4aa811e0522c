// Not 'server-only': lib/env.ts validates OIDC_TARGET_ROLES with it, and scripts/ load that.
/**
 * Roles from an identity provider's claims (issue 17): the values of OIDC_ROLE_CLAIM (default `groups`) that make an
 * admin, an operator or a viewer, and OIDC_TARGET_ROLES entries that narrow the role on one target
 * (`prod-dba=operator@primary`). Pure, so every rule is unit-tested.
 */
import { ROLES, type Role } from './roles';
import { TARGET_NAME_PATTERN } from '../targets/target-list';

export interface TargetRoleRule {
  group: string;
  role: Role;
  target: string;
}

export interface ClaimRules {
  admin: readonly string[];
  operator: readonly string[];
  viewer: readonly string[];
  targets: readonly TargetRoleRule[];
}

/** What a person's claims give: their role, and the targets where it is narrowed. Null: no mapped value at all. */
export interface ClaimedRoles {
  role: Role;
  targetRoles: Record<string, Role>;
}

export class TargetRoleRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetRoleRuleError';
  }
}

/** A list variable (OIDC_ADMIN_VALUES…): values separated by commas, surrounding spaces ignored. */
export function parseValueList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/**
 * OIDC_TARGET_ROLES: `group=role@target` entries separated by commas or semicolons. A malformed entry is an error
 * that names it, so a typo cannot silently leave someone with more access than intended.
 */
export function parseTargetRoleRules(value: string | undefined): TargetRoleRule[] {
  const entries = (value ?? '')
    .split(/[,;]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  return entries.map((entry) => {
    const match = /^(?<group>[^=]+)=\s*(?<role>[a-z]+)@(?<target>.+)$/.exec(entry);
    if (!match?.groups)
      throw new TargetRoleRuleError(`"${entry}" is not group=role@target (for example prod-dba=operator@primary).`);
    const { group, role, target } = match.groups;
    if (!(ROLES as readonly string[]).includes(role))
      throw new TargetRoleRuleError(`"${entry}": the role must be one of ${ROLES.join(', ')}.`);
    if (!TARGET_NAME_PATTERN.test(target.trim()))
      throw new TargetRoleRuleError(
        `"${entry}": "${target}" is not a target name (lower-case letters, digits, "-", "_").`,
      );
    return { group: group.trim(), role: role as Role, target: target.trim() };
  });
}

const rank = (role: Role) => ROLES.indexOf(role);
const higher = (a: Role | null, b: Role): Role => (a === null || rank(b) > rank(a) ? b : a);

/**
 * The highest role any of `values` maps to, and per target named in the rules the highest role its matching entries
 * give. A target entry only narrows: the role there is never above the person's role (lib/auth/target-roles.ts takes
 * the lowest). Null when no value maps to a role: such a person is refused, not made a viewer.
 */
export function rolesFromClaims(values: readonly string[], rules: ClaimRules): ClaimedRoles | null {
  const held = new Set(values);
  let role: Role | null = null;
  for (const candidate of ROLES) if (rules[candidate].some((value) => held.has(value))) role = higher(role, candidate);
  if (role === null) return null;
  const targetRoles: Record<string, Role> = {};
  for (const rule of rules.targets)
    if (held.has(rule.group)) targetRoles[rule.target] = higher(targetRoles[rule.target] ?? null, rule.role);
  return { role, targetRoles };
}

/** The claim's values as strings: a list (Okta, Keycloak, Entra ID), or a single string some providers send. */
export function claimValues(claims: Record<string, unknown>, claim: string): string[] {
  const value = claims[claim];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

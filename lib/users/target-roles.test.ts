import { describe, expect, it } from 'vitest';
import { narrowingProblem } from './target-roles';

describe('narrowingProblem', () => {
  it('accepts only a role below the user role', () => {
    expect(narrowingProblem('a@example.com', 'operator', 'viewer')).toBeNull();
    expect(narrowingProblem('a@example.com', 'admin', 'operator')).toBeNull();
    expect(narrowingProblem('a@example.com', 'admin', 'viewer')).toBeNull();
  });

  it('refuses a role at or above it, saying what would narrow', () => {
    expect(narrowingProblem('a@example.com', 'operator', 'operator')).toBe(
      'a@example.com is operator everywhere; a role on a target can only narrow that: choose viewer, or clear it.',
    );
    expect(narrowingProblem('a@example.com', 'admin', 'admin')).toMatch(/choose viewer or operator, or clear it\.$/);
    expect(narrowingProblem('a@example.com', 'operator', 'admin')).toMatch(/can only narrow/);
  });

  it('says a viewer has nothing to narrow', () => {
    expect(narrowingProblem('v@example.com', 'viewer', 'viewer')).toBe(
      'v@example.com is a viewer, the lowest role: there is nothing to narrow.',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { ownerOf, rendezvousWeight } from './rendezvous';

const targets = Array.from({ length: 6_000 }, (_, index) => `db-${index}`);
const members = [1_804_289_383, 846_930_886, 1_681_692_777, 1_714_636_915];

function assignment(memberList: readonly number[]): Map<string, number | undefined> {
  return new Map(targets.map((target) => [target, ownerOf(target, memberList)]));
}

function moved(before: Map<string, number | undefined>, after: Map<string, number | undefined>): string[] {
  return targets.filter((target) => before.get(target) !== after.get(target));
}

describe('rendezvous hashing', () => {
  it('gives a stable weight that depends on both the member and the target', () => {
    expect(rendezvousWeight(7, 'primary')).toBe(rendezvousWeight(7, 'primary'));
    // sha1('7:primary'), first 8 bytes: the same on every machine and Node version.
    expect(rendezvousWeight(7, 'primary')).toBe(0x78a1e4d287d5088dn);
    expect(rendezvousWeight(7, 'primary')).not.toBe(rendezvousWeight(8, 'primary'));
    expect(rendezvousWeight(7, 'primary')).not.toBe(rendezvousWeight(7, 'replica'));
  });

  it('has no owner without members, and the only member owns everything', () => {
    expect(ownerOf('primary', [])).toBeUndefined();
    expect(targets.every((target) => ownerOf(target, [42]) === 42)).toBe(true);
  });

  it('gives every target exactly one owner among the members, whatever their order, and about a fair share each', () => {
    const owners = assignment(members);
    const reversed = assignment([...members].reverse());
    expect(moved(owners, reversed)).toEqual([]);
    for (const member of members) {
      const share = targets.filter((target) => owners.get(target) === member).length / targets.length;
      expect(share).toBeGreaterThan(0.2);
      expect(share).toBeLessThan(0.3);
    }
    expect([...owners.values()].every((owner) => owner !== undefined && members.includes(owner))).toBe(true);
  });

  it('moves about 1/(N+1) of the targets when a member joins, all of them to the newcomer', () => {
    const before = assignment(members);
    const newcomer = 424_238_335;
    const after = assignment([...members, newcomer]);
    const changed = moved(before, after);
    expect(changed.length / targets.length).toBeGreaterThan(0.15);
    expect(changed.length / targets.length).toBeLessThan(0.25);
    expect(changed.every((target) => after.get(target) === newcomer)).toBe(true);
  });

  it('moves only the targets of a member that leaves, spread over the others', () => {
    const before = assignment(members);
    const [gone, ...survivors] = members;
    const after = assignment(survivors);
    const changed = moved(before, after);
    expect(changed.sort()).toEqual(targets.filter((target) => before.get(target) === gone).sort());
    for (const survivor of survivors) {
      const gained = changed.filter((target) => after.get(target) === survivor).length / changed.length;
      expect(gained).toBeGreaterThan(0.25);
      expect(gained).toBeLessThan(0.42);
    }
  });
});

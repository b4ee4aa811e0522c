/**
 * Which console process owns a target: rendezvous (highest-random-weight) hashing over the live members
 * (Thaler and Ravishankar, "Using Name-Based Mappings to Increase Hit Rates", 1998). Every process computes the same
 * answer from the same member list with no coordinator, and a change of members moves only the targets of the member
 * that left (to the survivors, spread evenly) or a fair share to the one that joined — a target never moves between
 * two members that both stay. Pure, so that lib/sampler/membership.ts and its tests agree on it.
 */
import { hash } from 'node:crypto';

/**
 * A member's weight for a target: the first 8 bytes of sha1(member + ':' + target), unsigned. sha1 because it is
 * stable across processes, Node versions and machines (unlike a seeded hash) and spreads well; it is not a secret.
 * A few microseconds each: a thousand targets over a few members cost milliseconds a round, so nothing is cached.
 */
export function rendezvousWeight(member: number, target: string): bigint {
  return hash('sha1', `${member}:${target}`, 'buffer').readBigUInt64BE(0);
}

/**
 * The member that owns `target`: the one of highest weight (a tie, 1 in 2^64, goes to the higher id, so every
 * process still agrees). Undefined only when there are no members.
 */
export function ownerOf(target: string, members: readonly number[]): number | undefined {
  let owner: number | undefined;
  let best = -1n;
  for (const member of members) {
    const weight = rendezvousWeight(member, target);
    if (weight > best || (weight === best && owner !== undefined && member > owner)) {
      owner = member;
      best = weight;
    }
  }
  return owner;
}

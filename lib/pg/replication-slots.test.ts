import { describe, expect, it } from 'vitest';
import { slotProblem } from './replication-slots';

describe('slotProblem', () => {
  it('flags lost WAL first, then an inactive slot holding WAL, then one about to lose it', () => {
    expect(slotProblem({ active: false, retainedBytes: 5, walStatus: 'lost' })).toMatch(/^lost:/);
    expect(slotProblem({ active: false, retainedBytes: 16_777_216, walStatus: 'reserved' })).toMatch(
      /^inactive and retaining WAL/,
    );
    expect(slotProblem({ active: false, retainedBytes: 1, walStatus: null })).toMatch(/^inactive and retaining WAL/);
    expect(slotProblem({ active: true, retainedBytes: 1e9, walStatus: 'unreserved' })).toMatch(/^about to lose WAL/);
  });

  it('leaves an active slot, and an inactive one that reserved no WAL, alone', () => {
    expect(slotProblem({ active: true, retainedBytes: 1e9, walStatus: 'extended' })).toBeNull();
    expect(slotProblem({ active: false, retainedBytes: null, walStatus: null })).toBeNull();
    expect(slotProblem({ active: false, retainedBytes: 0, walStatus: 'reserved' })).toBeNull();
  });
});

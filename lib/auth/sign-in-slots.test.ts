import { describe, expect, it } from 'vitest';
import { Slots } from './sign-in-slots';

describe('Slots', () => {
  it('hands out at most its capacity, and a slot again once released (once)', () => {
    const slots = new Slots(2);
    const first = slots.tryAcquire();
    const second = slots.tryAcquire();
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(slots.tryAcquire()).toBeNull();
    first!();
    first!();
    expect(slots.tryAcquire()).not.toBeNull();
    expect(slots.tryAcquire()).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { dueSlot, nextRun, validateCron } from './schedule';

describe('backup schedules', () => {
  it('computes the next daily 02:00 run in the configured time zone', () => {
    expect(nextRun('0 2 * * *', 'UTC', new Date('2026-11-26T03:00:00Z'))?.toISOString()).toBe(
      '2026-11-27T02:00:00.000Z',
    );
    expect(nextRun('0 2 * * *', 'Europe/Berlin', new Date('2026-11-26T03:00:00Z'))?.toISOString()).toBe(
      '2026-11-27T01:00:00.000Z',
    );
  });

  it('refuses malformed expressions with a message saying what is wrong', () => {
    expect(() => validateCron('0 2 * *', 'UTC')).toThrow(/is not a cron expression .*exactly five, six, or seven/);
    expect(() => validateCron('61 2 * * *', 'UTC')).toThrow(/minute/);
    expect(() => validateCron('0 2 * * * *', 'UTC')).toThrow(/requires exactly 5 parts/);
    expect(() => validateCron('0 2 31 2 *', 'UTC')).toThrow(/never runs/);
    expect(validateCron('  0   2 * * * ', 'UTC')).toBe('0 2 * * *');
  });

  it('is due once per slot, never for a slot that passed before the schedule was set', () => {
    const setAt = new Date('2026-11-25T12:00:00Z');
    expect(dueSlot('0 2 * * *', 'UTC', new Date('2026-11-26T01:59:00Z'), null, setAt)).toBeNull();
    const slot = dueSlot('0 2 * * *', 'UTC', new Date('2026-11-26T02:00:30Z'), null, setAt);
    expect(slot?.toISOString()).toBe('2026-11-26T02:00:00.000Z');
    expect(dueSlot('0 2 * * *', 'UTC', new Date('2026-11-26T02:01:00Z'), slot, setAt)).toBeNull();
    expect(dueSlot('0 2 * * *', 'UTC', new Date('2026-11-25T12:30:00Z'), null, setAt)).toBeNull();
  });
});

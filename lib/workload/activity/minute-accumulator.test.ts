import { describe, expect, it } from 'vitest';
import type { ActiveSessionGroup } from '../../pg/activity';
import { MinuteAccumulator } from './minute-accumulator';

const group = (waitClass: string, sessions: number, queryId: string | null = null): ActiveSessionGroup => ({
  waitClass,
  waitEvent: waitClass === 'CPU' ? null : 'E',
  state: 'active',
  queryId,
  user: 'app',
  application: 'web',
  sessions,
});
const at = (iso: string) => new Date(`2026-12-05T${iso}Z`);

describe('MinuteAccumulator', () => {
  it('sums the samples of a minute per group and counts the samples, also those with no active session', () => {
    const minutes = new MinuteAccumulator();
    minutes.add(at('10:00:05'), [group('CPU', 2), group('Lock', 1, '42')]);
    minutes.add(at('10:00:10'), [group('CPU', 3)]);
    minutes.add(at('10:00:15'), []);
    expect(minutes.takeCompleted(at('10:00:59'))).toEqual([]);
    const [minute] = minutes.takeCompleted(at('10:01:00'));
    expect(minute.minute).toEqual(at('10:00:00'));
    expect(minute.samples).toBe(3);
    expect(minute.groups).toEqual([group('CPU', 5), group('Lock', 1, '42')]);
    expect(minutes.size).toBe(0);
  });

  it('keeps groups that differ in any column apart', () => {
    const minutes = new MinuteAccumulator();
    minutes.add(at('10:00:05'), [
      group('Lock', 1, '1'),
      group('Lock', 1, '2'),
      { ...group('Lock', 1, '1'), user: 'b' },
    ]);
    expect(minutes.takeCompleted(at('10:02:00'))[0].groups).toHaveLength(3);
  });

  it('hands over only complete minutes, oldest first, and keeps the current one', () => {
    const minutes = new MinuteAccumulator();
    minutes.add(at('10:01:05'), [group('CPU', 1)]);
    minutes.add(at('10:00:05'), [group('CPU', 1)]);
    minutes.add(at('10:02:05'), [group('CPU', 1)]);
    expect(minutes.takeCompleted(at('10:02:30')).map((m) => m.minute)).toEqual([at('10:00:00'), at('10:01:00')]);
    expect(minutes.size).toBe(1);
  });

  it('takes back minutes a write could not store, merged with any samples since, within a bound', () => {
    const minutes = new MinuteAccumulator();
    minutes.add(at('10:00:05'), [group('CPU', 2)]);
    const failed = minutes.takeCompleted(at('10:01:00'));
    minutes.add(at('10:01:05'), [group('CPU', 1)]);
    minutes.restore(failed, 10);
    const again = minutes.takeCompleted(at('10:02:00'));
    expect(again.map((m) => [m.minute, m.samples, m.groups[0].sessions])).toEqual([
      [at('10:00:00'), 1, 2],
      [at('10:01:00'), 1, 1],
    ]);
    minutes.restore(again, 1);
    expect(minutes.takeCompleted(at('10:03:00')).map((m) => m.minute)).toEqual([at('10:01:00')]);
  });
});

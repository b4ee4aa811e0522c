import { describe, expect, it } from 'vitest';
import { WHOLE_DAY } from './naive-time';
import { sliceKey, takeRun } from './slice-runs';

const task = (day: string, minute: number, rows = 1) => ({ slice: { day, minute }, rows });
const poolOf = (tasks: ReturnType<typeof task>[]) => new Map(tasks.map((t) => [sliceKey(t.slice), t]));

describe('takeRun', () => {
  const slots = [task('2031-03-10', 0), task('2031-03-10', 10), task('2031-03-10', 20), task('2031-03-10', 40)];

  it('takes the following slots of the day up to the first gap', () => {
    const run = takeRun(slots[0], poolOf(slots), () => true);
    expect(run.map((t) => t.slice.minute)).toEqual([0, 10, 20]);
  });

  it('stops where fits refuses the next slot', () => {
    const run = takeRun(slots[0], poolOf(slots), (taken) => taken.length < 2);
    expect(run.map((t) => t.slice.minute)).toEqual([0, 10]);
  });

  it('never crosses into the next day', () => {
    const late = [task('2031-03-10', 1430), task('2031-03-11', 0)];
    expect(takeRun(late[0], poolOf(late), () => true)).toHaveLength(1);
  });

  it('keeps a whole day a run of its own', () => {
    const day = task('2031-03-10', WHOLE_DAY);
    expect(takeRun(day, poolOf([day, task('2031-03-10', 0)]), () => true)).toEqual([day]);
  });
});

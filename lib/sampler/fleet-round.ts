/**
 * One sampling round over every target: each is sampled through its own bounded pool (lib/pg/client.ts), all at
 * once, so a target that is down or slow costs only its own connect timeout and the others are still recorded.
 * Then the alert rules are stepped over what the round saw.
 */
import 'server-only';
import { evaluateAlerts } from '../alerts/evaluate';
import type { TargetReading } from '../alerts/rules';
import { AppError } from '../errors';
import { closePoolsExcept, toAppError, withTarget } from '../pg/client';
import { getTargetRegistry, type Target } from '../targets/registry';
import { deleteTargetStatesExcept, recordTargetDown, recordTargetUp } from '../targets/state';
import { takeSample } from './sample';
import { insertSample } from './store';

async function sampleTarget(target: Target, now: Date): Promise<TargetReading> {
  let sample;
  try {
    sample = await withTarget(target, takeSample);
  } catch (error) {
    await recordTargetDown(target.name, now, (error instanceof AppError ? error : toAppError(error)).userMessage);
    return { target: target.name, up: false, sample: null };
  }
  // Writing goes to the primary's console schema; a failure here is the primary's, and fails the round.
  await insertSample(sample, target.name);
  await recordTargetUp(target.name, now);
  return { target: target.name, up: true, sample };
}

export interface RoundResult {
  readings: TargetReading[];
  /** Settles when the round's alert notifications have been sent (or given up). */
  notified: Promise<void>;
}

export async function sampleFleet(now = new Date()): Promise<RoundResult> {
  const { targets, broken, complete } = await getTargetRegistry();
  const readings = await Promise.all(targets.map((target) => sampleTarget(target, now)));
  for (const target of broken) {
    await recordTargetDown(target.name, now, target.problem);
    readings.push({ target: target.name, up: false, sample: null });
  }
  const names = readings.map((reading) => reading.target);
  if (complete) {
    await deleteTargetStatesExcept(names);
    await closePoolsExcept(new Set(names));
  }
  const { notified } = await evaluateAlerts(readings, now);
  return { readings, notified };
}

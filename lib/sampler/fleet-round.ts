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
import { getEnv } from '../env';
import { takeSample, type Sample } from './sample';
import { insertSample } from './store';

/**
 * A target gets one sampling interval (at least 5 s) to answer, so one slow server cannot stretch the round and
 * make the others look stale. Its abandoned queries stay bounded by the statement timeout and its pool.
 */
function sampleWithDeadline(target: Target): Promise<Sample> {
  const seconds = Math.max(getEnv().SAMPLE_INTERVAL_SECONDS, 5);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AppError('query_timeout', `The server did not answer the sampling queries within ${seconds} s.`)), seconds * 1000);
  });
  return Promise.race([withTarget(target, takeSample), deadline]).finally(() => clearTimeout(timer));
}

async function sampleTarget(target: Target, now: Date): Promise<TargetReading> {
  let sample;
  try {
    sample = await sampleWithDeadline(target);
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
  const { notified } = await evaluateAlerts(readings, complete, now);
  return { readings, notified };
}

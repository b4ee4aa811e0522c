/**
 * Cron schedules for backups (default daily 02:00, the guide's nightly script) and restore-verify (default
 * weekly): five-field expressions, read in BACKUP_TIMEZONE. A malformed expression is refused with a message
 * saying what is wrong.
 */
import { Cron } from 'croner';
import { AppError } from '../errors';

function parse(expression: string, timezone: string): Cron {
  const trimmed = expression.trim().replace(/\s+/g, ' ');
  try {
    return new Cron(trimmed, { paused: true, mode: '5-part', timezone });
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^CronPattern: /, '') : String(error);
    throw new AppError(
      'invalid_input',
      `"${expression.slice(0, 60)}" is not a cron expression (minute hour day-of-month month day-of-week, e.g. "0 2 * * *"): ${reason}`,
    );
  }
}

/** The expression normalised, or an AppError explaining what is wrong with it. */
export function validateCron(expression: string, timezone: string): string {
  const cron = parse(expression, timezone);
  if (!cron.nextRun()) throw new AppError('invalid_input', `"${expression.slice(0, 60)}" never runs.`);
  return expression.trim().replace(/\s+/g, ' ');
}

export function nextRun(expression: string, timezone: string, after: Date): Date | null {
  return parse(expression, timezone).nextRun(after);
}

/** The newest time the schedule fired at or before `now`, or null. */
export function latestSlot(expression: string, timezone: string, now: Date): Date | null {
  return parse(expression, timezone).previousRuns(1, new Date(now.getTime() + 1))[0] ?? null;
}

/**
 * Whether a schedule is due: its latest slot is newer than the one last run and than the moment the schedule was
 * set (so saving a schedule never fires a run for a slot already past). Returns the slot to claim.
 */
export function dueSlot(
  expression: string,
  timezone: string,
  now: Date,
  lastSlot: Date | null,
  setAt: Date,
): Date | null {
  const slot = latestSlot(expression, timezone, now);
  if (!slot || slot <= setAt) return null;
  if (lastSlot && slot <= lastSlot) return null;
  return slot;
}

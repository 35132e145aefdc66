import { RuleViolation } from '../../errors.js'
import { chinaDateOf } from '../calendar/china-time.js'

// Clocks of phones and tablets drift; a few minutes ahead is not "in the future".
const CLOCK_SKEW_MS = 5 * 60_000

/** A time recorded for a session must fall on the session's date (in China) and have happened. */
export function requireTimeOnDate(at: Date, date: string, now: Date, path = 'body.at'): void {
  if (chinaDateOf(at) !== date) {
    throw new RuleViolation('time-not-on-session-date', `${at.toISOString()} is on ${chinaDateOf(at)} in China, not on the session's date ${date}`, [{ path, message: `must be on ${date}` }])
  }
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw new RuleViolation('time-in-the-future', `${at.toISOString()} has not happened yet; record events when they happen`, [{ path, message: 'in the future' }])
  }
}

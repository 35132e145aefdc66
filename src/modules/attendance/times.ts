import { chinaDateOf } from '../../china-time.js'
import { RuleViolation } from '../../errors.js'

// Clocks of phones and tablets drift; a few minutes ahead is not "in the future".
const CLOCK_SKEW_MS = 5 * 60_000
/** How far from the server's clock a staff member's own sign-in or sign-out may be. */
export const SELF_RECORD_WINDOW_MS = 10 * 60_000

/** A time recorded for a session must fall on the session's date (in China) and have happened. */
export function requireTimeOnDate(at: Date, date: string, now: Date, path = 'body.at'): void {
  if (chinaDateOf(at) !== date) {
    throw new RuleViolation('time-not-on-session-date', `${at.toISOString()} is on ${chinaDateOf(at)} in China, not on the session's date ${date}`, [
      { path, message: `must be on ${date}` },
    ])
  }
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw new RuleViolation('time-in-the-future', `${at.toISOString()} has not happened yet; record events when they happen`, [{ path, message: 'in the future' }])
  }
}

/**
 * What a staff member records about themselves (their sign-in and sign-out, which their pay is
 * computed from and which open a session's roster to them) happens now, give or take a device's
 * clock drift. An earlier time is the chair's to record on their behalf, or to correct.
 */
export function requireTimeNow(at: Date, now: Date, path = 'body.at'): void {
  if (Math.abs(at.getTime() - now.getTime()) > SELF_RECORD_WINDOW_MS) {
    const minutes = SELF_RECORD_WINDOW_MS / 60_000
    throw new RuleViolation(
      'time-not-now',
      `${at.toISOString()} is more than ${minutes} minutes from now (${now.toISOString()}); you sign yourself in and out when it happens — the chair records or corrects any other time`,
      [{ path, message: `must be within ${minutes} minutes of now` }],
    )
  }
}

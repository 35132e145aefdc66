/**
 * Time in Jiawei comes from one injected clock (`buildApp({ clock })`), and every "what day is
 * it" asks here. Care happens in China, where the clock is UTC+8 all year (no daylight saving
 * since 1991), so a fixed offset gives the local date of an instant on a server in any time zone.
 */
const CHINA_OFFSET_MS = 8 * 3600_000
const DAY_MS = 86_400_000

export interface Clock {
  now(): Date
}

/** Production's clock. Nothing moves it: no environment variable, no flag. */
export const systemClock: Clock = { now: () => new Date() }

/**
 * A clock that runs at the system's pace but can be moved: tests walk a term month by month, and
 * the demo loader tells a term's story up to today. Time keeps ticking, so records made one after
 * another still have distinct, ordered timestamps.
 */
export class MovableClock implements Clock {
  private offsetMs: number

  constructor(start?: Date | string) {
    this.offsetMs = start === undefined ? 0 : toInstant(start).getTime() - systemClock.now().getTime()
  }

  now(): Date {
    return new Date(systemClock.now().getTime() + this.offsetMs)
  }

  /** Jump to an instant (a Date, an ISO timestamp, or "YYYY-MM-DD" meaning 09:00 that day in China). */
  set(instant: Date | string): void {
    this.offsetMs = toInstant(instant).getTime() - systemClock.now().getTime()
  }

  advance(by: { days?: number; hours?: number; minutes?: number }): void {
    this.offsetMs += (by.days ?? 0) * DAY_MS + (by.hours ?? 0) * 3600_000 + (by.minutes ?? 0) * 60_000
  }
}

function toInstant(value: Date | string): Date {
  const instant = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T09:00:00+08:00`) : new Date(value)
  if (Number.isNaN(instant.getTime())) throw new Error(`not a valid instant: ${String(value)}`)
  return instant
}

/** The instant shifted so its UTC fields read as China's wall clock. */
export function chinaWallClock(instant: Date): Date {
  if (Number.isNaN(instant.getTime())) throw new Error('not a valid date')
  return new Date(instant.getTime() + CHINA_OFFSET_MS)
}

/** The date in China of an instant, "YYYY-MM-DD": what "the session of 10 October" means for a check-in time. */
export function chinaDateOf(instant: Date): string {
  return chinaWallClock(instant).toISOString().slice(0, 10)
}

/** Today in China for a request (its context carries the instant the clock gave it). */
export function chinaToday(at: { now: Date }): string {
  return chinaDateOf(at.now)
}

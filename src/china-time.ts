/**
 * Care happens in China, where the clock is UTC+8 all year (no daylight saving since 1991), so a
 * fixed offset gives the local date of an instant on a server in any time zone. Every "what day
 * is it" in Jiawei (sessions, leave, admission, signing dates, documents) asks here.
 */
const CHINA_OFFSET_MS = 8 * 3600_000

/** The instant shifted so its UTC fields read as China's wall clock. */
export function chinaWallClock(instant: Date): Date {
  if (Number.isNaN(instant.getTime())) throw new Error('not a valid date')
  return new Date(instant.getTime() + CHINA_OFFSET_MS)
}

/** The date in China of an instant, "YYYY-MM-DD": what "the session of 10 October" means for a check-in time. */
export function chinaDateOf(instant: Date): string {
  return chinaWallClock(instant).toISOString().slice(0, 10)
}

export function chinaToday(now: Date = new Date()): string {
  return chinaDateOf(now)
}

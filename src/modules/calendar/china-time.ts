import type { IsoDate } from './iso-date.js'

// Care happens in China, where the clock is UTC+8 all year (no daylight saving since 1991), so a
// fixed offset gives the local date of an instant on a server in any time zone.
const CHINA_OFFSET_MS = 8 * 3600_000

/** The date in China of an instant: what "the session of 10 October" means for a check-in time. */
export function chinaDateOf(instant: Date): IsoDate {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10)
}

export function chinaToday(now: Date = new Date()): IsoDate {
  return chinaDateOf(now)
}

// Calendar dates as plain 'YYYY-MM-DD' strings, with arithmetic on whole day numbers (days since
// 1970-01-01). Why not Date: a service day is a date in China, not an instant; arithmetic on
// local-time Date objects shifts dates by one west of UTC and across DST changes.

/** A calendar date 'YYYY-MM-DD' (no time, no zone). */
export type IsoDate = string
/** A calendar month 'YYYY-MM'. */
export type IsoMonth = string

/** Bad input to the calendar (malformed date, inverted term, conflicting overrides…). */
export class CalendarInputError extends Error {
  override name = 'CalendarInputError'
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const MONTH_RE = /^(\d{4})-(\d{2})$/

/** Days since 1970-01-01 for a valid IsoDate; throws CalendarInputError otherwise. */
export function toDayNumber(date: IsoDate): number {
  const m = DATE_RE.exec(date)
  if (m) {
    const y = Number(m[1])
    const mo = Number(m[2])
    const d = Number(m[3])
    if (y >= 1000 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)) return daysFromCivil(y, mo, d)
  }
  throw new CalendarInputError(`not a valid date (YYYY-MM-DD): ${JSON.stringify(date)}`)
}

// Plain integer arithmetic (H. Hinnant's civil calendar algorithms) instead of Date objects:
// the roster and billing classify many days per request, and toISOString() alone cost ~1.5 µs.
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

export function fromDayNumber(day: number): IsoDate {
  const z = day + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0)
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31
}

/** ISO weekday, 1 = Monday … 7 = Sunday. 1970-01-01 was a Thursday (4). */
export function isoWeekdayOfDay(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1
}

export function isoWeekday(date: IsoDate): number {
  return isoWeekdayOfDay(toDayNumber(date))
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days)
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4))
}

/** First and last day (as day numbers) of a 'YYYY-MM' month. */
export function monthRange(month: IsoMonth): { first: number; last: number } {
  const m = MONTH_RE.exec(month)
  const y = Number(m?.[1])
  const mo = Number(m?.[2])
  if (!m || y < 1000 || mo < 1 || mo > 12) {
    throw new CalendarInputError(`not a valid month (YYYY-MM): ${JSON.stringify(month)}`)
  }
  const first = daysFromCivil(y, mo, 1)
  return { first, last: first + daysInMonth(y, mo) - 1 }
}

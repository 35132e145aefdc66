// Sanity checks on a school's statement of a holiday year (a confirmation or a correction). The
// pure core (national-calendar.ts) already refuses what cannot be a calendar (a date outside the
// year or listed twice, a make-up workday on a weekday); these refuse what is almost certainly a
// typo in a real year, measured against every year chinese-days ships (2004–2026): 元旦 on
// 1 January, 春节 around the lunar new year, 22–33 days off and 5–12 make-up workdays.
import chineseDays from 'chinese-days'
import { addDays, toDayNumber } from './iso-date.js'

export interface YearStatement {
  year: number
  holidays: { date: string; name: string }[]
  makeupWorkdays: { date: string; name?: string | undefined }[]
}

type Issue = { path: string; message: string }

/** Days off a real year has had, weekends inside a holiday included, with some room either way. */
export const HOLIDAY_DAYS = { min: 20, max: 40 } as const
export const MAX_MAKEUP_WORKDAYS = 14

/** The lunar new year's day (正月初一) of a year, if the package's lunar tables reach it. */
function lunarNewYear(year: number): string | null {
  try {
    const found = (chineseDays as unknown as { getSolarDateFromLunar(d: string): { date?: string } }).getSolarDateFromLunar(`${year}-01-01`)
    return typeof found?.date === 'string' && found.date.startsWith(`${year}-`) ? found.date : null
  } catch {
    return null
  }
}

export function yearStatementIssues(s: YearStatement): Issue[] {
  const issues: Issue[] = []
  const named = (word: string) => s.holidays.filter((h) => h.name.includes(word))
  if (!named('元旦').some((h) => h.date === `${s.year}-01-01`)) issues.push({ path: 'body.holidays', message: `元旦 (${s.year}-01-01) is missing` })
  const springFestival = named('春节')
  if (springFestival.length < 3) {
    issues.push({ path: 'body.holidays', message: `春节 is missing or too short (${springFestival.length} days named 春节; every year has had at least 7)` })
  } else {
    const newYear = lunarNewYear(s.year)
    const near = (d: string) => (newYear ? Math.abs(toDayNumber(d) - toDayNumber(newYear)) <= 7 : true)
    if (newYear && !springFestival.some((h) => h.date === newYear || h.date === addDays(newYear, -1))) {
      issues.push({ path: 'body.holidays', message: `春节 does not include the lunar new year (${newYear})` })
    } else if (!springFestival.every((h) => near(h.date))) {
      issues.push({ path: 'body.holidays', message: `春节 days lie more than a week from the lunar new year (${newYear})` })
    }
  }
  if (s.holidays.length < HOLIDAY_DAYS.min || s.holidays.length > HOLIDAY_DAYS.max) {
    issues.push({
      path: 'body.holidays',
      message: `${s.holidays.length} days off is not a plausible year (${HOLIDAY_DAYS.min}–${HOLIDAY_DAYS.max}, weekends inside a holiday included); list every day of each holiday`,
    })
  }
  if (s.makeupWorkdays.length > MAX_MAKEUP_WORKDAYS) {
    issues.push({ path: 'body.makeupWorkdays', message: `${s.makeupWorkdays.length} make-up workdays is not a plausible year (at most ${MAX_MAKEUP_WORKDAYS})` })
  }
  return issues
}

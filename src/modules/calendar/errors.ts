import { AppError, RuleViolation } from '../../errors.js'
import { CalendarInputError } from './iso-date.js'
import { CalendarYearNotCovered } from './national-calendar.js'
import type { CalendarDay } from './service-days.js'

/** A date in a year neither chinese-days nor the school has a holiday calendar for: never guess. */
export class CalendarYearNotConfirmed extends AppError {
  constructor(
    readonly year: number,
    schoolId: string,
  ) {
    super(
      409,
      'calendar-year-not-confirmed',
      'Conflict',
      `The national holiday calendar for ${year} is not known yet, so service days in ${year} cannot be counted. ` +
        `A reviewer of the school must confirm ${year}'s holidays and make-up workdays first (POST /api/v1/schools/${schoolId}/calendar-years).`,
      [{ path: 'year', message: String(year) }],
    )
  }
}

export class NotAServiceDay extends RuleViolation {
  constructor(day: CalendarDay) {
    super('not-a-service-day', `${day.date} is not a service day of this plan: ${day.reason} (${day.status})`, [{ path: 'date', message: day.reason }])
  }
}

/** Runs pure calendar code and turns its errors into problems the API can answer with. */
export function translateCalendarErrors<T>(schoolId: string, fn: () => T): T {
  try {
    return fn()
  } catch (e) {
    if (e instanceof CalendarYearNotCovered) throw new CalendarYearNotConfirmed(e.year, schoolId)
    if (e instanceof CalendarInputError) throw new RuleViolation('calendar-input-invalid', e.message)
    throw e
  }
}

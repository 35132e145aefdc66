// Service days (服务日) of a care plan: the one place that decides whether care runs on a date.
// Billing proration, per-day leave refunds and the per-day subsidy all count from here (rule 7a).
import { CalendarInputError, fromDayNumber, type IsoDate, type IsoMonth, isoWeekdayOfDay, monthRange, toDayNumber, yearOf } from './iso-date.js'
import { classifyNational, confirmedOverride, isPackageYear, type YearCalendarOverride, type YearTable, yearTable } from './national-calendar.js'

/** A school's own decision about one date: close (停课) or run care anyway. */
export type SchoolDayOverride = { date: IsoDate; kind: 'closure' | 'open'; reason: string }

export type PlanCalendarInput = {
  termStartsOn: IsoDate
  termEndsOn: IsoDate
  /** ISO weekdays the plan runs on: 1 = Monday … 7 = Sunday. */
  weekdays: readonly number[]
  schoolOverrides: readonly SchoolDayOverride[]
  yearOverrides?: readonly YearCalendarOverride[]
}

export type ServiceDayStatus = 'service' | 'weekend' | 'holiday' | 'makeup-workday-service' | 'closure' | 'school-open' | 'outside-term' | 'not-plan-weekday'

export type CalendarDay = {
  date: IsoDate
  isServiceDay: boolean
  status: ServiceDayStatus
  /** Why, in Chinese, for people: '国庆节', '调休上班（国庆节）', the closure's reason… */
  reason: string
}

export type EnrollmentPeriod = {
  startsOn: IsoDate
  /** Effective withdrawal date: the first day NOT served. null/absent while enrolled. */
  withdrawnOn?: IsoDate | null
}

export type MonthServiceDays = { month: IsoMonth; serviceDays: number; dates: IsoDate[] }

const WEEKDAY_ZH = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日']

/** The input, validated and indexed once per call so each day is a few Map lookups. */
type PreparedPlan = {
  termFirst: number
  termLast: number
  weekdays: ReadonlySet<number>
  runsOnSchoolDays: boolean
  school: ReadonlyMap<IsoDate, SchoolDayOverride>
  yearOverrides: readonly YearCalendarOverride[] | undefined
  tables: Map<number, YearTable>
}

function prepare(input: PlanCalendarInput): PreparedPlan {
  const termFirst = toDayNumber(input.termStartsOn)
  const termLast = toDayNumber(input.termEndsOn)
  if (termFirst > termLast) {
    throw new CalendarInputError(`term ends (${input.termEndsOn}) before it starts (${input.termStartsOn})`)
  }
  for (const w of input.weekdays) {
    if (!Number.isInteger(w) || w < 1 || w > 7) throw new CalendarInputError(`weekday ${w} is not 1…7`)
  }
  if (input.weekdays.length === 0) throw new CalendarInputError('the plan runs on no weekday')
  const weekdays = new Set(input.weekdays)
  const school = new Map<IsoDate, SchoolDayOverride>()
  for (const o of input.schoolOverrides) {
    toDayNumber(o.date)
    if (school.has(o.date)) throw new CalendarInputError(`two school overrides on ${o.date}`)
    school.set(o.date, o)
  }
  return {
    termFirst,
    termLast,
    weekdays,
    runsOnSchoolDays: [1, 2, 3, 4, 5].some((w) => weekdays.has(w)),
    school,
    yearOverrides: input.yearOverrides,
    tables: new Map(),
  }
}

function tableFor(plan: PreparedPlan, year: number): YearTable {
  let table = plan.tables.get(year)
  if (!table) {
    table = yearTable(year, plan.yearOverrides)
    plan.tables.set(year, table)
  }
  return table
}

function day(date: IsoDate, status: ServiceDayStatus, reason: string): CalendarDay {
  const isServiceDay = status === 'service' || status === 'makeup-workday-service' || status === 'school-open'
  return { date, isServiceDay, status, reason }
}

// Precedence: the term bounds first (money is collected per term, rule 7, so nothing outside it
// counts); then the school's explicit decision for the date (a closure always wins; an opening
// still respects the plan's weekdays); then the national calendar; then the plan's weekdays. An in-term date of a year nobody has confirmed throws, even when a school
// override would decide it, so a calendar is either wholly known or refused.
function classify(plan: PreparedPlan, n: number): CalendarDay {
  const date = fromDayNumber(n)
  if (n < plan.termFirst || n > plan.termLast) return day(date, 'outside-term', '不在学期内')
  const national = classifyNational(date, n, tableFor(plan, yearOf(date)))
  const school = plan.school.get(date)
  const weekday = isoWeekdayOfDay(n)
  if (school?.kind === 'closure') return day(date, 'closure', school.reason)
  if (school) {
    // The school opens a day off (a holiday, a weekend) for care: a school working day, still
    // within the plan's weekdays. A Monday–Friday date counts if the plan runs on that weekday;
    // a Saturday or Sunday the way a 调休 day does, if the plan runs on any school weekday.
    const runs = weekday <= 5 ? plan.weekdays.has(weekday) : plan.runsOnSchoolDays
    if (runs) return day(date, 'school-open', school.reason)
    const why = weekday <= 5 ? `本方案${WEEKDAY_ZH[weekday] ?? ''}不开展托管` : '本方案不在工作日开展'
    return day(date, 'not-plan-weekday', `${school.reason}，${why}`)
  }
  switch (national.kind) {
    case 'holiday':
      return day(date, 'holiday', national.name ?? '法定节假日')
    case 'makeup-workday': {
      // A 调休 Saturday/Sunday is a school working day taught on some weekday's timetable, and the
      // notices do not say which. Policy: care runs on school working days within the plan's
      // weekdays, so we count it whenever the plan runs on any Monday–Friday; a plan that runs
      // on no school weekday (e.g. Saturdays only) does not run on it.
      const reason = national.name ? `调休上班（${national.name}）` : '调休上班'
      if (plan.runsOnSchoolDays) return day(date, 'makeup-workday-service', reason)
      return day(date, 'not-plan-weekday', `${reason}，本方案不在工作日开展`)
    }
    case 'weekend':
      return day(date, 'weekend', WEEKDAY_ZH[weekday] ?? '周末')
    case 'workday':
      if (plan.weekdays.has(weekday)) return day(date, 'service', '工作日')
      return day(date, 'not-plan-weekday', `本方案${WEEKDAY_ZH[weekday] ?? ''}不开展托管`)
  }
}

function classifyRange(plan: PreparedPlan, first: number, last: number): CalendarDay[] {
  const days: CalendarDay[] = []
  for (let n = first; n <= last; n++) days.push(classify(plan, n))
  return days
}

export function calendarDay(date: IsoDate, input: PlanCalendarInput): CalendarDay {
  return classify(prepare(input), toDayNumber(date))
}

/** Every day of a 'YYYY-MM' month, service or not, with the reason. */
export function monthCalendar(month: IsoMonth, input: PlanCalendarInput): CalendarDay[] {
  const { first, last } = monthRange(month)
  return classifyRange(prepare(input), first, last)
}

/** Service days from `from` to `to`, both inclusive; 0 when `to` is before `from`. */
export function countServiceDays(from: IsoDate, to: IsoDate, input: PlanCalendarInput): number {
  const plan = prepare(input)
  const first = Math.max(toDayNumber(from), plan.termFirst)
  const last = Math.min(toDayNumber(to), plan.termLast)
  return classifyRange(plan, first, last).filter((d) => d.isServiceDay).length
}

/** The service dates from `from` to `to`, both inclusive (leave requests are counted with this). */
export function serviceDatesBetween(from: IsoDate, to: IsoDate, input: PlanCalendarInput): IsoDate[] {
  const plan = prepare(input)
  const first = Math.max(toDayNumber(from), plan.termFirst)
  const last = Math.min(toDayNumber(to), plan.termLast)
  return classifyRange(plan, first, last)
    .filter((d) => d.isServiceDay)
    .map((d) => d.date)
}

/**
 * The service days of one enrollment in one month: from the latest of (enrollment start, month
 * start, term start) to the earliest of (the day before withdrawal, month end, term end).
 * `withdrawnOn` is the effective withdrawal date, the first day the child is no longer in care —
 * so a withdrawal on the 15th means the 14th is the last day counted.
 */
export function serviceDaysForEnrollment(month: IsoMonth, input: PlanCalendarInput, enrollment: EnrollmentPeriod): MonthServiceDays {
  const plan = prepare(input)
  const { first: monthFirst, last: monthLast } = monthRange(month)
  const first = Math.max(toDayNumber(enrollment.startsOn), monthFirst, plan.termFirst)
  let last = Math.min(monthLast, plan.termLast)
  if (enrollment.withdrawnOn != null) last = Math.min(last, toDayNumber(enrollment.withdrawnOn) - 1)
  const dates = classifyRange(plan, first, last)
    .filter((d) => d.isServiceDay)
    .map((d) => d.date)
  return { month, serviceDays: dates.length, dates }
}

/**
 * Years the term touches that neither the package nor a confirmed override covers. The service
 * refuses the plan's calendar until the school confirms each of them.
 */
export function uncoveredYears(input: PlanCalendarInput): number[] {
  prepare(input) // validates the term dates
  const from = yearOf(input.termStartsOn)
  const to = yearOf(input.termEndsOn)
  const years: number[] = []
  for (let y = from; y <= to; y++) {
    if (!isPackageYear(y) && !confirmedOverride(y, input.yearOverrides)) years.push(y)
  }
  return years
}

// The service calendar of a plan (rule 7a), for people (getPlanCalendar) and for money
// (planServiceDays, serviceDaysForEnrollmentMonth).
import { authorize, hatsForCommittee, INSIDERS } from '../../access.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import { NotFound } from '../../errors.js'
import { getEnrollmentRef } from '../enrollment/for-attendance.js'
import { translateCalendarErrors } from './errors.js'
import type { IsoMonth } from './iso-date.js'
import { isPackageYear } from './national-calendar.js'
import { loadPlanCalendar, type PlanCalendar, requirePlan } from './plan-calendar.js'
import { confirmedYears } from './repository.js'
import { type MonthServiceDays, monthCalendar, serviceDaysForEnrollment } from './service-days.js'

/**
 * Every day of a month with its status and the reason. Parents of the committee see it too: it
 * is what their fee and leave refunds are counted from. Anyone else, and parents asking for a
 * plan the school has not approved, get the 404 of a plan that does not exist.
 */
export async function getPlanCalendar(db: Db, ctx: Ctx, planId: string, month: IsoMonth) {
  return db.transaction().execute(async (trx) => {
    const plan = await requirePlan(trx, planId)
    const hats = hatsForCommittee(ctx.actor, { id: plan.committeeId, schoolId: plan.schoolId })
    // A plan the school has not approved has no calendar; only officers and the school learn why.
    const seenBy = plan.approvedVersion ? undefined : INSIDERS
    authorize(hats, { allowed: [...INSIDERS, 'parent'], action: 'see the service calendar', ...(seenBy ? { seenBy } : {}) }, () => new NotFound('plan', `Plan ${planId} not found`))
    const pc = await loadPlanCalendar(trx, plan)
    const days = translateCalendarErrors(plan.schoolId, () => monthCalendar(month, pc.input))
    return { planId, month, serviceDays: days.filter((d) => d.isServiceDay).length, days }
  })
}

/**
 * THE service days of a plan in a month (the term, the national calendar with 调休, the school's
 * closures and openings, the plan's weekdays). Subsidy claims and anything counted per plan-day
 * must call this, never recount. No authorization: the caller has already checked its own.
 * Throws CalendarYearNotConfirmed (409) for a year nobody has confirmed, NotFound, or
 * Conflict 'plan-not-approved'.
 */
export async function planServiceDays(trx: Db | Trx, planId: string, month: IsoMonth): Promise<MonthServiceDays> {
  const pc = await loadPlanCalendar(trx, planId)
  const dates = translateCalendarErrors(pc.plan.schoolId, () => monthCalendar(month, pc.input))
    .filter((d) => d.isServiceDay)
    .map((d) => d.date)
  return { month, serviceDays: dates.length, dates }
}

/**
 * THE service days of one enrollment in a month: the plan's service days from the enrollment's
 * start to the day before its withdrawal. Billing proration, per-day leave refunds and the
 * 1-yuan-per-student-day subsidy must all count from this function (rule 7a). An enrollment
 * whose agreement is not signed yet has none. No authorization: the caller checks its own.
 */
export async function serviceDaysForEnrollmentMonth(trx: Db | Trx, enrollmentId: string, month: IsoMonth): Promise<MonthServiceDays> {
  const ref = await getEnrollmentRef(trx, enrollmentId)
  if (!ref) throw new NotFound('enrollment', `Enrollment ${enrollmentId} not found`)
  const pc = await loadPlanCalendar(trx, ref.planId)
  const startsOn = ref.status === 'awaiting_agreement' ? null : ref.startsOn
  if (startsOn === null) return { month, serviceDays: 0, dates: [] }
  return translateCalendarErrors(pc.plan.schoolId, () => serviceDaysForEnrollment(month, pc.input, { startsOn, withdrawnOn: ref.withdrawnOn }))
}

export { loadPlanCalendar, type PlanCalendar } from './plan-calendar.js'

/**
 * THE service dates of a plan in a month, from a calendar loaded once (loadPlanCalendar): a
 * billing run counts thousands of families against the same calendar without a query each.
 */
export function planServiceDatesOf(pc: PlanCalendar, month: IsoMonth): string[] {
  return translateCalendarErrors(pc.plan.schoolId, () => monthCalendar(month, pc.input))
    .filter((d) => d.isServiceDay)
    .map((d) => d.date)
}

/** THE service dates of one family in a month, from a loaded calendar: from its start to the day before its withdrawal. */
export function familyServiceDatesOf(pc: PlanCalendar, month: IsoMonth, period: { startsOn: string | null; withdrawnOn: string | null }): string[] {
  if (period.startsOn === null) return []
  const startsOn = period.startsOn
  return translateCalendarErrors(pc.plan.schoolId, () => serviceDaysForEnrollment(month, pc.input, { startsOn, withdrawnOn: period.withdrawnOn })).dates
}

/**
 * The years from `startsOn` to `endsOn` that have no holiday calendar: not built in, and not
 * confirmed by the school. A plan over such a year is warned at submission and refused at
 * approval (the plans module asks through a hook), so nobody bills on a calendar that does not exist.
 */
export async function unconfirmedCalendarYears(db: Db | Trx, schoolId: string, startsOn: string, endsOn: string): Promise<number[]> {
  const from = Number(startsOn.slice(0, 4))
  const to = Number(endsOn.slice(0, 4))
  const uncovered: number[] = []
  for (let y = from; y <= to; y++) if (!isPackageYear(y)) uncovered.push(y)
  if (uncovered.length === 0) return []
  const confirmed = new Set((await confirmedYears(db, schoolId, from, to)).map((y) => y.year))
  return uncovered.filter((y) => !confirmed.has(y))
}

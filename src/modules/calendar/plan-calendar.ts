// Loads what the pure calendar core needs for one plan: the term, the approved weekdays, the
// school's closures/openings and its confirmed holiday years. Everything that asks "is care
// running on this date?" goes through here and service-days.ts, never around them.
import type { Db, Trx } from '../../db/index.js'
import { Conflict, NotFound } from '../../errors.js'
import { getPlanForService, type PlanForService } from '../plans/service.js'
import { NotAServiceDay, translateCalendarErrors } from './errors.js'
import { yearOf } from './iso-date.js'
import { isPackageYear } from './national-calendar.js'
import { confirmedYears, overridesBetween } from './repository.js'
import { type CalendarDay, calendarDay, type PlanCalendarInput } from './service-days.js'

export type ApprovedPlan = PlanForService & { approvedVersion: NonNullable<PlanForService['approvedVersion']> }

export interface PlanCalendar {
  plan: ApprovedPlan
  input: PlanCalendarInput
}

export async function requirePlan(trx: Db | Trx, planId: string): Promise<PlanForService> {
  const plan = await getPlanForService(trx, planId)
  if (!plan) throw new NotFound('plan', `Plan ${planId} not found`)
  return plan
}

/** Care, and so service days, exist only under the version of the plan the school approved (rule 3). */
export function requireApproved(plan: PlanForService): ApprovedPlan {
  if (!plan.approvedVersion) {
    throw new Conflict('plan-not-approved', `Plan ${plan.id} has no approved version yet, so it has no service days (status: ${plan.status})`)
  }
  return plan as ApprovedPlan
}

export async function calendarInputFor(trx: Db | Trx, plan: ApprovedPlan): Promise<PlanCalendarInput> {
  const overrides = await overridesBetween(trx, plan.schoolId, plan.termStartsOn, plan.termEndsOn)
  const from = yearOf(plan.termStartsOn)
  const to = yearOf(plan.termEndsOn)
  // Package data wins over a school's confirmation, so a term the package covers needs no query.
  let needed = false
  for (let y = from; y <= to; y++) if (!isPackageYear(y)) needed = true
  const years = needed ? await confirmedYears(trx, plan.schoolId, from, to) : []
  return {
    termStartsOn: plan.termStartsOn,
    termEndsOn: plan.termEndsOn,
    weekdays: plan.approvedVersion.weekdays,
    schoolOverrides: overrides,
    yearOverrides: years.map((y) => ({ year: y.year, confirmed: true, holidays: y.holidays, makeupWorkdays: y.makeup_workdays })),
  }
}

export async function loadPlanCalendar(trx: Db | Trx, planOrId: string | PlanForService): Promise<PlanCalendar> {
  const plan = requireApproved(typeof planOrId === 'string' ? await requirePlan(trx, planOrId) : planOrId)
  return { plan, input: await calendarInputFor(trx, plan) }
}

export function dayOf(pc: PlanCalendar, date: string): CalendarDay {
  return translateCalendarErrors(pc.plan.schoolId, () => calendarDay(date, pc.input))
}

/** Attendance, leave and duty happen on service days only; anything else is refused with the calendar's reason. */
export function requireServiceDay(pc: PlanCalendar, date: string): CalendarDay {
  const day = dayOf(pc, date)
  if (!day.isServiceDay) throw new NotAServiceDay(day)
  return day
}

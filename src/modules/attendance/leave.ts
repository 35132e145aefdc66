// Leave (请假) reported by a guardian for coming days. Per-day leave refunds are counted from
// leaveDaysForEnrollmentMonth, which builds on the one service-day function (rule 7a).
import { authorize, hatsForCommittee, INSIDERS } from '../../access.js'
import { chinaToday } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import { Conflict, NotFound, RuleViolation } from '../../errors.js'
import { recordAudit } from '../audit/service.js'
import { translateCalendarErrors } from '../calendar/errors.js'
import type { IsoMonth } from '../calendar/iso-date.js'
import { loadPlanCalendar, requirePlan } from '../calendar/plan-calendar.js'
import { serviceDaysForEnrollmentMonth } from '../calendar/service.js'
import { serviceDatesBetween } from '../calendar/service-days.js'
import { getEnrollmentRef, inCareOn } from '../enrollment/for-attendance.js'
import * as repo from './repository.js'

export interface LeaveInput {
  from: string
  to: string
  reason: string
}

export async function reportLeave(db: Db, ctx: Ctx, enrollmentId: string, input: LeaveInput) {
  return db.transaction().execute(async (trx) => {
    const notFound = () => new NotFound('enrollment', `Enrollment ${enrollmentId} not found`)
    const ref = await getEnrollmentRef(trx, enrollmentId)
    if (!ref) throw notFound()
    // Another family's child: nothing to see. The committee knows the child, but leave is the family's word.
    const plan = await requirePlan(trx, ref.planId)
    const hats = hatsForCommittee(ctx.actor, { id: plan.committeeId, schoolId: plan.schoolId })
    if (ref.guardianUserId === ctx.actor.userId) hats.add('guardian')
    authorize(hats, { allowed: ['guardian'], action: "report leave (the child's guardian)", seenBy: [...INSIDERS, 'guardian'] }, notFound)
    const today = chinaToday(ctx)
    if (input.from < today) {
      throw new RuleViolation('leave-in-the-past', `Leave is reported for coming days; ${input.from} is before today (${today})`, [
        { path: 'body.from', message: `must be ${today} or later` },
      ])
    }
    if (!inCareOn(ref, input.from) || !inCareOn(ref, input.to)) {
      throw new RuleViolation('not-enrolled-on-date', `${ref.student.name} is not in care for the whole of ${input.from}–${input.to}`, [
        { path: 'body', message: 'outside the enrollment' },
      ])
    }
    const pc = await loadPlanCalendar(trx, ref.planId)
    if (input.to > pc.plan.termEndsOn) {
      throw new RuleViolation('outside-term', `The term ends on ${pc.plan.termEndsOn}`, [{ path: 'body.to', message: 'after the term' }])
    }
    const dates = translateCalendarErrors(pc.plan.schoolId, () => serviceDatesBetween(input.from, input.to, pc.input))
    if (dates.length === 0) {
      throw new RuleViolation('no-service-day', `There is no service day from ${input.from} to ${input.to}; no leave is needed`, [{ path: 'body', message: 'no service day' }])
    }
    const [overlap] = await repo.leavesOverlapping(trx, ref.id, input.from, input.to)
    if (overlap) throw new Conflict('leave-overlaps', `Leave from ${overlap.starts_on} to ${overlap.ends_on} is already reported`)
    const recorded = await repo.attendanceOfEnrollmentBetween(trx, ref.id, input.from, input.to)
    if (recorded) throw new Conflict('attendance-already-recorded', `Attendance of ${recorded.service_date} is already recorded; ask the committee for a correction`)
    const row = await repo.insertLeave(
      trx,
      { planId: ref.planId, enrollmentId: ref.id, from: input.from, to: input.to, reason: input.reason, reportedBy: ctx.actor.userId },
      ctx.now,
    )
    await recordAudit(trx, ctx, { action: 'leave.reported', entityType: 'enrollment', entityId: ref.id, data: { leaveId: row.id, ...input, serviceDays: dates.length } })
    return { id: row.id, enrollmentId: ref.id, from: row.starts_on, to: row.ends_on, reason: row.reason, serviceDays: dates, createdAt: row.created_at }
  })
}

/**
 * THE leave days of an enrollment in a month, for per-day leave refunds: its service days
 * (serviceDaysForEnrollmentMonth) on which the effective check-in says leave, or on which leave
 * was reported and no check-in says otherwise (a child who came anyway was present).
 * No authorization: the caller checks its own.
 */
export async function leaveDaysForEnrollmentMonth(trx: Db | Trx, enrollmentId: string, month: IsoMonth) {
  const service = await serviceDaysForEnrollmentMonth(trx, enrollmentId, month)
  if (service.dates.length === 0) return { month, leaveDays: 0, dates: [] as string[] }
  const first = service.dates[0]!
  const last = service.dates[service.dates.length - 1]!
  const leaves = await repo.leavesOverlapping(trx, enrollmentId, first, last)
  const checkIns = await repo.effectiveCheckIns(trx, enrollmentId, first, last)
  const dates = leaveDatesAmong(service.dates, leaves, new Map(checkIns.map((c) => [c.service_date, c.status])))
  return { month, leaveDays: dates.length, dates }
}

/**
 * THE rule for a leave day: a service day on which the effective check-in says leave, or on
 * which leave was reported and no check-in says otherwise (a child who came anyway was present).
 */
function leaveDatesAmong(serviceDates: readonly string[], leaves: readonly { starts_on: string; ends_on: string }[], checkIn: ReadonlyMap<string, string | null>): string[] {
  return serviceDates.filter((d) => {
    const s = checkIn.get(d)
    if (s !== undefined) return s === 'leave'
    return leaves.some((l) => l.starts_on <= d && d <= l.ends_on)
  })
}

/**
 * The leave days of many families of a plan at once (billing books a month's leave credits for a
 * whole plan), by the same rule, in two queries. `serviceDates` gives each family's service days
 * from the calendar. No authorization: the caller checks its own.
 */
export async function leaveDatesForPlan(db: Db | Trx, planId: string, serviceDates: ReadonlyMap<string, readonly string[]>): Promise<Map<string, string[]>> {
  const all = [...serviceDates.values()].flat().sort()
  const out = new Map<string, string[]>()
  if (all.length === 0) return out
  const from = all[0]!
  const to = all[all.length - 1]!
  const leaves = await repo.leavesOfPlanBetween(db, planId, from, to)
  const checkIns = await repo.effectiveCheckInsOfPlan(db, planId, from, to)
  const leavesOf = new Map<string, { starts_on: string; ends_on: string }[]>()
  for (const l of leaves) leavesOf.set(l.enrollment_id, [...(leavesOf.get(l.enrollment_id) ?? []), l])
  const checkInsOf = new Map<string, Map<string, string | null>>()
  for (const c of checkIns) {
    if (!checkInsOf.has(c.enrollment_id)) checkInsOf.set(c.enrollment_id, new Map())
    checkInsOf.get(c.enrollment_id)!.set(c.service_date, c.status)
  }
  for (const [enrollmentId, dates] of serviceDates) {
    out.set(enrollmentId, leaveDatesAmong(dates, leavesOf.get(enrollmentId) ?? [], checkInsOf.get(enrollmentId) ?? new Map()))
  }
  return out
}

/** Days each family of a plan was checked in present between two dates: the attended-days basis of a subsidy claim. */
export async function presentDatesForPlan(db: Db | Trx, planId: string, from: string, to: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>()
  for (const c of await repo.effectiveCheckInsOfPlan(db, planId, from, to)) {
    if (c.status === 'present') out.set(c.enrollment_id, [...(out.get(c.enrollment_id) ?? []), c.service_date])
  }
  return out
}

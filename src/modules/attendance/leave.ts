// Leave (请假) reported by a guardian for coming days. Per-day leave refunds are counted from
// leaveDaysForEnrollmentMonth, which builds on the one service-day function (rule 7a).
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import { Conflict, Forbidden, NotFound, RuleViolation } from '../../errors.js'
import { recordAudit } from '../audit/service.js'
import { chinaToday } from '../../china-time.js'
import { translateCalendarErrors } from '../calendar/errors.js'
import type { IsoMonth } from '../calendar/iso-date.js'
import { loadPlanCalendar, requirePlan } from '../calendar/plan-calendar.js'
import { serviceDaysForEnrollmentMonth } from '../calendar/service.js'
import { serviceDatesBetween } from '../calendar/service-days.js'
import { getEnrollmentRef, inCareOn } from '../enrollment/for-attendance.js'
import { COMMITTEE_OFFICERS, hatsForCommittee, OVERSIGHT } from '../schools/access.js'

export interface LeaveInput {
  from: string
  to: string
  reason: string
}

export async function reportLeave(db: Db, ctx: Ctx, enrollmentId: string, input: LeaveInput, today = chinaToday()) {
  return db.transaction().execute(async (trx) => {
    const ref = await getEnrollmentRef(trx, enrollmentId)
    if (!ref) throw new NotFound('enrollment', `Enrollment ${enrollmentId} not found`)
    if (ref.guardianUserId !== ctx.actor.userId) {
      // Another family's child: nothing to see. The committee knows the child, but leave is the family's word.
      const plan = await requirePlan(trx, ref.planId)
      const hats = hatsForCommittee(ctx.actor, { id: plan.committeeId, schoolId: plan.schoolId })
      if ([...OVERSIGHT, ...COMMITTEE_OFFICERS].some((h) => hats.has(h))) throw new Forbidden("Only the child's guardian reports leave")
      throw new NotFound('enrollment', `Enrollment ${enrollmentId} not found`)
    }
    if (input.from < today) {
      throw new RuleViolation('leave-in-the-past', `Leave is reported for coming days; ${input.from} is before today (${today})`, [{ path: 'body.from', message: `must be ${today} or later` }])
    }
    if (!inCareOn(ref, input.from) || !inCareOn(ref, input.to)) {
      throw new RuleViolation('not-enrolled-on-date', `${ref.student.name} is not in care for the whole of ${input.from}–${input.to}`, [{ path: 'body', message: 'outside the enrollment' }])
    }
    const pc = await loadPlanCalendar(trx, ref.planId)
    if (input.to > pc.plan.termEndsOn) {
      throw new RuleViolation('outside-term', `The term ends on ${pc.plan.termEndsOn}`, [{ path: 'body.to', message: 'after the term' }])
    }
    const dates = translateCalendarErrors(pc.plan.schoolId, () => serviceDatesBetween(input.from, input.to, pc.input))
    if (dates.length === 0) {
      throw new RuleViolation('no-service-day', `There is no service day from ${input.from} to ${input.to}; no leave is needed`, [{ path: 'body', message: 'no service day' }])
    }
    const overlap = await trx.selectFrom('leave_requests').select(['starts_on', 'ends_on']).where('enrollment_id', '=', ref.id).where('starts_on', '<=', input.to).where('ends_on', '>=', input.from).executeTakeFirst()
    if (overlap) throw new Conflict('leave-overlaps', `Leave from ${overlap.starts_on} to ${overlap.ends_on} is already reported`)
    const recorded = await trx.selectFrom('attendance_records').select('service_date').where('enrollment_id', '=', ref.id).where('service_date', '>=', input.from).where('service_date', '<=', input.to).executeTakeFirst()
    if (recorded) throw new Conflict('attendance-already-recorded', `Attendance of ${recorded.service_date} is already recorded; ask the committee for a correction`)
    const row = await trx
      .insertInto('leave_requests')
      .values({ plan_id: ref.planId, enrollment_id: ref.id, starts_on: input.from, ends_on: input.to, reason: input.reason, reported_by: ctx.actor.userId })
      .returningAll()
      .executeTakeFirstOrThrow()
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
  const leaves = await trx.selectFrom('leave_requests').select(['starts_on', 'ends_on']).where('enrollment_id', '=', enrollmentId).where('starts_on', '<=', last).where('ends_on', '>=', first).execute()
  const checkIns = await trx
    .selectFrom('attendance_records as r')
    .select(['r.service_date', 'r.status'])
    .where('r.enrollment_id', '=', enrollmentId)
    .where('r.kind', '=', 'check_in')
    .where('r.service_date', '>=', first)
    .where('r.service_date', '<=', last)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('attendance_records as c').select('c.id').whereRef('c.corrects_id', '=', 'r.id'))))
    .execute()
  const status = new Map(checkIns.map((c) => [c.service_date, c.status]))
  const dates = service.dates.filter((d) => {
    const s = status.get(d)
    if (s !== undefined) return s === 'leave'
    return leaves.some((l) => l.starts_on <= d && d <= l.ends_on)
  })
  return { month, leaveDays: dates.length, dates }
}

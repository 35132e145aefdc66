// Check-in (present / absent / leave) and check-out with the pickup handover, by the staff on
// duty; corrections keep the original row and point at it (append-only, audited).
import type { Hat } from '../../access.js'
import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import { Conflict, NotFound } from '../../errors.js'
import { recordAudit } from '../audit/service.js'
import { loadPlanCalendar, requireServiceDay } from '../calendar/plan-calendar.js'
import { getEnrollmentRef } from '../enrollment/for-attendance.js'
import { authorizeSessionWrite, requireRelation, sessionAccess } from './access.js'
import { type AttendanceEvent, attendanceOut, attendanceValues, requireEnrollmentInCare } from './attendance-rules.js'
import { attendanceById, closedSession, correctionOf, effectiveAttendance, insertAttendance } from './repository.js'
import { requireTimeOnDate } from './times.js'

/** The committee corrects records; the auditor checks them and so never writes them. */
const CORRECTORS: Hat[] = ['chair', 'treasurer', 'member']

export async function recordAttendance(db: Db, ctx: Ctx, planId: string, date: string, input: AttendanceEvent & { enrollmentId: string }) {
  return db.transaction().execute(async (trx) => {
    const access = await sessionAccess(trx, ctx, planId, date)
    requireRelation(access)
    requireServiceDay(await loadPlanCalendar(trx, access.plan), date)
    authorizeSessionWrite(access, 'record attendance')
    if (await closedSession(trx, planId, date)) throw new Conflict('session-closed', `The session of ${date} is closed; the committee corrects it now`)
    requireTimeOnDate(input.at, date, ctx.now)
    const enrollment = await requireEnrollmentInCare(trx, planId, input.enrollmentId, date)
    const current = await effectiveAttendance(trx, planId, date, enrollment.id)
    const values = attendanceValues(enrollment, input, current, null)
    const row = await insertAttendance(
      trx,
      {
        ...values,
        school_id: access.plan.schoolId,
        plan_id: planId,
        enrollment_id: enrollment.id,
        service_date: date,
        recorded_by: ctx.actor.userId,
        recorder_staff_id: access.dutyStaffId,
      },
      ctx.now,
    )
    await recordAudit(trx, ctx, {
      action: `attendance.${row.kind}`,
      entityType: 'enrollment',
      entityId: enrollment.id,
      data: { attendanceId: row.id, date, status: input.status, pickedUpBy: row.picked_up_by_name, wentHomeAlone: row.went_home_alone },
    })
    return attendanceOut(row)
  })
}

/**
 * A correction replaces the latest record of a chain: the committee may correct at any time (with
 * a reason), the staff on duty only their own open session.
 */
export async function correctAttendance(db: Db, ctx: Ctx, attendanceId: string, input: AttendanceEvent & { reason: string }) {
  return db.transaction().execute(async (trx) => {
    const original = await attendanceById(trx, attendanceId)
    const notFound = () => new NotFound('attendance', `Attendance record ${attendanceId} not found`)
    if (!original) throw notFound()
    const date = original.service_date
    const access = await sessionAccess(trx, ctx, original.plan_id, date)
    const closed = await closedSession(trx, original.plan_id, date)
    if (!CORRECTORS.some((h) => access.hats.has(h))) {
      if (closed && access.onDutyNow) throw new Conflict('session-closed', `The session of ${date} is closed; only the committee corrects it now`)
      // Named as the record, never as its plan: a stranger learns nothing.
      authorizeSessionWrite(access, 'correct attendance', CORRECTORS, notFound)
    }
    const next = await correctionOf(trx, 'attendance_records', original.id)
    if (next) throw new Conflict('already-corrected', `Record ${original.id} was already corrected by ${next.id}; correct the latest record instead`)
    requireTimeOnDate(input.at, date, ctx.now)
    const enrollment = await getEnrollmentRef(trx, original.enrollment_id)
    if (!enrollment) throw new NotFound('enrollment', `Enrollment ${original.enrollment_id} not found`)
    const current = await effectiveAttendance(trx, original.plan_id, date, enrollment.id)
    const values = attendanceValues(enrollment, input, current, original)
    const row = await insertAttendance(
      trx,
      {
        ...values,
        school_id: original.school_id,
        plan_id: original.plan_id,
        enrollment_id: original.enrollment_id,
        service_date: date,
        recorded_by: ctx.actor.userId,
        recorder_staff_id: access.dutyStaffId,
        corrects_id: original.id,
        reason: input.reason,
      },
      ctx.now,
    )
    await recordAudit(trx, ctx, {
      action: 'attendance.corrected',
      entityType: 'enrollment',
      entityId: enrollment.id,
      data: {
        attendanceId: row.id,
        correctsId: original.id,
        reason: input.reason,
        before: attendanceOut(original),
        after: { status: input.status, at: input.at, pickedUpBy: row.picked_up_by_name },
      },
    })
    return attendanceOut(row)
  })
}

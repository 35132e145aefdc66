// The records of care stay readable after they are corrected: a record's whole correction chain
// (the original first, then each correction, with who wrote it and when), and a session's full
// log. Attendance is evidence of care and of what families were charged, duty records of what
// staff are paid: the committee and the school must be able to see what was changed, by whom.
import { authorize, INSIDERS } from '../../access.js'
import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import { NotFound } from '../../errors.js'
import { userNames } from '../accounts/service.js'
import { dutyRecordHats, sessionAccess } from './access.js'
import { attendanceOut } from './attendance-rules.js'
import { dutyOut } from './duty.js'
import { type AttendanceRow, correctionChain, type DutyRow, sessionAttendanceLog, sessionDutyLog } from './repository.js'

/** Who reads corrections: the committee's officers (the auditor above all) and the school. */
const HISTORY_READERS = INSIDERS

/** Rows in chain order, each with its author's name and whether it is the one in force (the last). */
async function withAuthors<R extends { recorded_by: string }, O>(db: Db, rows: R[], out: (r: R) => O) {
  const names = await userNames(
    db,
    rows.map((r) => r.recorded_by),
  )
  return rows.map((r, i) => ({ ...out(r), recordedByName: names.get(r.recorded_by) ?? null, effective: i === rows.length - 1 }))
}

export async function getAttendanceHistory(db: Db, ctx: Ctx, attendanceId: string) {
  const notFound = () => new NotFound('attendance', `Attendance record ${attendanceId} not found`)
  const chain: AttendanceRow[] = await correctionChain(db, 'attendance_records', attendanceId)
  const original = chain[0]
  if (!original) throw notFound()
  // Named as the record, never as its plan or committee: a stranger learns nothing. The staff on
  // duty wrote the session's records and read its roster: to them it is a wrong hat (403).
  const access = await sessionAccess(db, ctx, original.plan_id, original.service_date)
  authorize(access.hats, { allowed: HISTORY_READERS, seenBy: [...HISTORY_READERS, 'staff-on-duty'], action: 'read the history of an attendance record' }, notFound)
  return {
    enrollmentId: original.enrollment_id,
    planId: original.plan_id,
    date: original.service_date,
    kind: original.kind,
    records: await withAuthors(db, chain, attendanceOut),
  }
}

export async function getStaffDutyHistory(db: Db, ctx: Ctx, dutyRecordId: string) {
  const notFound = () => new NotFound('duty record', `Duty record ${dutyRecordId} not found`)
  const chain: DutyRow[] = await correctionChain(db, 'staff_duty_records', dutyRecordId)
  const original = chain[0]
  if (!original) throw notFound()
  authorize(await dutyRecordHats(db, ctx, original), { allowed: HISTORY_READERS, seenBy: [...HISTORY_READERS, 'staff'], action: 'read the history of a duty record' }, notFound)
  return {
    staffId: original.staff_id,
    planId: original.plan_id,
    date: original.service_date,
    event: original.event,
    records: await withAuthors(db, chain, dutyOut),
  }
}

/** Every record of a session as written — superseded ones too, each naming the row that replaced it. */
export async function getSessionLog(db: Db, ctx: Ctx, planId: string, date: string) {
  const access = await sessionAccess(db, ctx, planId, date)
  authorize(
    access.hats,
    { allowed: HISTORY_READERS, seenBy: [...HISTORY_READERS, 'staff-on-duty'], action: 'read the session log' },
    () => new NotFound('plan', `Plan ${planId} not found`),
  )
  const attendance = await sessionAttendanceLog(db, planId, date)
  const duty = await sessionDutyLog(db, planId, date)
  const supersededBy = new Map([...attendance, ...duty].filter((r) => r.corrects_id !== null).map((r) => [r.corrects_id!, r.id]))
  const names = await userNames(
    db,
    [...attendance, ...duty].map((r) => r.recorded_by),
  )
  const annotate = <O extends { id: string; recordedBy: string }>(o: O) => ({ ...o, recordedByName: names.get(o.recordedBy) ?? null, supersededBy: supersededBy.get(o.id) ?? null })
  return {
    planId,
    date,
    attendance: attendance.map((r) => annotate(attendanceOut(r))),
    staffDuty: duty.map((r) => annotate(dutyOut(r))),
  }
}

// The SQL of the daily records. "Effective" rows are those no correction replaces: a correction
// points at the row it replaces (corrects_id), and each row can be corrected once, so the
// effective rows are the ends of the correction chains.
import type { Db, Trx } from '../../db/index.js'

const ATTENDANCE_COLUMNS = [
  'r.id',
  'r.school_id',
  'r.plan_id',
  'r.enrollment_id',
  'r.service_date',
  'r.kind',
  'r.status',
  'r.picked_up_by_name',
  'r.picked_up_by_phone',
  'r.picked_up_by_relation',
  'r.went_home_alone',
  'r.at',
  'r.recorded_by',
  'r.corrects_id',
  'r.reason',
  'r.created_at',
] as const

export async function effectiveAttendance(trx: Db | Trx, planId: string, date: string, enrollmentId?: string) {
  let q = trx
    .selectFrom('attendance_records as r')
    .select(ATTENDANCE_COLUMNS)
    .where('r.plan_id', '=', planId)
    .where('r.service_date', '=', date)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('attendance_records as c').select('c.id').whereRef('c.corrects_id', '=', 'r.id'))))
  if (enrollmentId) q = q.where('r.enrollment_id', '=', enrollmentId)
  return q.execute()
}
export type AttendanceRow = Awaited<ReturnType<typeof effectiveAttendance>>[number]

/** The day's effective records with only what the roster shows (it runs for every child of a plan). */
export async function rosterRecords(trx: Db | Trx, planId: string, date: string) {
  return trx
    .selectFrom('attendance_records as r')
    .select(['r.id', 'r.enrollment_id', 'r.kind', 'r.status', 'r.at', 'r.picked_up_by_name', 'r.picked_up_by_phone', 'r.picked_up_by_relation', 'r.went_home_alone', 'r.recorded_by', 'r.corrects_id', 'r.reason'])
    .where('r.plan_id', '=', planId)
    .where('r.service_date', '=', date)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('attendance_records as c').select('c.id').whereRef('c.corrects_id', '=', 'r.id'))))
    .execute()
}
export type RosterRecordRow = Awaited<ReturnType<typeof rosterRecords>>[number]

export async function attendanceById(trx: Db | Trx, id: string) {
  return trx.selectFrom('attendance_records').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function correctionOf(trx: Db | Trx, table: 'attendance_records' | 'staff_duty_records', id: string) {
  return trx.selectFrom(table).select('id').where('corrects_id', '=', id).executeTakeFirst()
}

/** Leave reported for a plan's children covering `date`. */
export async function leavesOn(trx: Db | Trx, planId: string, date: string, enrollmentId?: string) {
  let q = trx.selectFrom('leave_requests').selectAll().where('plan_id', '=', planId).where('starts_on', '<=', date).where('ends_on', '>=', date)
  if (enrollmentId) q = q.where('enrollment_id', '=', enrollmentId)
  return q.orderBy('created_at').execute()
}

export async function effectiveDuty(trx: Db | Trx, planId: string, date: string, staffId?: string) {
  let q = trx
    .selectFrom('staff_duty_records as r')
    .innerJoin('staff as s', 's.id', 'r.staff_id')
    .selectAll('r')
    .select('s.name as staff_name')
    .where('r.plan_id', '=', planId)
    .where('r.service_date', '=', date)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('staff_duty_records as c').select('c.id').whereRef('c.corrects_id', '=', 'r.id'))))
  if (staffId) q = q.where('r.staff_id', '=', staffId)
  return q.orderBy('r.at').execute()
}
export type DutyRow = Awaited<ReturnType<typeof effectiveDuty>>[number]

export async function closedSession(trx: Db | Trx, planId: string, date: string) {
  return trx.selectFrom('care_sessions').selectAll().where('plan_id', '=', planId).where('service_date', '=', date).executeTakeFirst()
}

/** Each staff member's shift in a session: the effective sign-in and sign-out. */
export function shiftsOf(rows: DutyRow[]) {
  const shifts = new Map<string, { staffId: string; name: string; signIn?: DutyRow; signOut?: DutyRow }>()
  for (const r of rows) {
    const s = shifts.get(r.staff_id) ?? { staffId: r.staff_id, name: r.staff_name }
    if (r.event === 'sign_in') s.signIn = r
    else s.signOut = r
    shifts.set(r.staff_id, s)
  }
  return [...shifts.values()]
}

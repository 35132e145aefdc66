// The SQL of the daily records: attendance, leave, staff duty, closed sessions and incidents.
// "Effective" rows are those no correction replaces: a correction points at the row it replaces
// (corrects_id), and each row can be corrected once, so the effective rows are the ends of the
// correction chains.
import { type Insertable, type Selectable, sql } from 'kysely'
import type { Db, Trx } from '../../db/index.js'
import type { AttendanceRecordsTable, DutyEvent, IncidentStudent, StaffDutyRecordsTable } from '../../db/schema.js'

export type AttendanceRow = Selectable<AttendanceRecordsTable>
export type DutyRow = Selectable<StaffDutyRecordsTable>

export async function effectiveAttendance(db: Db | Trx, planId: string, date: string, enrollmentId?: string) {
  let q = db
    .selectFrom('attendance_records as r')
    .selectAll('r')
    .where('r.plan_id', '=', planId)
    .where('r.service_date', '=', date)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('attendance_records as c').select('c.id').whereRef('c.corrects_id', '=', 'r.id'))))
  if (enrollmentId) q = q.where('r.enrollment_id', '=', enrollmentId)
  return q.execute()
}

/** The day's effective records with only what the roster shows (it runs for every child of a plan). */
export async function rosterRecords(db: Db | Trx, planId: string, date: string) {
  return db
    .selectFrom('attendance_records as r')
    .select([
      'r.id',
      'r.enrollment_id',
      'r.kind',
      'r.status',
      'r.at',
      'r.picked_up_by_name',
      'r.picked_up_by_phone',
      'r.picked_up_by_relation',
      'r.went_home_alone',
      'r.recorded_by',
      'r.corrects_id',
      'r.reason',
    ])
    .where('r.plan_id', '=', planId)
    .where('r.service_date', '=', date)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('attendance_records as c').select('c.id').whereRef('c.corrects_id', '=', 'r.id'))))
    .execute()
}
export type RosterRecordRow = Awaited<ReturnType<typeof rosterRecords>>[number]

export const attendanceById = (db: Db | Trx, id: string) => db.selectFrom('attendance_records').selectAll().where('id', '=', id).executeTakeFirst()

export const insertAttendance = (trx: Trx, row: Omit<Insertable<AttendanceRecordsTable>, 'created_at'>, now: Date) =>
  trx
    .insertInto('attendance_records')
    .values({ ...row, created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow()

export const correctionOf = (db: Db | Trx, table: 'attendance_records' | 'staff_duty_records', id: string) =>
  db.selectFrom(table).select('id').where('corrects_id', '=', id).executeTakeFirst()

/** Whether any attendance was recorded at the school on a date: care held that day is evidence. */
export const attendanceExistsOn = async (db: Db | Trx, schoolId: string, date: string) =>
  (await db.selectFrom('attendance_records').select('id').where('school_id', '=', schoolId).where('service_date', '=', date).limit(1).executeTakeFirst()) !== undefined

/** Leave reported for a plan's children covering `date`. */
export async function leavesOn(db: Db | Trx, planId: string, date: string, enrollmentId?: string) {
  let q = db.selectFrom('leave_requests').selectAll().where('plan_id', '=', planId).where('starts_on', '<=', date).where('ends_on', '>=', date)
  if (enrollmentId) q = q.where('enrollment_id', '=', enrollmentId)
  return q.orderBy('created_at').execute()
}

export const leavesOverlapping = (db: Db | Trx, enrollmentId: string, from: string, to: string) =>
  db.selectFrom('leave_requests').select(['starts_on', 'ends_on']).where('enrollment_id', '=', enrollmentId).where('starts_on', '<=', to).where('ends_on', '>=', from).execute()

export const attendanceOfEnrollmentBetween = (db: Db | Trx, enrollmentId: string, from: string, to: string) =>
  db
    .selectFrom('attendance_records')
    .select('service_date')
    .where('enrollment_id', '=', enrollmentId)
    .where('service_date', '>=', from)
    .where('service_date', '<=', to)
    .executeTakeFirst()

export const insertLeave = (trx: Trx, l: { planId: string; enrollmentId: string; from: string; to: string; reason: string; reportedBy: string }, now: Date) =>
  trx
    .insertInto('leave_requests')
    .values({ plan_id: l.planId, enrollment_id: l.enrollmentId, starts_on: l.from, ends_on: l.to, reason: l.reason, reported_by: l.reportedBy, created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow()

/** The effective check-ins of an enrollment between two dates: what leave credits are counted from. */
export const effectiveCheckIns = (db: Db | Trx, enrollmentId: string, from: string, to: string) =>
  db
    .selectFrom('attendance_records as r')
    .select(['r.service_date', 'r.status'])
    .where('r.enrollment_id', '=', enrollmentId)
    .where('r.kind', '=', 'check_in')
    .where('r.service_date', '>=', from)
    .where('r.service_date', '<=', to)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('attendance_records as c').select('c.id').whereRef('c.corrects_id', '=', 'r.id'))))
    .execute()

export const leavesOfPlanBetween = (db: Db | Trx, planId: string, from: string, to: string) =>
  db
    .selectFrom('leave_requests')
    .select(['enrollment_id', 'starts_on', 'ends_on'])
    .where('plan_id', '=', planId)
    .where('starts_on', '<=', to)
    .where('ends_on', '>=', from)
    .execute()

export const effectiveCheckInsOfPlan = (db: Db | Trx, planId: string, from: string, to: string) =>
  db
    .selectFrom('attendance_records as r')
    .select(['r.enrollment_id', 'r.service_date', 'r.status'])
    .where('r.plan_id', '=', planId)
    .where('r.kind', '=', 'check_in')
    .where('r.service_date', '>=', from)
    .where('r.service_date', '<=', to)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('attendance_records as c').select('c.id').whereRef('c.corrects_id', '=', 'r.id'))))
    .execute()

export async function effectiveDuty(db: Db | Trx, planId: string, date: string, staffId?: string) {
  let q = db
    .selectFrom('staff_duty_records as r')
    .selectAll('r')
    .where('r.plan_id', '=', planId)
    .where('r.service_date', '=', date)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('staff_duty_records as c').select('c.id').whereRef('c.corrects_id', '=', 'r.id'))))
  if (staffId) q = q.where('r.staff_id', '=', staffId)
  return q.orderBy('r.at').execute()
}

export const dutyRecordById = (db: Db | Trx, id: string) => db.selectFrom('staff_duty_records').selectAll().where('id', '=', id).executeTakeFirst()

export const insertDuty = (
  trx: Trx,
  d: { committeeId: string; planId: string; date: string; staffId: string; event: DutyEvent; at: Date; recordedBy: string; correctsId?: string; reason?: string },
  now: Date,
) =>
  trx
    .insertInto('staff_duty_records')
    .values({
      committee_id: d.committeeId,
      plan_id: d.planId,
      service_date: d.date,
      staff_id: d.staffId,
      event: d.event,
      at: d.at,
      recorded_by: d.recordedBy,
      corrects_id: d.correctsId ?? null,
      reason: d.reason ?? null,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()

/** Effective duty events of a committee's staff between two dates, in order. */
export async function effectiveDutyBetween(db: Db | Trx, committeeId: string, from: string, to: string, staffId?: string) {
  let q = db
    .selectFrom('staff_duty_records as r')
    .select(['r.plan_id', 'r.service_date', 'r.staff_id', 'r.event', 'r.at'])
    .where('r.committee_id', '=', committeeId)
    .where('r.service_date', '>=', from)
    .where('r.service_date', '<=', to)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('staff_duty_records as c').select('c.id').whereRef('c.corrects_id', '=', 'r.id'))))
  if (staffId) q = q.where('r.staff_id', '=', staffId)
  return q.orderBy('r.service_date').orderBy('r.at').execute()
}

export const closedSession = (db: Db | Trx, planId: string, date: string) =>
  db.selectFrom('care_sessions').selectAll().where('plan_id', '=', planId).where('service_date', '=', date).executeTakeFirst()

export const insertSession = (trx: Trx, s: { planId: string; date: string; closedBy: string }, now: Date) =>
  trx.insertInto('care_sessions').values({ plan_id: s.planId, service_date: s.date, closed_by: s.closedBy, closed_at: now }).returningAll().executeTakeFirstOrThrow()

export const insertIncident = (trx: Trx, i: { committeeId: string; planId: string; date: string; students: IncidentStudent[] }, now: Date) =>
  trx
    .insertInto('session_incidents')
    .values({ committee_id: i.committeeId, plan_id: i.planId, service_date: i.date, kind: 'not_checked_out', students: JSON.stringify(i.students), created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow()

export const incidentById = (db: Db | Trx, id: string) => db.selectFrom('session_incidents').selectAll().where('id', '=', id).executeTakeFirst()

export const acknowledgementOf = (db: Db | Trx, incidentId: string) =>
  db.selectFrom('incident_acknowledgements').select('acknowledged_at').where('incident_id', '=', incidentId).executeTakeFirst()

export const insertAcknowledgement = (trx: Trx, a: { incidentId: string; by: string; note: string }, now: Date) =>
  trx
    .insertInto('incident_acknowledgements')
    .values({ incident_id: a.incidentId, acknowledged_by: a.by, note: a.note, acknowledged_at: now })
    .returningAll()
    .executeTakeFirstOrThrow()

export const incidentsQuery = (db: Db, committeeId: string, open: boolean | undefined) => {
  let q = db
    .selectFrom('session_incidents as i')
    .leftJoin('incident_acknowledgements as a', 'a.incident_id', 'i.id')
    .selectAll('i')
    .select(['a.acknowledged_by', 'a.note', 'a.acknowledged_at'])
    .where('i.committee_id', '=', committeeId)
  if (open === true) q = q.where('a.incident_id', 'is', null)
  if (open === false) q = q.where('a.incident_id', 'is not', null)
  return q
}

/**
 * The whole correction chain a record belongs to, from the original to the latest correction:
 * up from `id` to the row that corrects nothing, then down through each row's one correction.
 */
export async function correctionChain<T extends 'attendance_records' | 'staff_duty_records'>(
  db: Db | Trx,
  table: T,
  id: string,
): Promise<(T extends 'attendance_records' ? AttendanceRow : DutyRow)[]> {
  const t = sql.table(table)
  const { rows } = await sql<T extends 'attendance_records' ? AttendanceRow : DutyRow>`
    WITH RECURSIVE up AS (
      SELECT id, corrects_id FROM ${t} WHERE id = ${id}
      UNION ALL
      SELECT r.id, r.corrects_id FROM ${t} r JOIN up ON r.id = up.corrects_id
    ), down AS (
      SELECT r.*, 0 AS depth FROM ${t} r WHERE r.id = (SELECT up.id FROM up WHERE up.corrects_id IS NULL)
      UNION ALL
      SELECT r.*, down.depth + 1 FROM ${t} r JOIN down ON r.corrects_id = down.id
    )
    SELECT * FROM down ORDER BY depth`.execute(db)
  return rows.map(({ depth: _, ...row }: Record<string, unknown>) => row) as never
}

/** Every attendance record of a session, corrections and the rows they replace included, in the order written. */
export const sessionAttendanceLog = (db: Db | Trx, planId: string, date: string) =>
  db.selectFrom('attendance_records').selectAll().where('plan_id', '=', planId).where('service_date', '=', date).orderBy('created_at').orderBy('id').execute()

/** Every duty record of a session, likewise. */
export const sessionDutyLog = (db: Db | Trx, planId: string, date: string) =>
  db.selectFrom('staff_duty_records').selectAll().where('plan_id', '=', planId).where('service_date', '=', date).orderBy('created_at').orderBy('id').execute()

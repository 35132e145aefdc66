// The daily roster (花名册) of one plan: the children in care that day with what the staff at
// the door need (class, pickup arrangement, special needs) and the day's records — nothing else
// about the families.
import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import { loadPlanCalendar, requireServiceDay } from '../calendar/plan-calendar.js'
import { enrollmentsOnDay } from '../enrollment/for-attendance.js'
import { staffNames } from '../staff/service.js'
import { authorizeRosterRead, sessionAccess } from './access.js'
import { pickedUpByOf } from './attendance-rules.js'
import { closedSession, type DutyRow, leavesOn, type RosterRecordRow, rosterRecords } from './repository.js'

type State = 'expected' | 'leave' | 'present' | 'absent' | 'checked_out'

const checkInOut = (r: RosterRecordRow) => ({ id: r.id, status: r.status!, at: r.at, recordedBy: r.recorded_by, correctsId: r.corrects_id, reason: r.reason })
const checkOutOut = (r: RosterRecordRow) => ({
  id: r.id,
  at: r.at,
  pickedUpBy: pickedUpByOf(r),
  wentHomeAlone: r.went_home_alone,
  recordedBy: r.recorded_by,
  correctsId: r.corrects_id,
  reason: r.reason,
})

/** Each staff member's shift in a session: the effective sign-in and sign-out. */
function shiftsOf(rows: DutyRow[]) {
  const shifts = new Map<string, { staffId: string; signIn?: DutyRow; signOut?: DutyRow }>()
  for (const r of rows) {
    const s = shifts.get(r.staff_id) ?? { staffId: r.staff_id }
    if (r.event === 'sign_in') s.signIn = r
    else s.signOut = r
    shifts.set(r.staff_id, s)
  }
  return [...shifts.values()]
}

function stateOf(checkIn: RosterRecordRow | undefined, checkOut: RosterRecordRow | undefined, onLeave: boolean): State {
  if (checkOut) return 'checked_out'
  if (checkIn) return checkIn.status ?? 'expected'
  return onLeave ? 'leave' : 'expected'
}

export async function getRoster(db: Db, ctx: Ctx, planId: string, date: string) {
  return db.transaction().execute(async (trx) => {
    const access = await sessionAccess(trx, ctx, planId, date)
    authorizeRosterRead(access)
    const day = requireServiceDay(await loadPlanCalendar(trx, access.plan), date)
    const session = await closedSession(trx, planId, date)
    const enrollments = await enrollmentsOnDay(trx, planId, date)
    const records = await rosterRecords(trx, planId, date)
    const leaves = await leavesOn(trx, planId, date)
    const duty = shiftsOf(access.duty)
    const names = await staffNames(
      trx,
      duty.map((s) => s.staffId),
    )

    const checkIns = new Map<string, RosterRecordRow>()
    const checkOuts = new Map<string, RosterRecordRow>()
    for (const r of records) (r.kind === 'check_in' ? checkIns : checkOuts).set(r.enrollment_id, r)
    const leaveOf = new Map(leaves.map((l) => [l.enrollment_id, l]))
    const summary = { expected: 0, leave: 0, present: 0, absent: 0, checked_out: 0 }

    const students = enrollments.map((e) => {
      const checkIn = checkIns.get(e.id)
      const checkOut = checkOuts.get(e.id)
      const leave = leaveOf.get(e.id)
      const state = stateOf(checkIn, checkOut, leave !== undefined)
      summary[state]++
      return {
        enrollmentId: e.id,
        name: e.student.name,
        className: e.student.className,
        studentNo: e.student.studentNo ?? null,
        pickup: { persons: e.pickup.persons, goesHomeAlone: e.pickup.goesHomeAlone, aloneConsent: e.pickup.aloneConsent ?? null },
        specialNeeds: e.specialNeeds,
        state,
        leave: leave ? { id: leave.id, from: leave.starts_on, to: leave.ends_on, reason: leave.reason } : null,
        checkIn: checkIn ? checkInOut(checkIn) : null,
        checkOut: checkOut ? checkOutOut(checkOut) : null,
      }
    })
    return {
      planId,
      date,
      day: { status: day.status, reason: day.reason },
      session: session ? { closedAt: session.closed_at, closedBy: session.closed_by } : null,
      staffOnDuty: duty.map((s) => ({ staffId: s.staffId, name: names.get(s.staffId) ?? '', signedInAt: s.signIn?.at ?? null, signedOutAt: s.signOut?.at ?? null })),
      summary: { total: students.length, ...summary },
      students,
    }
  })
}

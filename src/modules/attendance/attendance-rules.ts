// The rules shared by a first record and a correction: what a check-in or check-out may say,
// given the child's other records of the day. Returns the columns to insert.

import type { Db, Trx } from '../../db/index.js'
import type { AttendanceKind, AttendanceStatus } from '../../db/schema.js'
import { Conflict, NotFound, RuleViolation } from '../../errors.js'
import { type EnrollmentRef, getEnrollmentRef, inCareOn } from '../enrollment/for-attendance.js'
import { authorisedHandover, type PickedUpBy } from './pickup.js'
import type { AttendanceRow } from './repository.js'

export interface AttendanceEvent {
  status: AttendanceStatus | 'checked_out'
  pickedUpBy?: PickedUpBy | undefined
  at: Date
}

export async function requireEnrollmentInCare(trx: Db | Trx, planId: string, enrollmentId: string, date: string): Promise<EnrollmentRef> {
  const ref = await getEnrollmentRef(trx, enrollmentId)
  if (!ref || ref.planId !== planId) throw new NotFound('enrollment', `Enrollment ${enrollmentId} not found in this plan`)
  if (!inCareOn(ref, date)) {
    throw new RuleViolation(
      'not-enrolled-on-date',
      `${ref.student.name} is not in care on ${date} (starts ${ref.startsOn ?? 'after the agreement is signed'}${ref.withdrawnOn ? `, withdrawn from ${ref.withdrawnOn}` : ''})`,
      [{ path: 'body.enrollmentId', message: 'not in care on this date' }],
    )
  }
  return ref
}

export function attendanceValues(enrollment: EnrollmentRef, input: AttendanceEvent, current: AttendanceRow[], replacing: AttendanceRow | null) {
  const kind: AttendanceKind = input.status === 'checked_out' ? 'check_out' : 'check_in'
  if (replacing && replacing.kind !== kind) {
    throw new RuleViolation('correction-kind-mismatch', `Record ${replacing.id} is a ${replacing.kind.replace('_', '-')}; correct it with a record of the same kind`, [
      { path: 'body.status', message: 'wrong kind' },
    ])
  }
  const same = current.find((r) => r.kind === kind)
  if (!replacing && same) {
    throw new Conflict(
      'attendance-already-recorded',
      `${enrollment.student.name}'s ${kind.replace('_', '-')} for this day is already recorded (${same.id}); a change is a correction with a reason`,
    )
  }
  const checkOut = current.find((r) => r.kind === 'check_out')
  if (kind === 'check_in') {
    if (checkOut && input.status !== 'present') {
      throw new RuleViolation('already-checked-out', `${enrollment.student.name} was checked out at ${checkOut.at.toISOString()}; a child handed over was present`)
    }
    return { kind, status: input.status as AttendanceStatus, at: input.at }
  }
  const checkIn = current.find((r) => r.kind === 'check_in')
  if (checkIn?.status !== 'present') {
    throw new RuleViolation('not-checked-in', `${enrollment.student.name} is not checked in as present today${checkIn ? ` (${checkIn.status})` : ''}; check them in first`)
  }
  if (input.at < checkIn.at) {
    throw new RuleViolation('check-out-before-check-in', `The check-out time is before the check-in at ${checkIn.at.toISOString()}`, [
      { path: 'body.at', message: 'before the check-in' },
    ])
  }
  if (!input.pickedUpBy) throw new RuleViolation('pickup-missing', 'A check-out says who collected the child (pickedUpBy)', [{ path: 'body.pickedUpBy', message: 'required' }])
  const handover = authorisedHandover(enrollment.pickup, enrollment.student.name, input.pickedUpBy)
  if (!handover.ok) throw new RuleViolation('pickup-not-authorised', handover.detail, [{ path: 'body.pickedUpBy', message: 'not an authorised pickup person' }])
  return {
    kind,
    status: null,
    at: input.at,
    // The person as the guardian listed them, not as typed at the door.
    picked_up_by_name: handover.person?.name ?? null,
    picked_up_by_phone: handover.person?.phone ?? null,
    picked_up_by_relation: handover.person?.relation ?? null,
    went_home_alone: handover.alone,
  }
}

/** Who collected the child, as stored on a check-out row (null when nobody was recorded). */
export function pickedUpByOf(r: { picked_up_by_name: string | null; picked_up_by_phone: string | null; picked_up_by_relation: string | null }) {
  return r.picked_up_by_name === null ? null : { name: r.picked_up_by_name, phone: r.picked_up_by_phone, relation: r.picked_up_by_relation }
}

export function attendanceOut(r: AttendanceRow) {
  return {
    id: r.id,
    planId: r.plan_id,
    enrollmentId: r.enrollment_id,
    date: r.service_date,
    status: r.kind === 'check_out' ? ('checked_out' as const) : (r.status as AttendanceStatus),
    at: r.at,
    pickedUpBy: pickedUpByOf(r),
    wentHomeAlone: r.went_home_alone,
    recordedBy: r.recorded_by,
    correctsId: r.corrects_id,
    reason: r.reason,
    createdAt: r.created_at,
  }
}

// Read functions over enrollments and their applications for the roster, attendance and leave
// (issue 10). The enrollment module owns these tables; this file is the only place the
// attendance module reads them, so a change of their shape is fixed here once.
import type { Db, Trx } from '../../db/index.js'
import type { EnrollmentStatus, GuardianInfo, PickupArrangement, StudentInfo } from '../../db/schema.js'
import { enrollmentWithApplication, inCareOnDay } from './repository.js'

export interface EnrollmentRef {
  id: string
  planId: string
  guardianUserId: string
  status: EnrollmentStatus
  /** null until the care agreement is signed. */
  startsOn: string | null
  /** The first day no longer in care (the day after the last served). */
  withdrawnOn: string | null
  student: StudentInfo
  /** Who may collect the child: the guardian first, then the persons the application lists besides them. */
  pickup: PickupArrangement
  specialNeeds: string | null
}

// The application lists pickup persons "besides the guardian": the guardian is always authorised.
function withGuardian(guardian: GuardianInfo, pickup: PickupArrangement): PickupArrangement {
  const others = pickup.persons.filter((p) => !(p.name === guardian.name && p.phone === guardian.phone))
  return { ...pickup, persons: [{ name: guardian.name, phone: guardian.phone, relation: guardian.relation }, ...others] }
}

type Row = NonNullable<Awaited<ReturnType<typeof enrollmentWithApplication>>>

const toRef = (r: Row): EnrollmentRef => ({
  id: r.id,
  planId: r.plan_id,
  guardianUserId: r.guardian_user_id,
  status: r.status,
  startsOn: r.starts_on,
  withdrawnOn: r.withdrawn_on,
  student: r.student,
  pickup: withGuardian(r.guardian, r.pickup),
  specialNeeds: r.special_needs,
})

export async function getEnrollmentRef(trx: Db | Trx, enrollmentId: string): Promise<EnrollmentRef | null> {
  const row = await enrollmentWithApplication(trx, enrollmentId)
  return row ? toRef(row) : null
}

/**
 * Was the child in care on `date`? Signed (so it has a start), started by then, and not yet
 * withdrawn: a withdrawal takes effect on `withdrawnOn`, the first day not served.
 */
export function inCareOn(ref: Pick<EnrollmentRef, 'status' | 'startsOn' | 'withdrawnOn'>, date: string): boolean {
  if (ref.status === 'awaiting_agreement' || ref.startsOn === null) return false
  return ref.startsOn <= date && (ref.withdrawnOn === null || ref.withdrawnOn > date)
}

export interface EnrollmentOnDay {
  id: string
  guardianUserId: string
  student: StudentInfo
  /** The guardian first, then the persons listed besides them. */
  pickup: PickupArrangement
  specialNeeds: string | null
}

/**
 * The children of a plan in care on `date`, by class, student number and name. The roster of a
 * whole school's plan runs through here on every request, so it selects only what the roster
 * shows, filters and orders in SQL (byte order, the same on both databases), and parses JSON twice
 * per child.
 */
export async function enrollmentsOnDay(trx: Db | Trx, planId: string, date: string): Promise<EnrollmentOnDay[]> {
  const rows = await inCareOnDay(trx, planId, date)
  return rows.map((r) => ({
    id: r.id,
    guardianUserId: r.guardian_user_id,
    student: r.student_no === null ? { name: r.name, className: r.class_name } : { name: r.name, className: r.class_name, studentNo: r.student_no },
    pickup: withGuardian(r.guardian, r.pickup),
    specialNeeds: r.special_needs,
  }))
}

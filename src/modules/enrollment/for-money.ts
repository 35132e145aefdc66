// Read functions over enrollments for billing, payments, arrears and subsidy claims. The
// enrollment module owns these tables; this file is the only place the money modules read them.
import type { Db, Trx } from '../../db/index.js'
import type { EnrollmentStatus } from '../../db/schema.js'
import * as repo from './repository.js'

export interface FamilyForMoney {
  enrollmentId: string
  planId: string
  planVersion: number
  status: EnrollmentStatus
  /** null until the care agreement is signed: no care, no charge. */
  startsOn: string | null
  withdrawnOn: string | null
  /** A registered low-income (建档立卡) family: charged at the standard and waived in full. */
  feeWaived: boolean
  guardianUserId: string
  student: { name: string; className: string; studentNo: string | null }
  guardian: { name: string; phone: string }
  createdAt: Date
}

const toFamily = (r: Awaited<ReturnType<typeof repo.familiesOfPlan>>[number]): FamilyForMoney => ({
  enrollmentId: r.id,
  planId: r.plan_id,
  planVersion: r.plan_version,
  status: r.status,
  startsOn: r.starts_on,
  withdrawnOn: r.withdrawn_on,
  feeWaived: r.fee_waived,
  guardianUserId: r.guardian_user_id,
  student: { name: r.student.name, className: r.student.className, studentNo: r.student.studentNo ?? null },
  guardian: { name: r.guardian.name, phone: r.guardian.phone },
  createdAt: r.created_at,
})

/** Every family of a plan that signed (or was admitted), oldest enrollment first. */
export async function familiesOfPlan(db: Db | Trx, planId: string): Promise<FamilyForMoney[]> {
  return (await repo.familiesOfPlan(db, planId)).map(toFamily)
}

export async function familyOfEnrollment(db: Db | Trx, enrollmentId: string): Promise<FamilyForMoney | null> {
  const row = await repo.familyOfEnrollment(db, enrollmentId)
  return row ? toFamily(row) : null
}

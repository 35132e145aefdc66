// Plans and enrollments written straight into the tables, for attendance and calendar tests
// that need many children or unusual terms quickly. At least one test per area drives the real
// chain instead (plan → demand → approval → application → reviews → signed agreement).
import type { Db } from '../../src/db/index.js'
import type { PickupArrangement, StudentInfo } from '../../src/db/schema.js'

export interface PlanFixture {
  committeeId: string
  termId: string
  createdBy: string
  weekdays?: number[]
  title?: string
}

/** An approved plan (version 1), as if the school had approved it. */
export async function insertApprovedPlan(db: Db, p: PlanFixture): Promise<string> {
  const common = {
    title: p.title ?? '课后托管服务方案',
    content: JSON.stringify({ activities: ['homework_help'], description: '作业辅导' }),
    schedule: JSON.stringify({ weekdays: p.weekdays ?? [1, 2, 3, 4, 5], startTime: '16:30', endTime: '18:00' }),
    billing: 'monthly' as const,
    fee_fen: 30000,
    capacity: 3000,
    budget: JSON.stringify([{ category: '人员劳务', amountFen: 100000 }]),
    expected_participants: 30,
    refund_policy: '按服务日退还',
  }
  const plan = await db
    .insertInto('plans')
    .values({
      ...common,
      committee_id: p.committeeId,
      term_id: p.termId,
      status: 'approved',
      latest_version: 1,
      approved_version: 1,
      created_by: p.createdBy,
      created_at: new Date(),
      updated_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('plan_versions')
    .values({ ...common, plan_id: plan.id, version: 1, demand_count: 30, demand_needed: 1, submitted_by: p.createdBy, submitted_at: new Date() })
    .execute()
  return plan.id
}

export interface EnrollmentFixture {
  planId: string
  guardianUserId: string
  student: StudentInfo
  guardian?: { name: string; phone: string; relation: string }
  pickup?: PickupArrangement
  specialNeeds?: string | null
  startsOn: string
  withdrawnOn?: string | null
}

/** An approved application with an active (or withdrawn) enrollment. */
export async function insertEnrollment(db: Db, e: EnrollmentFixture): Promise<string> {
  const guardian = e.guardian ?? { name: `${e.student.name}妈妈`, phone: '13800138000', relation: '母亲' }
  const application = await db
    .insertInto('applications')
    .values({
      plan_id: e.planId,
      plan_version: 1,
      guardian_user_id: e.guardianUserId,
      student: JSON.stringify(e.student),
      guardian: JSON.stringify(guardian),
      pickup: JSON.stringify(e.pickup ?? { persons: [], goesHomeAlone: false }),
      special_needs: e.specialNeeds ?? null,
      signature_name: guardian.name,
      status: 'approved',
      created_at: new Date(),
      updated_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const enrollment = await db
    .insertInto('enrollments')
    .values({
      application_id: application.id,
      plan_id: e.planId,
      plan_version: 1,
      guardian_user_id: e.guardianUserId,
      status: e.withdrawnOn ? 'withdrawn' : 'active',
      starts_on: e.startsOn,
      withdrawn_on: e.withdrawnOn ?? null,
      created_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return enrollment.id
}

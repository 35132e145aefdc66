import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import { recordAudit } from '../audit/service.js'
import { getPlanForService } from '../plans/service.js'
import { type AdmissionCandidate, decideAdmission } from './admission.js'

async function candidatesOf(trx: Db | Trx, planId: string): Promise<(AdmissionCandidate & { lowIncome: boolean })[]> {
  const rows = await trx
    .selectFrom('applications')
    .select(['id', 'priority', 'created_at', 'status', 'low_income_certificate'])
    .where('plan_id', '=', planId)
    .where('status', 'in', ['approved', 'waitlisted'])
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ id: r.id, priority: r.priority, submittedAt: r.created_at, admitted: r.status === 'approved', lowIncome: r.low_income_certificate !== null }))
}

/** 1-based places in the wait list of a plan, by application id. */
export async function waitlistPositions(trx: Db | Trx, planId: string): Promise<Map<string, number>> {
  const { wait } = decideAdmission(await candidatesOf(trx, planId), 0)
  return new Map(wait.map((id, i) => [id, i + 1]))
}

/**
 * Applies decideAdmission to a plan: school-approved applications with a free place get an
 * enrollment awaiting its care agreement, the others are wait-listed. The plan row is locked so
 * concurrent approvals and withdrawals cannot hand out the same place twice.
 */
export async function admitFromWaitlist(trx: Trx, ctx: Ctx, planId: string) {
  await trx.selectFrom('plans').select('id').where('id', '=', planId).forUpdate().executeTakeFirstOrThrow()
  const plan = await getPlanForService(trx, planId)
  const approved = plan?.approvedVersion
  if (!approved) return { admitted: [] as string[], waiting: [] as string[] }
  const candidates = await candidatesOf(trx, planId)
  const { admit, wait } = decideAdmission(candidates, approved.capacity)
  const byId = new Map(candidates.map((c) => [c.id, c]))
  for (const id of admit) {
    const app = await trx.updateTable('applications').set({ status: 'approved', updated_at: new Date() }).where('id', '=', id).returning(['guardian_user_id']).executeTakeFirstOrThrow()
    const enrollment = await trx
      .insertInto('enrollments')
      .values({ application_id: id, plan_id: planId, plan_version: approved.version, guardian_user_id: app.guardian_user_id, fee_waived: byId.get(id)?.lowIncome ?? false })
      .returning('id')
      .executeTakeFirstOrThrow()
    await recordAudit(trx, ctx, { action: 'enrollment.created', entityType: 'enrollment', entityId: enrollment.id, data: { applicationId: id, planVersion: approved.version } })
  }
  if (wait.length > 0) {
    await trx.updateTable('applications').set({ status: 'waitlisted', updated_at: new Date() }).where('id', 'in', wait).where('status', '<>', 'waitlisted').execute()
  }
  return { admitted: admit, waiting: wait }
}

import { INSIDERS } from '../../access.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import { Conflict } from '../../errors.js'
import { recordAudit } from '../audit/service.js'
import { loadPlan, loadPlanForUpdate, type PlanLock } from './access.js'
import { versionOut } from './plan-view.js'
import * as repo from './repository.js'
import type { ReviewPlanInput } from './schemas.js'

/**
 * What other modules do when a plan changes, inside the same transaction. The enrollment module
 * sits above plans, so it is handed in by the app rather than imported: a newly approved version
 * may bring more places, and the wait list moves up at once.
 */
export interface PlanHooks {
  newVersionApproved(trx: Trx, ctx: Ctx, lock: PlanLock): Promise<unknown>
}

/**
 * The school reviewer approves the submitted version or returns it with a comment (rule 3).
 * Only a reviewer of the plan's own school: a reviewer elsewhere gets 404, a committee officer 403.
 */
export async function reviewPlan(db: Db, ctx: Ctx, planId: string, input: ReviewPlanInput, hooks: PlanHooks) {
  return db.transaction().execute(async (trx) => {
    const { plan, lock } = await loadPlanForUpdate(trx, ctx, planId, { allowed: ['reviewer'], action: 'review a care plan' })
    if (plan.status !== 'submitted') throw new Conflict('plan-not-submitted', `Only a submitted plan is reviewed; this one is ${plan.status}`)
    const version = plan.latest_version
    if (input.version !== undefined && input.version !== version) {
      throw new Conflict('version-changed', `You reviewed version ${input.version} but version ${version} is the one submitted; read it first`)
    }
    const review = await repo.insertReview(trx, { planId, version, decision: input.decision, comment: input.comment, reviewerId: ctx.actor.userId }, ctx.now)
    const approve = input.decision === 'approve'
    await repo.setPlanState(trx, planId, { status: approve ? 'approved' : 'returned', ...(approve ? { approved_version: version } : {}) }, ctx.now)
    await recordAudit(trx, ctx, { action: approve ? 'plan.approved' : 'plan.returned', entityType: 'plan', entityId: planId, data: { version, comment: input.comment } })
    if (approve && plan.approved_version !== null) await hooks.newVersionApproved(trx, ctx, lock)
    const frozen = await repo.findVersion(trx, planId, version)
    return versionOut(frozen!, review)
  })
}

/** Every submitted version with the school's decision on it: the plan's review history. */
export async function listPlanVersions(db: Db, ctx: Ctx, planId: string) {
  await loadPlan(db, ctx, planId, { allowed: INSIDERS, action: 'see the review history' })
  const versions = await repo.versionsOf(db, planId)
  const reviews = await repo.reviewsOf(db, planId)
  return {
    items: versions.map((v) =>
      versionOut(
        v,
        reviews.find((r) => r.version === v.version),
      ),
    ),
  }
}

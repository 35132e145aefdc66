import { INSIDERS } from '../../access.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import { Conflict, RuleViolation } from '../../errors.js'
import { recordAudit } from '../audit/service.js'
import { requireTerm } from '../schools/service.js'
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
  /** The calendar's answer: years of the term with no holiday calendar (neither built in nor confirmed by the school). */
  unconfirmedCalendarYears(db: Db | Trx, schoolId: string, startsOn: string, endsOn: string): Promise<number[]>
}

/**
 * The school reviewer approves the submitted version or returns it with a comment (rule 3).
 * Only a reviewer of the plan's own school: a reviewer elsewhere gets 404, a committee officer 403.
 */
export async function reviewPlan(db: Db, ctx: Ctx, planId: string, input: ReviewPlanInput, hooks: PlanHooks) {
  return db.transaction().execute(async (trx) => {
    const { plan, committee, lock } = await loadPlanForUpdate(trx, ctx, planId, { allowed: ['reviewer'], action: 'review a care plan' })
    if (plan.status !== 'submitted') throw new Conflict('plan-not-submitted', `Only a submitted plan is reviewed; this one is ${plan.status}`)
    const version = plan.latest_version
    if (input.version !== undefined && input.version !== version) {
      throw new Conflict('version-changed', `You reviewed version ${input.version} but version ${version} is the one submitted; read it first`)
    }
    // Service days, and so every fee, leave refund and subsidy, are counted from the holiday
    // calendar: a plan whose term reaches into a year nobody has confirmed cannot be billed.
    if (input.decision === 'approve') {
      const term = await requireTerm(trx, committee.schoolId, plan.term_id)
      const missing = await hooks.unconfirmedCalendarYears(trx, committee.schoolId, term.startsOn, term.endsOn)
      if (missing.length > 0) {
        throw new RuleViolation(
          'calendar-year-not-confirmed',
          `The term reaches into ${missing.join(', ')}, whose holidays are not built in and not confirmed by the school, so its service days cannot be counted and nobody could be billed. Confirm ${missing.join(', ')} first (POST /api/v1/schools/${committee.schoolId}/calendar-years), then approve`,
          missing.map((y) => ({ path: 'term', message: `${y} not confirmed` })),
        )
      }
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

import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import { Conflict, RuleViolation } from '../../errors.js'
import { recordAudit } from '../audit/service.js'
import { requireTerm } from '../schools/service.js'
import { loadPlanForUpdate, PLAN_EDITORS } from './access.js'
import { planOut, versionOut } from './plan-view.js'
import { checkPlanRules } from './policy.js'
import * as repo from './repository.js'
import type { PlanHooks } from './review-plan.js'

/**
 * The chair sends the plan to the school. The working copy is frozen into a new, append-only
 * version with the demand figures attached: the school reviews exactly that version, and only an
 * approved version is ever billed or printed in an agreement.
 */
export async function submitPlan(db: Db, ctx: Ctx, planId: string, hooks: Pick<PlanHooks, 'unconfirmedCalendarYears'>) {
  return db.transaction().execute(async (trx) => {
    const { plan, committee } = await loadPlanForUpdate(trx, ctx, planId, { allowed: ['chair'], action: 'submit a care plan to the school' })
    if (plan.demand_opened_at === null) {
      throw new RuleViolation(
        'demand-not-asked',
        'Ask parents first: open the demand survey (POST /api/v1/plans/:planId/demand/open) and collect answers; the school reviews a plan together with its demand count',
      )
    }
    if (plan.status === 'submitted') throw new Conflict('already-submitted', `Version ${plan.latest_version} is already with the school for review`)
    if (plan.status === 'approved')
      throw new Conflict('already-approved', `Version ${plan.approved_version} is approved; to change it, open a revision first (POST /api/v1/plans/:planId/revise)`)
    if (plan.status === 'closed') throw new Conflict('plan-closed', 'The plan is closed')
    const counts = await repo.demandCounts(trx, planId)
    if (counts.responses === 0) {
      throw new RuleViolation('no-demand-responses', 'No parent has answered the demand survey yet; a plan goes to the school with its demand count, so wait for answers')
    }
    checkPlanRules({ schedule: plan.schedule, capacity: plan.capacity, expectedParticipants: plan.expected_participants, budget: plan.budget })
    const version = plan.latest_version + 1
    const frozen = await repo.insertVersion(trx, plan, version, { count: counts.responses, needed: counts.studentsNeeding }, ctx.actor.userId, ctx.now)
    await repo.setPlanState(trx, planId, { status: 'submitted', latest_version: version }, ctx.now)
    await recordAudit(trx, ctx, {
      action: 'plan.submitted',
      entityType: 'plan',
      entityId: planId,
      data: { version, feeFen: plan.fee_fen, demandCount: counts.responses, demandNeeded: counts.studentsNeeding },
    })
    // Not a refusal: the school may confirm the year before it reviews. But the chair learns now.
    const term = await requireTerm(trx, committee.schoolId, plan.term_id)
    const missing = await hooks.unconfirmedCalendarYears(trx, committee.schoolId, term.startsOn, term.endsOn)
    const warnings = missing.length
      ? [
          {
            code: 'calendar-year-not-confirmed' as const,
            years: missing,
            detail: `The term reaches into ${missing.join(', ')}, whose holidays are not confirmed yet: the school confirms ${missing.join(', ')} before it can approve this plan`,
          },
        ]
      : []
    return { ...versionOut(frozen, undefined), warnings }
  })
}

/**
 * Reopens an approved plan's working copy for a new version. The approved version stays in
 * force (applications, agreements and billing keep using it) until the school approves the next.
 */
export async function revisePlan(db: Db, ctx: Ctx, planId: string) {
  return db.transaction().execute(async (trx) => {
    const { plan, committee } = await loadPlanForUpdate(trx, ctx, planId, { allowed: PLAN_EDITORS, action: 'revise a care plan' })
    if (plan.status !== 'approved') {
      throw new Conflict(
        'not-approved',
        `Only an approved plan is revised; this one is ${plan.status}${plan.status === 'returned' || plan.status === 'demand_open' || plan.status === 'draft' ? ' and can be edited directly' : ''}`,
      )
    }
    // demand_open: editable, visible to parents, and demand was asked before the first approval.
    const updated = await repo.setPlanState(trx, planId, { status: 'demand_open' }, ctx.now)
    await recordAudit(trx, ctx, { action: 'plan.revision-opened', entityType: 'plan', entityId: planId, data: { inForce: plan.approved_version } })
    return planOut(updated, await requireTerm(trx, committee.schoolId, plan.term_id))
  })
}

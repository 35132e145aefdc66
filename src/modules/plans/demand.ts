import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import { Conflict, RuleViolation } from '../../errors.js'
import { recordAudit } from '../audit/service.js'
import { requireTerm } from '../schools/service.js'
import { loadPlan, loadPlanForUpdate, PLAN_EDITORS, PLAN_READERS } from './access.js'
import { planOut } from './plan-view.js'
import * as repo from './repository.js'
import type { DemandResponseInput } from './schemas.js'

/** Rule 2, demand first: the committee asks parents before it may submit the plan to the school. */
export async function openDemand(db: Db, ctx: Ctx, planId: string) {
  return db.transaction().execute(async (trx) => {
    const { plan, committee } = await loadPlanForUpdate(trx, ctx, planId, { allowed: PLAN_EDITORS, action: 'open the demand survey' })
    if (plan.demand_opened_at !== null) throw new Conflict('demand-already-open', `Demand for this plan has been asked since ${plan.demand_opened_at.toISOString()}`)
    const updated = await repo.setPlanState(trx, planId, { status: 'demand_open', demand_opened_at: ctx.now }, ctx.now)
    await recordAudit(trx, ctx, { action: 'plan.demand-opened', entityType: 'plan', entityId: planId })
    return planOut(updated, await requireTerm(trx, committee.schoolId, plan.term_id))
  })
}

const responseOut = (r: { plan_id: string; need: boolean; preferred_weekdays: number[]; students: number; note: string | null; updated_at: Date }) => ({
  planId: r.plan_id,
  need: r.need,
  preferredWeekdays: r.preferred_weekdays,
  students: r.students,
  note: r.note,
  updatedAt: r.updated_at,
})

/** A parent's answer; answering again replaces the earlier answer (one per family and plan). */
export async function submitDemandResponse(db: Db, ctx: Ctx, planId: string, input: DemandResponseInput) {
  return db.transaction().execute(async (trx) => {
    const { plan } = await loadPlan(trx, ctx, planId, { allowed: ['parent'], action: 'answer the demand survey' })
    if (plan.demand_opened_at === null) throw new RuleViolation('demand-not-open', 'The committee has not opened the demand survey for this plan yet')
    if (plan.approved_version !== null || plan.status === 'closed') {
      throw new Conflict('demand-closed', 'The plan is approved; the demand survey is over. Apply for a place instead')
    }
    const row = await repo.upsertDemandResponse(
      trx,
      {
        planId,
        userId: ctx.actor.userId,
        need: input.need,
        preferredWeekdays: [...input.preferredWeekdays].sort((a, b) => a - b),
        students: input.students,
        note: input.note ?? null,
      },
      ctx.now,
    )
    await recordAudit(trx, ctx, { action: 'plan.demand-answered', entityType: 'plan', entityId: planId, data: { need: input.need, students: input.students } })
    return responseOut(row)
  })
}

export async function getDemandSummary(db: Db, ctx: Ctx, planId: string) {
  const { plan } = await loadPlan(db, ctx, planId, { allowed: PLAN_READERS, action: 'see the demand survey' })
  const counts = await repo.demandCounts(db, planId)
  const byWeekday: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 }
  for (const d of await repo.demandByWeekday(db, planId)) byWeekday[String(d.day)] = d.students
  const mine = await repo.demandResponseOf(db, planId, ctx.actor.userId)
  return { planId, demandOpenedAt: plan.demand_opened_at, ...counts, byWeekday, mine: mine ? responseOut(mine) : null }
}

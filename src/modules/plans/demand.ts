import { sql } from 'kysely'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import { Conflict, RuleViolation } from '../../errors.js'
import { recordAudit } from '../audit/service.js'
import { requireTerm } from '../schools/service.js'
import { loadPlan, PLAN_EDITORS, PLAN_READERS } from './access.js'
import { planOut } from './plan-view.js'
import type { DemandResponseInput } from './schemas.js'

/** Rule 2, demand first: the committee asks parents before it may submit the plan to the school. */
export async function openDemand(db: Db, ctx: Ctx, planId: string) {
  return db.transaction().execute(async (trx) => {
    const { plan, committee } = await loadPlan(trx, ctx, planId, PLAN_EDITORS, 'open the demand survey', { forUpdate: true })
    if (plan.demand_opened_at !== null) throw new Conflict('demand-already-open', `Demand for this plan has been asked since ${plan.demand_opened_at.toISOString()}`)
    const updated = await trx
      .updateTable('plans')
      .set({ status: 'demand_open', demand_opened_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
      .where('id', '=', planId)
      .returningAll()
      .executeTakeFirstOrThrow()
    await recordAudit(trx, ctx, { action: 'plan.demand-opened', entityType: 'plan', entityId: planId })
    return planOut(updated, await requireTerm(trx, committee.school_id, plan.term_id))
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
    const { plan } = await loadPlan(trx, ctx, planId, ['parent'], 'answer the demand survey')
    if (plan.demand_opened_at === null) throw new RuleViolation('demand-not-open', 'The committee has not opened the demand survey for this plan yet')
    if (plan.approved_version !== null || plan.status === 'closed') {
      throw new Conflict('demand-closed', 'The plan is approved; the demand survey is over. Apply for a place instead')
    }
    const values = {
      need: input.need,
      preferred_weekdays: [...input.preferredWeekdays].sort((a, b) => a - b),
      students: input.students,
      note: input.note ?? null,
    }
    const row = await trx
      .insertInto('demand_responses')
      .values({ plan_id: planId, user_id: ctx.actor.userId, ...values })
      .onConflict((oc) => oc.columns(['plan_id', 'user_id']).doUpdateSet({ ...values, updated_at: sql<Date>`now()` }))
      .returningAll()
      .executeTakeFirstOrThrow()
    await recordAudit(trx, ctx, { action: 'plan.demand-answered', entityType: 'plan', entityId: planId, data: { need: input.need, students: input.students } })
    return responseOut(row)
  })
}

/** The figures the chair submits with the plan and the school reviews. */
export async function demandCounts(trx: Db | Trx, planId: string) {
  const row = await trx
    .selectFrom('demand_responses')
    .select([
      sql<number>`count(*)::int`.as('responses'),
      sql<number>`(count(*) FILTER (WHERE need))::int`.as('families_needing'),
      sql<number>`coalesce(sum(students) FILTER (WHERE need), 0)::int`.as('students_needing'),
    ])
    .where('plan_id', '=', planId)
    .executeTakeFirstOrThrow()
  return { responses: row.responses, familiesNeeding: row.families_needing, studentsNeeding: row.students_needing }
}

export async function getDemandSummary(db: Db, ctx: Ctx, planId: string) {
  const { plan } = await loadPlan(db, ctx, planId, PLAN_READERS, 'see the demand survey')
  const counts = await demandCounts(db, planId)
  const days = await db
    .selectFrom(sql<{ day: number; students: number }>`(SELECT unnest(preferred_weekdays) AS day, students FROM demand_responses WHERE plan_id = ${planId} AND need)`.as('d'))
    .select(['d.day', sql<number>`sum(d.students)::int`.as('students')])
    .groupBy('d.day')
    .execute()
  const byWeekday: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 }
  for (const d of days) byWeekday[String(d.day)] = d.students
  const mine = await db.selectFrom('demand_responses').selectAll().where('plan_id', '=', planId).where('user_id', '=', ctx.actor.userId).executeTakeFirst()
  return { planId, demandOpenedAt: plan.demand_opened_at, ...counts, byWeekday, mine: mine ? responseOut(mine) : null }
}

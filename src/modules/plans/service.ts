import { sql } from 'kysely'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import type { Billing, PlanStatus } from '../../db/schema.js'
import { Conflict } from '../../errors.js'
import { type PageQuery, paginate } from '../../http/pagination.js'
import { toFen } from '../../money.js'
import { recordAudit } from '../audit/service.js'
import { loadCommittee, requireTerm } from '../schools/service.js'
import { isInsider, loadPlan, PLAN_EDITORS, PLAN_READERS } from './access.js'
import { planOut } from './plan-view.js'
import { checkPlanRules } from './policy.js'
import type { CreatePlanInput, UpdatePlanInput } from './schemas.js'

export { getDemandSummary, openDemand, submitDemandResponse } from './demand.js'
export { listPlanVersions, reviewPlan } from './review-plan.js'
export { revisePlan, submitPlan } from './submit-plan.js'

/** Statuses in which the working copy may be edited; anything else has a frozen version under review or in force. */
const EDITABLE: readonly PlanStatus[] = ['draft', 'demand_open', 'returned']

export async function createPlan(db: Db, ctx: Ctx, committeeId: string, input: CreatePlanInput) {
  return db.transaction().execute(async (trx) => {
    const { committee } = await loadCommittee(trx, ctx, committeeId, PLAN_EDITORS, 'draft a care plan')
    const term = await requireTerm(trx, committee.school_id, input.termId)
    checkPlanRules(input)
    const plan = await trx
      .insertInto('plans')
      .values({
        committee_id: committeeId,
        term_id: input.termId,
        title: input.title,
        content: JSON.stringify(input.content),
        schedule: JSON.stringify(input.schedule),
        billing: input.billing,
        fee_fen: input.feeFen,
        capacity: input.capacity,
        budget: JSON.stringify(input.budget),
        expected_participants: input.expectedParticipants,
        refund_policy: input.refundPolicy,
        created_by: ctx.actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await recordAudit(trx, ctx, { action: 'plan.created', entityType: 'plan', entityId: plan.id, data: { committeeId, termId: input.termId, feeFen: input.feeFen, billing: input.billing } })
    return planOut(plan, term)
  })
}

export async function getPlan(db: Db, ctx: Ctx, planId: string) {
  const { plan, committee } = await loadPlan(db, ctx, planId, PLAN_READERS, 'see this plan')
  return planOut(plan, await requireTerm(db, committee.school_id, plan.term_id))
}

export async function listPlans(db: Db, ctx: Ctx, committeeId: string, page: PageQuery) {
  const { committee, hats } = await loadCommittee(db, ctx, committeeId, PLAN_READERS, 'see its plans')
  let query = db.selectFrom('plans').selectAll().where('committee_id', '=', committeeId)
  if (!isInsider(hats)) query = query.where('status', '<>', 'draft')
  const result = await paginate(query, page, { createdAt: 'created_at', id: 'id' })
  const terms = new Map<string, { startsOn: string; endsOn: string }>()
  for (const p of result.items) if (!terms.has(p.term_id)) terms.set(p.term_id, await requireTerm(db, committee.school_id, p.term_id))
  return { items: result.items.map((p) => planOut(p, terms.get(p.term_id)!)), nextCursor: result.nextCursor }
}

function lockedReason(status: PlanStatus, approvedVersion: number | null): string {
  if (status === 'submitted') return 'The plan is with the school for review; wait for the decision (a returned plan can be edited)'
  if (status === 'approved') {
    return `Version ${approvedVersion} is approved: it is what families sign and what is billed. Change it only through a new version: open a revision (POST /api/v1/plans/:planId/revise), edit, submit, and have the school approve it; version ${approvedVersion} stays in force meanwhile`
  }
  return 'The plan is closed'
}

export async function updatePlan(db: Db, ctx: Ctx, planId: string, input: UpdatePlanInput) {
  return db.transaction().execute(async (trx) => {
    const { plan, committee } = await loadPlan(trx, ctx, planId, PLAN_EDITORS, 'edit a care plan', { forUpdate: true })
    if (!EDITABLE.includes(plan.status)) throw new Conflict('plan-locked', lockedReason(plan.status, plan.approved_version))
    const merged = {
      schedule: input.schedule ?? plan.schedule,
      capacity: input.capacity ?? plan.capacity,
      expectedParticipants: input.expectedParticipants ?? plan.expected_participants,
    }
    checkPlanRules(merged)
    const updated = await trx
      .updateTable('plans')
      .set({
        ...(input.title === undefined ? {} : { title: input.title }),
        ...(input.content === undefined ? {} : { content: JSON.stringify(input.content) }),
        ...(input.schedule === undefined ? {} : { schedule: JSON.stringify(input.schedule) }),
        ...(input.billing === undefined ? {} : { billing: input.billing }),
        ...(input.feeFen === undefined ? {} : { fee_fen: input.feeFen }),
        ...(input.capacity === undefined ? {} : { capacity: input.capacity }),
        ...(input.budget === undefined ? {} : { budget: JSON.stringify(input.budget) }),
        ...(input.expectedParticipants === undefined ? {} : { expected_participants: input.expectedParticipants }),
        ...(input.refundPolicy === undefined ? {} : { refund_policy: input.refundPolicy }),
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', planId)
      .returningAll()
      .executeTakeFirstOrThrow()
    await recordAudit(trx, ctx, { action: 'plan.updated', entityType: 'plan', entityId: planId, data: { fields: Object.keys(input) } })
    return planOut(updated, await requireTerm(trx, committee.school_id, plan.term_id))
  })
}

export interface PlanForService {
  id: string
  committeeId: string
  schoolId: string
  termId: string
  termStartsOn: string
  termEndsOn: string
  status: PlanStatus
  approvedVersion: { version: number; weekdays: number[]; startTime: string; endTime: string; feeFen: number; billing: Billing; capacity: number } | null
}

/**
 * For other modules (calendar, billing, attendance): the plan and the terms of its approved
 * version, the only fee standard that may ever be billed. No authorization here: the caller has
 * already authorized its own request. One query, as the calendar asks on every request; it reads
 * committees and terms directly because those joins are the point of the call. Null if no such plan.
 */
export async function getPlanForService(trx: Db | Trx, planId: string): Promise<PlanForService | null> {
  const row = await trx
    .selectFrom('plans as p')
    .innerJoin('committees as c', 'c.id', 'p.committee_id')
    .innerJoin('terms as t', 't.id', 'p.term_id')
    .leftJoin('plan_versions as v', (j) => j.onRef('v.plan_id', '=', 'p.id').onRef('v.version', '=', 'p.approved_version'))
    .select(['p.id', 'p.committee_id', 'c.school_id', 'p.term_id', 't.starts_on', 't.ends_on', 'p.status'])
    .select(['v.version', 'v.schedule', 'v.fee_fen', 'v.billing', 'v.capacity'])
    .where('p.id', '=', planId)
    .executeTakeFirst()
  if (!row) return null
  const approved =
    row.version !== null && row.schedule !== null && row.fee_fen !== null && row.billing !== null && row.capacity !== null
      ? { version: row.version, weekdays: row.schedule.weekdays, startTime: row.schedule.startTime, endTime: row.schedule.endTime, feeFen: toFen(row.fee_fen), billing: row.billing, capacity: row.capacity }
      : null
  return {
    id: row.id,
    committeeId: row.committee_id,
    schoolId: row.school_id,
    termId: row.term_id,
    termStartsOn: row.starts_on,
    termEndsOn: row.ends_on,
    status: row.status,
    approvedVersion: approved,
  }
}

/** One frozen version of a plan (for agreements: what the family signs), with when the school approved it. */
export async function getPlanVersionForService(trx: Db | Trx, planId: string, version: number) {
  const v = await trx.selectFrom('plan_versions').selectAll().where('plan_id', '=', planId).where('version', '=', version).executeTakeFirstOrThrow()
  const approval = await trx
    .selectFrom('plan_reviews')
    .select('created_at')
    .where('plan_id', '=', planId)
    .where('version', '=', version)
    .where('decision', '=', 'approve')
    .executeTakeFirst()
  return { ...v, fee_fen: toFen(v.fee_fen), approvedAt: approval?.created_at ?? null }
}

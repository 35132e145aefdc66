import { isInsider } from '../../access.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import type { Billing, BudgetLine, PlanStatus } from '../../db/schema.js'
import { Conflict, NotFound } from '../../errors.js'
import { type PageQuery, paginate } from '../../http/pagination.js'
import { recordAudit } from '../audit/service.js'
import { getCommitteeRef, loadCommittee, requireTerm, termsById } from '../schools/service.js'
import { loadPlan, loadPlanForUpdate, PLAN_EDITORS, PLAN_READERS, type PlanLock, planLockOf } from './access.js'
import { planOut } from './plan-view.js'
import { checkPlanRules } from './policy.js'
import * as repo from './repository.js'
import type { CreatePlanInput, UpdatePlanInput } from './schemas.js'

export { getDemandSummary, openDemand, submitDemandResponse } from './demand.js'
export { isVenueOrUtilities } from './policy.js'
export { listPublicPlans } from './public-plans.js'
export { listPlanVersions, type PlanHooks, reviewPlan } from './review-plan.js'
export { revisePlan, submitPlan } from './submit-plan.js'
export { loadPlan, loadPlanForUpdate, PLAN_EDITORS, PLAN_READERS, type PlanLock }

/** Statuses in which the working copy may be edited; anything else has a frozen version under review or in force. */
const EDITABLE: readonly PlanStatus[] = ['draft', 'demand_open', 'returned']

export async function createPlan(db: Db, ctx: Ctx, committeeId: string, input: CreatePlanInput) {
  return db.transaction().execute(async (trx) => {
    const { committee } = await loadCommittee(trx, ctx, committeeId, { allowed: PLAN_EDITORS, action: 'draft a care plan' })
    const term = await requireTerm(trx, committee.school_id, input.termId)
    checkPlanRules(input)
    const { termId, ...fields } = input
    const plan = await repo.insertPlan(trx, { ...fields, committeeId, termId, createdBy: ctx.actor.userId }, ctx.now)
    await recordAudit(trx, ctx, { action: 'plan.created', entityType: 'plan', entityId: plan.id, data: { committeeId, termId, feeFen: input.feeFen, billing: input.billing } })
    return planOut(plan, term)
  })
}

export async function getPlan(db: Db, ctx: Ctx, planId: string) {
  const { plan, committee } = await loadPlan(db, ctx, planId, { allowed: PLAN_READERS, action: 'see this plan' })
  return planOut(plan, await requireTerm(db, committee.schoolId, plan.term_id))
}

export async function listPlans(db: Db, ctx: Ctx, committeeId: string, page: PageQuery) {
  const { hats } = await loadCommittee(db, ctx, committeeId, { allowed: PLAN_READERS, action: 'see its plans' })
  const result = await paginate(repo.plansOfCommittee(db, committeeId, isInsider(hats)), page, { createdAt: 'created_at', id: 'id' })
  const terms = await termsById(
    db,
    result.items.map((p) => p.term_id),
  )
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
    const { plan, committee } = await loadPlanForUpdate(trx, ctx, planId, { allowed: PLAN_EDITORS, action: 'edit a care plan' })
    if (!EDITABLE.includes(plan.status)) throw new Conflict('plan-locked', lockedReason(plan.status, plan.approved_version))
    checkPlanRules({
      schedule: input.schedule ?? plan.schedule,
      capacity: input.capacity ?? plan.capacity,
      expectedParticipants: input.expectedParticipants ?? plan.expected_participants,
      budget: input.budget ?? plan.budget,
    })
    const updated = await repo.updatePlanFields(trx, planId, input, ctx.now)
    await recordAudit(trx, ctx, { action: 'plan.updated', entityType: 'plan', entityId: planId, data: { fields: Object.keys(input) } })
    return planOut(updated, await requireTerm(trx, committee.schoolId, plan.term_id))
  })
}

export interface PlanForService {
  id: string
  committeeId: string
  committeeName: string
  schoolId: string
  termId: string
  termName: string
  termStartsOn: string
  termEndsOn: string
  status: PlanStatus
  approvedVersion: ({ version: number; weekdays: number[]; startTime: string; endTime: string; feeFen: number; billing: Billing; capacity: number } & repo.MoneyTerms) | null
}

/**
 * For other modules (calendar, billing, attendance): the plan and the terms of its approved
 * version, the only fee standard that may ever be billed. No authorization here: the caller has
 * already authorized its own request. Null if no such plan.
 */
export async function getPlanForService(db: Db | Trx, planId: string): Promise<PlanForService | null> {
  const row = await repo.planWithApprovedVersion(db, planId)
  if (!row) return null
  const committee = await getCommitteeRef(db, row.committee_id)
  if (!committee) return null
  const term = await requireTerm(db, committee.schoolId, row.term_id)
  const approved =
    row.version !== null && row.schedule !== null && row.fee_fen !== null && row.billing !== null && row.capacity !== null
      ? {
          version: row.version,
          weekdays: row.schedule.weekdays,
          startTime: row.schedule.startTime,
          endTime: row.schedule.endTime,
          feeFen: row.fee_fen,
          billing: row.billing,
          capacity: row.capacity,
          collector: row.collector!,
          partialMonth: row.partial_month!,
          leaveCredit: row.leave_credit!,
          dueDays: row.due_days!,
          subsidy: row.subsidy ?? null,
        }
      : null
  return {
    id: row.id,
    committeeId: row.committee_id,
    committeeName: committee.name,
    schoolId: committee.schoolId,
    termId: row.term_id,
    termName: term.name,
    termStartsOn: term.startsOn,
    termEndsOn: term.endsOn,
    status: row.status,
    approvedVersion: approved,
  }
}

/** One frozen version of a plan (for agreements: what the family signs), with when the school approved it. */
export async function getPlanVersionForService(db: Db | Trx, planId: string, version: number) {
  const v = await repo.findVersion(db, planId, version)
  if (!v) throw new NotFound('plan version', `Plan ${planId} has no version ${version}`)
  const approval = await repo.approvalOf(db, planId, version)
  return { ...v, approvedAt: approval?.created_at ?? null }
}

/**
 * Locks a plan's row for the rest of the transaction (no authorization: the caller has its own).
 * Every change to a plan's places (applications, reviews, admission, withdrawal) takes this one
 * lock first, so two requests never give away the same place.
 */
export async function lockPlan(trx: Trx, planId: string): Promise<PlanLock> {
  if (!(await repo.lockPlanRow(trx, planId))) throw new NotFound('plan', `Plan ${planId} not found`)
  return planLockOf(planId)
}

export interface VersionMoney extends repo.MoneyTerms {
  version: number
  feeFen: number
  billing: Billing
  budget: BudgetLine[]
}

/** The fee standard and money terms of every version of a plan, by version: a family is billed by the version it signed. */
export async function versionMoneyTerms(db: Db | Trx, planId: string): Promise<Map<number, VersionMoney>> {
  const rows = await repo.versionMoneyTerms(db, planId)
  return new Map(
    rows.map((v) => [
      v.version,
      {
        version: v.version,
        feeFen: v.fee_fen,
        billing: v.billing,
        collector: v.collector,
        partialMonth: v.partial_month,
        leaveCredit: v.leave_credit,
        dueDays: v.due_days,
        subsidy: v.subsidy,
        budget: v.budget,
      },
    ]),
  )
}

/** The title of a plan's version, as printed on its receipts. */
export async function planVersionTitle(db: Db | Trx, planId: string, version: number): Promise<string> {
  const v = await repo.versionTitle(db, planId, version)
  if (!v) throw new NotFound('plan version', `Plan ${planId} has no version ${version}`)
  return v.title
}

export interface FundPlan {
  planId: string
  title: string
  termName: string
  termStartsOn: string
  termEndsOn: string
  budget: BudgetLine[]
}

/** Every plan of a committee with a version in force (closed ones too): what its statements cover. */
export async function approvedPlansOfCommittee(db: Db | Trx, committeeId: string): Promise<FundPlan[]> {
  const rows = await repo.approvedPlansOfCommittee(db, committeeId)
  const terms = await termsById(
    db,
    rows.map((r) => r.term_id),
  )
  return rows.map((r) => {
    const term = terms.get(r.term_id)!
    return { planId: r.id, title: r.title, termName: term.name, termStartsOn: term.startsOn, termEndsOn: term.endsOn, budget: r.budget }
  })
}

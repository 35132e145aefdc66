// The SQL of care plans, their frozen versions, the school's reviews and the demand survey.
import { type Selectable, sql, type Updateable } from 'kysely'
import type { Db, Trx } from '../../db/index.js'
import type { Billing, BudgetLine, Collector, LeaveCreditRule, PartialMonth, PlanContent, PlanSchedule, PlansTable, PlanVersionsTable, SubsidyRule } from '../../db/schema.js'

export type PlanRow = Selectable<PlansTable>
export type VersionRow = Selectable<PlanVersionsTable>

export const findPlan = (db: Db | Trx, planId: string) => db.selectFrom('plans').selectAll().where('id', '=', planId).executeTakeFirst()

/** Locks the plan row: submit, review, applications and admission of one plan run one at a time. */
export const lockPlanRow = (trx: Trx, planId: string) => trx.selectFrom('plans').selectAll().where('id', '=', planId).forUpdate().executeTakeFirst()

export interface MoneyTerms {
  collector: Collector
  partialMonth: PartialMonth
  leaveCredit: LeaveCreditRule
  dueDays: number
  subsidy: SubsidyRule | null
}

export interface PlanFields extends MoneyTerms {
  title: string
  content: PlanContent
  schedule: PlanSchedule
  billing: Billing
  feeFen: number
  capacity: number
  budget: BudgetLine[]
  expectedParticipants: number
  refundPolicy: string
}

const columns = (f: Partial<PlanFields>) => ({
  ...(f.title === undefined ? {} : { title: f.title }),
  ...(f.content === undefined ? {} : { content: JSON.stringify(f.content) }),
  ...(f.schedule === undefined ? {} : { schedule: JSON.stringify(f.schedule) }),
  ...(f.billing === undefined ? {} : { billing: f.billing }),
  ...(f.feeFen === undefined ? {} : { fee_fen: f.feeFen }),
  ...(f.capacity === undefined ? {} : { capacity: f.capacity }),
  ...(f.budget === undefined ? {} : { budget: JSON.stringify(f.budget) }),
  ...(f.expectedParticipants === undefined ? {} : { expected_participants: f.expectedParticipants }),
  ...(f.refundPolicy === undefined ? {} : { refund_policy: f.refundPolicy }),
  ...(f.collector === undefined ? {} : { collector: f.collector }),
  ...(f.partialMonth === undefined ? {} : { partial_month: f.partialMonth }),
  ...(f.leaveCredit === undefined ? {} : { leave_credit: JSON.stringify(f.leaveCredit) }),
  ...(f.dueDays === undefined ? {} : { due_days: f.dueDays }),
  ...(f.subsidy === undefined ? {} : { subsidy: f.subsidy === null ? null : JSON.stringify(f.subsidy) }),
})

export const insertPlan = (trx: Trx, p: PlanFields & { committeeId: string; termId: string; createdBy: string }, now: Date) =>
  trx
    .insertInto('plans')
    .values({ ...(columns(p) as Required<ReturnType<typeof columns>>), committee_id: p.committeeId, term_id: p.termId, created_by: p.createdBy, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow()

export const updatePlanFields = (trx: Trx, planId: string, f: Partial<PlanFields>, now: Date) =>
  trx
    .updateTable('plans')
    .set({ ...columns(f), updated_at: now })
    .where('id', '=', planId)
    .returningAll()
    .executeTakeFirstOrThrow()

export const setPlanState = (trx: Trx, planId: string, set: Omit<Updateable<PlansTable>, 'updated_at'>, now: Date) =>
  trx
    .updateTable('plans')
    .set({ ...set, updated_at: now })
    .where('id', '=', planId)
    .returningAll()
    .executeTakeFirstOrThrow()

export const plansOfCommittee = (db: Db, committeeId: string, includeDrafts: boolean) => {
  const q = db.selectFrom('plans').selectAll().where('committee_id', '=', committeeId)
  return includeDrafts ? q : q.where('status', '<>', 'draft')
}

/** Freezes the working copy as version `version`, with the demand figures it is submitted with. */
export const insertVersion = (trx: Trx, plan: PlanRow, version: number, demand: { count: number; needed: number }, submittedBy: string, now: Date) =>
  trx
    .insertInto('plan_versions')
    .values({
      plan_id: plan.id,
      version,
      title: plan.title,
      content: JSON.stringify(plan.content),
      schedule: JSON.stringify(plan.schedule),
      billing: plan.billing,
      fee_fen: plan.fee_fen,
      capacity: plan.capacity,
      budget: JSON.stringify(plan.budget),
      expected_participants: plan.expected_participants,
      refund_policy: plan.refund_policy,
      collector: plan.collector,
      partial_month: plan.partial_month,
      leave_credit: JSON.stringify(plan.leave_credit),
      due_days: plan.due_days,
      subsidy: plan.subsidy === null ? null : JSON.stringify(plan.subsidy),
      demand_count: demand.count,
      demand_needed: demand.needed,
      submitted_by: submittedBy,
      submitted_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()

export const findVersion = (db: Db | Trx, planId: string, version: number) =>
  db.selectFrom('plan_versions').selectAll().where('plan_id', '=', planId).where('version', '=', version).executeTakeFirst()

export const versionsOf = (db: Db, planId: string) => db.selectFrom('plan_versions').selectAll().where('plan_id', '=', planId).orderBy('version').execute()

export const insertReview = (trx: Trx, r: { planId: string; version: number; decision: 'approve' | 'return'; comment: string; reviewerId: string }, now: Date) =>
  trx
    .insertInto('plan_reviews')
    .values({ plan_id: r.planId, version: r.version, decision: r.decision, comment: r.comment, reviewer_id: r.reviewerId, created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow()

export const reviewsOf = (db: Db, planId: string) => db.selectFrom('plan_reviews').selectAll().where('plan_id', '=', planId).execute()

export const approvalOf = (db: Db | Trx, planId: string, version: number) =>
  db.selectFrom('plan_reviews').select('created_at').where('plan_id', '=', planId).where('version', '=', version).where('decision', '=', 'approve').executeTakeFirst()

/** A plan with the version in force, in one query: the calendar, billing and attendance ask on every request. */
export const planWithApprovedVersion = (db: Db | Trx, planId: string) =>
  db
    .selectFrom('plans as p')
    .leftJoin('plan_versions as v', (j) => j.onRef('v.plan_id', '=', 'p.id').onRef('v.version', '=', 'p.approved_version'))
    .select(['p.id', 'p.committee_id', 'p.term_id', 'p.status', 'v.version', 'v.schedule', 'v.fee_fen', 'v.billing', 'v.capacity'])
    .select(['v.collector', 'v.partial_month', 'v.leave_credit', 'v.due_days', 'v.subsidy'])
    .where('p.id', '=', planId)
    .executeTakeFirst()

export const approvedVersionsOfCommittee = (db: Db, committeeId: string) =>
  db
    .selectFrom('plans as p')
    .innerJoin('plan_versions as v', (j) => j.onRef('v.plan_id', '=', 'p.id').onRef('v.version', '=', 'p.approved_version'))
    .select(['p.id', 'p.term_id', 'p.created_at', 'v.version', 'v.title', 'v.schedule', 'v.billing', 'v.fee_fen', 'v.capacity', 'v.budget', 'v.expected_participants'])
    .where('p.committee_id', '=', committeeId)
    .where('p.status', '<>', 'closed')
    .execute()

export const upsertDemandResponse = (
  trx: Trx,
  r: { planId: string; userId: string; need: boolean; preferredWeekdays: number[]; students: number; note: string | null },
  now: Date,
) => {
  const values = { need: r.need, preferred_weekdays: r.preferredWeekdays, students: r.students, note: r.note }
  return trx
    .insertInto('demand_responses')
    .values({ plan_id: r.planId, user_id: r.userId, ...values, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['plan_id', 'user_id']).doUpdateSet({ ...values, updated_at: now }))
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function demandCounts(db: Db | Trx, planId: string) {
  const row = await db
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

export const demandByWeekday = (db: Db, planId: string) =>
  db
    .selectFrom(sql<{ day: number; students: number }>`(SELECT unnest(preferred_weekdays) AS day, students FROM demand_responses WHERE plan_id = ${planId} AND need)`.as('d'))
    .select(['d.day', sql<number>`sum(d.students)::int`.as('students')])
    .groupBy('d.day')
    .execute()

export const demandResponseOf = (db: Db, planId: string, userId: string) =>
  db.selectFrom('demand_responses').selectAll().where('plan_id', '=', planId).where('user_id', '=', userId).executeTakeFirst()

/** The fee and money terms of every version of a plan: a family is billed by the version it signed. */
export const versionMoneyTerms = (db: Db | Trx, planId: string) =>
  db
    .selectFrom('plan_versions')
    .select(['version', 'fee_fen', 'billing', 'collector', 'partial_month', 'leave_credit', 'due_days', 'subsidy', 'budget'])
    .where('plan_id', '=', planId)
    .orderBy('version')
    .execute()

export const versionTitle = (db: Db | Trx, planId: string, version: number) =>
  db.selectFrom('plan_versions').select('title').where('plan_id', '=', planId).where('version', '=', version).executeTakeFirst()

export const approvedPlansOfCommittee = (db: Db | Trx, committeeId: string) =>
  db
    .selectFrom('plans as p')
    .innerJoin('plan_versions as v', (j) => j.onRef('v.plan_id', '=', 'p.id').onRef('v.version', '=', 'p.approved_version'))
    .select(['p.id', 'p.term_id', 'v.title', 'v.budget'])
    .where('p.committee_id', '=', committeeId)
    .orderBy('p.created_at')
    .execute()

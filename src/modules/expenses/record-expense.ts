import { chinaToday } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import type { PaymentMethod } from '../../db/schema.js'
import { transact } from '../../db/transaction.js'
import { Conflict, Forbidden, NotFound, RuleViolation } from '../../errors.js'
import { formatYuan } from '../../money.js'
import { recordAudit } from '../audit/service.js'
import { loadFundTerms } from '../fees/service.js'
import { lockFund, spentByCategory } from '../ledger/service.js'
import { getPlanForService, isVenueOrUtilities } from '../plans/service.js'
import { loadCommittee } from '../schools/service.js'
import { isContractOfPlan } from '../staff/service.js'
import { checkAttachments, type UploadedFile } from './attachments.js'
import * as repo from './repository.js'
import { expenseView } from './views.js'

export interface ExpenseInput {
  planId: string
  category: string
  amountFen: number
  method: PaymentMethod
  payee: { kind: 'person'; role: string; name?: string | undefined } | { kind: 'organisation'; name: string }
  spentOn: string
  description: string
  contractId?: string | undefined
  /** Staff pay proposed from the duty records: the month of the contract it pays. */
  payMonth?: string | undefined
}

/** The budget line of the plan's approved version, and what it has left after the approved expenses. */
export async function budgetLeft(db: Db | Trx, budget: readonly { category: string; amountFen: number }[], planId: string, category: string) {
  const line = budget.find((b) => b.category === category)
  if (!line) return null
  const spent = (await spentByCategory(db, planId)).get(category) ?? 0
  return { budgetFen: line.amountFen, spentFen: spent, leftFen: line.amountFen - spent }
}

export function overBudget(category: string, amountFen: number, b: { budgetFen: number; spentFen: number; leftFen: number }) {
  return new RuleViolation(
    'over-budget',
    `Budget line "${category}" is ${formatYuan(b.budgetFen)} yuan, ${formatYuan(b.spentFen)} spent: ${formatYuan(Math.max(0, b.leftFen))} left, less than ${formatYuan(amountFen)}. A line grows only through a new plan version the school approves`,
    [{ path: 'body.amountFen', message: `at most ${Math.max(0, b.leftFen)} left on ${category}` }],
  )
}

/**
 * The treasurer (or the school's finance office, where the school collects) records an expense
 * with its receipts; it reaches the books only when a chair or auditor who is not the recorder
 * approves it. Money is spent only on the approved budget lines (rule 5, 专款专用), never on
 * venue or utilities, within the term, and never past what a line has left.
 */
export async function recordExpense(db: Db, ctx: Ctx, committeeId: string, input: ExpenseInput, files: UploadedFile[], idempotencyKey?: string) {
  const { hats } = await loadCommittee(db, ctx, committeeId, { allowed: ['treasurer', 'school-finance'], action: 'record an expense' })
  const plan = await getPlanForService(db, input.planId)
  if (!plan || plan.committeeId !== committeeId) throw new NotFound('plan', `Plan ${input.planId} not found in this committee (body.planId)`)
  const terms = await loadFundTerms(db, plan)
  const collector = terms.approved.collector === 'school' ? 'school-finance' : 'treasurer'
  if (!hats.has(collector)) throw new Forbidden(`This plan's money is handled by the ${collector === 'treasurer' ? "committee's treasurer" : "school's finance office"}`)
  const budget = terms.approved.budget
  if (isVenueOrUtilities(input.category) || isVenueOrUtilities(input.description)) {
    throw new RuleViolation('venue-or-utilities', 'The school provides the rooms, water and electricity free (rule 5): no expense for venue or utilities', [
      { path: 'body.category', message: 'venue or utilities' },
    ])
  }
  if (!budget.some((b) => b.category === input.category)) {
    throw new RuleViolation('category-not-in-budget', `"${input.category}" is not a budget line of the approved plan; spend only on: ${budget.map((b) => b.category).join('、')}`, [
      { path: 'body.category', message: `one of ${budget.map((b) => b.category).join(', ')}` },
    ])
  }
  if (input.spentOn < plan.termStartsOn || input.spentOn > plan.termEndsOn) {
    throw new RuleViolation('date-outside-term', `An expense of this plan is spent within its term (${plan.termStartsOn} to ${plan.termEndsOn})`, [
      { path: 'body.spentOn', message: 'outside the term' },
    ])
  }
  if (input.spentOn > chinaToday(ctx)) throw new RuleViolation('date-in-future', 'An expense is recorded once it was spent', [{ path: 'body.spentOn', message: 'in the future' }])
  // Staff pay names the contract it pays (rule 8): one of this plan's, never another committee's.
  if (input.contractId && !(await isContractOfPlan(db, plan.id, input.contractId))) {
    throw new RuleViolation('contract-not-of-plan', `Contract ${input.contractId} is not a hiring contract of this plan`, [
      { path: 'body.contractId', message: "not one of this plan's hiring contracts" },
    ])
  }
  const attachments = checkAttachments(files)
  return transact(db, async (trx) => {
    if (idempotencyKey) {
      const earlier = await repo.expenseByKey(trx, ctx.actor.userId, idempotencyKey)
      if (earlier) return expenseView(trx, earlier)
    }
    await lockFund(trx, committeeId, plan.id, ctx.now)
    // A contract's month is paid once: under the fund's lock, so two proposals at once cannot both stand.
    if (input.contractId && input.payMonth) {
      const standing = await repo.standingPayExpense(trx, input.contractId, input.payMonth)
      if (standing)
        throw new Conflict('pay-already-proposed', `The pay of ${input.payMonth} under this contract is already expense ${standing.id}; reject it first to propose it again`)
    }
    const left = (await budgetLeft(trx, budget, plan.id, input.category))!
    if (input.amountFen > left.leftFen) throw overBudget(input.category, input.amountFen, left)
    const payee = input.payee
    const row = await repo.insertExpense(
      trx,
      {
        committeeId,
        planId: plan.id,
        category: input.category,
        amountFen: input.amountFen,
        method: input.method,
        payee: payee.kind === 'organisation' ? payee.name : (payee.name ?? payee.role),
        payeeKind: payee.kind,
        payeeRole: payee.kind === 'person' ? payee.role : null,
        spentOn: input.spentOn,
        description: input.description,
        contractId: input.contractId ?? null,
        payMonth: input.payMonth ?? null,
        recordedBy: ctx.actor.userId,
        idempotencyKey: idempotencyKey ?? null,
      },
      ctx.now,
    )
    await repo.insertAttachments(trx, row.id, attachments, ctx.now)
    await recordAudit(trx, ctx, {
      action: 'expense.recorded',
      entityType: 'expense',
      entityId: row.id,
      data: { planId: plan.id, category: input.category, amountFen: input.amountFen, receipts: attachments.map((a) => a.sha256) },
    })
    return expenseView(trx, row)
  })
}

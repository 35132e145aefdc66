import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import { transact } from '../../db/transaction.js'
import { Conflict, Forbidden, NotFound } from '../../errors.js'
import { recordAudit } from '../audit/service.js'
import { loadFundTerms } from '../fees/service.js'
import { cashAccount, lockFund, postEntries } from '../ledger/service.js'
import { getPlanForService } from '../plans/service.js'
import { authorizeCommitteeRecord } from '../schools/service.js'
import { budgetLeft, overBudget } from './record-expense.js'
import * as repo from './repository.js'
import { expenseView } from './views.js'

/** Four eyes: a chair or auditor of the committee decides, never the one who recorded it. */
async function loadForDecision(db: Db, ctx: Ctx, expenseId: string, action: string) {
  const notFound = () => new NotFound('expense', `Expense ${expenseId} not found`)
  const expense = await repo.expenseById(db, expenseId)
  if (!expense) throw notFound()
  await authorizeCommitteeRecord(db, ctx, expense.committee_id, { allowed: ['chair', 'auditor'], action }, notFound)
  if (expense.recorded_by === ctx.actor.userId) throw new Forbidden(`You recorded this expense: another chair or auditor must ${action} (four eyes)`)
  return expense
}

/** Approval posts the expense to the books: the budget line checked again, under the fund's lock. */
export async function approveExpense(db: Db, ctx: Ctx, expenseId: string) {
  const expense = await loadForDecision(db, ctx, expenseId, 'approve an expense')
  const plan = (await getPlanForService(db, expense.plan_id))!
  const terms = await loadFundTerms(db, plan)
  return transact(db, async (trx) => {
    const lock = await lockFund(trx, expense.committee_id, expense.plan_id, ctx.now)
    if ((await repo.decisionsOf(trx, [expenseId])).length > 0) throw new Conflict('expense-decided', 'This expense is already decided')
    const left = await budgetLeft(trx, terms.approved.budget, expense.plan_id, expense.category)
    if (!left) throw overBudget(expense.category, expense.amount_fen, { budgetFen: 0, spentFen: 0, leftFen: 0 })
    if (expense.amount_fen > left.leftFen) throw overBudget(expense.category, expense.amount_fen, left)
    const payee = expense.payee_kind === 'person' ? expense.payee_role! : expense.payee
    const [entry] = await postEntries(trx, ctx, lock, [
      {
        entryDate: expense.spent_on,
        sourceType: 'expense',
        sourceId: expenseId,
        description: `${expense.category}：${payee}`,
        lines: [
          { account: 'expense', amountFen: expense.amount_fen, category: expense.category },
          { account: cashAccount(expense.method), amountFen: -expense.amount_fen },
        ],
      },
    ])
    await repo.insertDecision(trx, { expenseId, decision: 'approved', decidedBy: ctx.actor.userId, reason: null, entryId: entry!.id }, ctx.now)
    await recordAudit(trx, ctx, { action: 'expense.approved', entityType: 'expense', entityId: expenseId, data: { entryId: entry!.id, bookedIn: entry!.period } })
    return expenseView(trx, expense)
  })
}

export async function rejectExpense(db: Db, ctx: Ctx, expenseId: string, reason: string) {
  const expense = await loadForDecision(db, ctx, expenseId, 'reject an expense')
  return transact(db, async (trx) => {
    await lockFund(trx, expense.committee_id, expense.plan_id, ctx.now, { allowClosed: true })
    if ((await repo.decisionsOf(trx, [expenseId])).length > 0) throw new Conflict('expense-decided', 'This expense is already decided')
    await repo.insertDecision(trx, { expenseId, decision: 'rejected', decidedBy: ctx.actor.userId, reason, entryId: null }, ctx.now)
    await recordAudit(trx, ctx, { action: 'expense.rejected', entityType: 'expense', entityId: expenseId, data: { reason } })
    return expenseView(trx, expense)
  })
}

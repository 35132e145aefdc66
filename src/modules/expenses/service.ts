// The expenses area: money spent from a fund, under four eyes, on the approved budget lines only.
import { INSIDERS } from '../../access.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import { NotFound } from '../../errors.js'
import { type PageQuery, paginate } from '../../http/pagination.js'
import { loadPlan } from '../plans/service.js'
import { authorizeCommitteeRecord } from '../schools/service.js'
import * as repo from './repository.js'
import { expenseView, expenseViews } from './views.js'

export { approveExpense, rejectExpense } from './decide-expense.js'
export { type ExpenseInput, recordExpense } from './record-expense.js'

/** The committee, the school and its finance office read a plan's expenses; the public reads them in statements. */
const EXPENSE_READERS = [...INSIDERS, 'school-finance'] as const

export async function listExpenses(db: Db, ctx: Ctx, planId: string, page: PageQuery) {
  await loadPlan(db, ctx, planId, { allowed: EXPENSE_READERS, action: 'see the expenses', seenBy: EXPENSE_READERS })
  const result = await paginate(repo.expensesQuery(db, planId), page, { createdAt: 'created_at', id: 'id' })
  return { items: await expenseViews(db, result.items), nextCursor: result.nextCursor }
}

async function loadExpense(db: Db, ctx: Ctx, expenseId: string) {
  const notFound = () => new NotFound('expense', `Expense ${expenseId} not found`)
  const expense = await repo.expenseById(db, expenseId)
  if (!expense) throw notFound()
  await authorizeCommitteeRecord(db, ctx, expense.committee_id, { allowed: EXPENSE_READERS, action: 'see the expense', seenBy: EXPENSE_READERS }, notFound)
  return expense
}

export async function getExpense(db: Db, ctx: Ctx, expenseId: string) {
  return expenseView(db, await loadExpense(db, ctx, expenseId))
}

export async function getExpenseAttachment(db: Db, ctx: Ctx, expenseId: string, attachmentId: string) {
  await loadExpense(db, ctx, expenseId)
  const file = await repo.attachmentBytes(db, attachmentId)
  if (!file || file.expense_id !== expenseId) throw new NotFound('attachment', `Attachment ${attachmentId} not found`)
  return { bytes: Buffer.from(file.bytes), contentType: file.content_type, fileName: file.file_name, sha256: file.sha256 }
}

/** For statements: expenses by id with how the public names their payee and how many receipts they carry. */
export async function expensesForStatement(db: Db | Trx, ids: string[]) {
  const rows = await repo.expensesByIds(db, ids)
  const attachments = await repo.attachmentsOf(db, ids)
  return new Map(
    rows.map((e) => [
      e.id,
      {
        category: e.category,
        payee: e.payee_kind === 'person' ? ({ kind: 'person', role: e.payee_role! } as const) : ({ kind: 'organisation', name: e.payee } as const),
        receipts: attachments.filter((a) => a.expense_id === e.id).length,
        spentOn: e.spent_on,
      },
    ]),
  )
}

/** Expenses of a plan still awaiting a decision: settlement waits for them. */
export async function pendingExpenses(db: Db | Trx, planId: string) {
  return (await repo.pendingOfPlan(db, planId)).map((e) => ({ id: e.id, category: e.category, amountFen: e.amount_fen, spentOn: e.spent_on }))
}

// The SQL of expenses, their receipt attachments and the four-eyes decisions on them.
import type { Db, Trx } from '../../db/index.js'
import type { AttachmentType, PaymentMethod } from '../../db/schema.js'

export interface NewExpense {
  committeeId: string
  planId: string
  category: string
  amountFen: number
  method: PaymentMethod
  payee: string
  payeeKind: 'person' | 'organisation'
  payeeRole: string | null
  spentOn: string
  description: string
  contractId: string | null
  payMonth: string | null
  recordedBy: string
  idempotencyKey: string | null
}

export const insertExpense = (trx: Trx, e: NewExpense, now: Date) =>
  trx
    .insertInto('expenses')
    .values({
      committee_id: e.committeeId,
      plan_id: e.planId,
      category: e.category,
      amount_fen: e.amountFen,
      method: e.method,
      payee: e.payee,
      payee_kind: e.payeeKind,
      payee_role: e.payeeRole,
      spent_on: e.spentOn,
      description: e.description,
      contract_id: e.contractId,
      pay_month: e.payMonth,
      recorded_by: e.recordedBy,
      idempotency_key: e.idempotencyKey,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()

export async function insertAttachments(trx: Trx, expenseId: string, files: { fileName: string; contentType: AttachmentType; bytes: Buffer; sha256: string }[], now: Date) {
  if (files.length === 0) return
  await trx
    .insertInto('expense_attachments')
    .values(
      files.map((f) => ({
        expense_id: expenseId,
        file_name: f.fileName,
        content_type: f.contentType,
        size_bytes: f.bytes.length,
        sha256: f.sha256,
        bytes: f.bytes,
        created_at: now,
      })),
    )
    .execute()
}

export const expenseById = (db: Db | Trx, id: string) => db.selectFrom('expenses').selectAll().where('id', '=', id).executeTakeFirst()

export const expenseByKey = (db: Db | Trx, userId: string, key: string) =>
  db.selectFrom('expenses').selectAll().where('recorded_by', '=', userId).where('idempotency_key', '=', key).executeTakeFirst()

export const expensesQuery = (db: Db, planId: string) => db.selectFrom('expenses').selectAll().where('plan_id', '=', planId)

export const expensesByIds = (db: Db | Trx, ids: string[]) => (ids.length === 0 ? Promise.resolve([]) : db.selectFrom('expenses').selectAll().where('id', 'in', ids).execute())

export const attachmentsOf = (db: Db | Trx, expenseIds: string[]) =>
  expenseIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('expense_attachments')
        .select(['id', 'expense_id', 'file_name', 'content_type', 'size_bytes', 'sha256', 'created_at'])
        .where('expense_id', 'in', expenseIds)
        .orderBy('created_at')
        .execute()

export const attachmentBytes = (db: Db, attachmentId: string) => db.selectFrom('expense_attachments').selectAll().where('id', '=', attachmentId).executeTakeFirst()

export const decisionsOf = (db: Db | Trx, expenseIds: string[]) =>
  expenseIds.length === 0 ? Promise.resolve([]) : db.selectFrom('expense_decisions').selectAll().where('expense_id', 'in', expenseIds).execute()

export const insertDecision = (
  trx: Trx,
  d: { expenseId: string; decision: 'approved' | 'rejected'; decidedBy: string; reason: string | null; entryId: string | null },
  now: Date,
) =>
  trx
    .insertInto('expense_decisions')
    .values({ expense_id: d.expenseId, decision: d.decision, decided_by: d.decidedBy, reason: d.reason, entry_id: d.entryId, created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow()

/** Expenses of a plan with no decision yet: settlement waits for them. */
export const pendingOfPlan = (db: Db | Trx, planId: string) =>
  db
    .selectFrom('expenses as e')
    .leftJoin('expense_decisions as d', 'd.expense_id', 'e.id')
    .select(['e.id', 'e.category', 'e.amount_fen', 'e.spent_on'])
    .where('e.plan_id', '=', planId)
    .where('d.expense_id', 'is', null)
    .execute()

/** The proposal of a contract's month of pay that stands (pending or approved), if any. */
export const standingPayExpense = (trx: Trx, contractId: string, month: string) =>
  trx
    .selectFrom('expenses')
    .select(['id'])
    .where('contract_id', '=', contractId)
    .where('pay_month', '=', month)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('expense_decisions').select('expense_id').whereRef('expense_decisions.expense_id', '=', 'expenses.id').where('decision', '=', 'rejected'))),
    )
    .executeTakeFirst()

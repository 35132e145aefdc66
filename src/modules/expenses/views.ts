import type { Db, Trx } from '../../db/index.js'
import * as repo from './repository.js'

type ExpenseRow = NonNullable<Awaited<ReturnType<typeof repo.expenseById>>>

export async function expenseViews(db: Db | Trx, rows: ExpenseRow[]) {
  const ids = rows.map((r) => r.id)
  const attachments = await repo.attachmentsOf(db, ids)
  const decisions = await repo.decisionsOf(db, ids)
  return rows.map((e) => {
    const d = decisions.find((x) => x.expense_id === e.id)
    return {
      id: e.id,
      committeeId: e.committee_id,
      planId: e.plan_id,
      category: e.category,
      amountFen: e.amount_fen,
      method: e.method,
      payee: { kind: e.payee_kind, name: e.payee, role: e.payee_role },
      spentOn: e.spent_on,
      description: e.description,
      contractId: e.contract_id,
      payMonth: e.pay_month,
      recordedBy: e.recorded_by,
      status: d ? d.decision : ('pending' as const),
      decision: d ? { decision: d.decision, by: d.decided_by, at: d.created_at, reason: d.reason, entryId: d.entry_id } : null,
      attachments: attachments
        .filter((a) => a.expense_id === e.id)
        .map((a) => ({ id: a.id, fileName: a.file_name, contentType: a.content_type, sizeBytes: a.size_bytes, sha256: a.sha256 })),
      createdAt: e.created_at,
    }
  })
}

export async function expenseView(db: Db | Trx, row: ExpenseRow) {
  return (await expenseViews(db, [row]))[0]!
}

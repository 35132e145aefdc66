import type { Db, Trx } from '../../db/index.js'
import * as repo from './repository.js'

type PaymentRow = NonNullable<Awaited<ReturnType<typeof repo.paymentById>>>

/** A payment as the API shows it: its receipt, what it paid, and whether it was reversed. */
export async function paymentView(db: Db | Trx, p: PaymentRow) {
  const [views] = await paymentViews(db, [p])
  return views!
}

export async function paymentViews(db: Db | Trx, payments: PaymentRow[]) {
  const ids = payments.map((p) => p.id)
  const allocations = await repo.allocationsOf(db, ids)
  const reversals = await repo.reversalsOf(db, ids)
  return payments.map((p) => {
    const mine = allocations.filter((a) => a.payment_id === p.id)
    const allocated = mine.reduce((s, a) => s + a.amount_fen, 0)
    const reversal = reversals.find((r) => r.payment_id === p.id)
    return {
      id: p.id,
      committeeId: p.committee_id,
      planId: p.plan_id,
      enrollmentId: p.enrollment_id,
      amountFen: p.amount_fen,
      method: p.method,
      paidAt: p.paid_at,
      reference: p.reference,
      receiptNo: p.receipt_no,
      receivedBy: p.received_by,
      receivedAs: p.received_as,
      confirmedDuplicate: p.confirmed_duplicate,
      allocations: mine.map((a) => ({ chargeId: a.charge_id, amountFen: a.amount_fen })),
      creditFen: p.amount_fen - allocated,
      entryId: p.entry_id,
      status: reversal ? ('reversed' as const) : ('recorded' as const),
      reversal: reversal ? { reason: reversal.reason, reversedAt: reversal.created_at, reversedBy: reversal.reversed_by, entryId: reversal.entry_id } : null,
      createdAt: p.created_at,
    }
  })
}

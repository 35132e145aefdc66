// The payments area: payments with gapless receipt numbers, reversals, receipts, family accounts.
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import type { PaymentMethod } from '../../db/schema.js'
import { NotFound } from '../../errors.js'
import { FAMILY_RECORD_READERS, loadEnrollment } from '../enrollment/service.js'
import * as repo from './repository.js'
import { paymentView } from './views.js'

export { getFamilyAccount } from './family-account.js'
export { getReceiptPdf } from './receipts.js'
export { familyOfCommittee, type PaymentInput, recordPayment, recordPaymentIn } from './record-payment.js'
export { reversePayment } from './reverse-payment.js'

export async function getPayment(db: Db, ctx: Ctx, paymentId: string) {
  const notFound = () => new NotFound('payment', `Payment ${paymentId} not found`)
  const payment = await repo.paymentById(db, paymentId)
  if (!payment) throw notFound()
  await loadEnrollment(db, ctx, payment.enrollment_id, 'see the payment', [...FAMILY_RECORD_READERS, 'school-finance'], notFound)
  return paymentView(db, payment)
}

/** What each family of a plan paid for the term, reversed payments excluded: settlement shares by it. */
export async function netPaidByFamily(db: Db | Trx, planId: string): Promise<Map<string, number>> {
  return new Map((await repo.netPaidOfPlan(db, planId)).map((r) => [r.enrollment_id, r.paid]))
}

/** The transaction numbers a committee has recorded payments under, per channel: an import never proposes them again. */
export async function recordedTransactionNos(db: Db | Trx, committeeId: string, methods: PaymentMethod[]) {
  return (await repo.referencedPayments(db, committeeId, methods)).map((p) => ({ method: p.method, transactionNo: p.reference! }))
}

/** Standing payments of a committee by these channels between two instants (an import's "same money already recorded by hand?" check). */
export async function paymentsBetween(db: Db | Trx, committeeId: string, methods: PaymentMethod[], from: Date, to: Date) {
  return (await repo.paymentsBetween(db, committeeId, methods, from, to)).map((p) => ({
    enrollmentId: p.enrollment_id,
    amountFen: p.amount_fen,
    method: p.method,
    paidAt: p.paid_at,
    receiptNo: p.receipt_no,
    reference: p.reference,
  }))
}

/** Receipt numbers of payments, by payment id. */
export async function receiptNosOf(db: Db | Trx, paymentIds: string[]): Promise<Map<string, string>> {
  return new Map((await repo.receiptNosOf(db, paymentIds)).map((p) => [p.id, p.receipt_no]))
}

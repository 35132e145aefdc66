// The payments area: payments with gapless receipt numbers, reversals, receipts, family accounts.
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import { NotFound } from '../../errors.js'
import { FAMILY_RECORD_READERS, loadEnrollment } from '../enrollment/service.js'
import * as repo from './repository.js'
import { paymentView } from './views.js'

export { getFamilyAccount } from './family-account.js'
export { getReceiptPdf } from './receipts.js'
export { familyOfCommittee, type PaymentInput, recordPayment } from './record-payment.js'
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

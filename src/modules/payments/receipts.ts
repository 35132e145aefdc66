import { chinaDateOf } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import { NotFound } from '../../errors.js'
import { renderReceipt } from '../../pdf/receipt.js'
import { requireUser } from '../accounts/service.js'
import { FAMILY_RECORD_READERS, familyOfEnrollment, loadEnrollment } from '../enrollment/service.js'
import { periodsOfCharges } from '../fees/service.js'
import { planVersionTitle } from '../plans/service.js'
import { getSchoolRef } from '../schools/service.js'
import * as repo from './repository.js'
import { paymentView } from './views.js'

/**
 * The receipt of a payment (收款收据), rendered from what was recorded: the same bytes every time
 * (its creation date is the payment's), VOID once the payment is reversed.
 */
export async function getReceiptPdf(db: Db, ctx: Ctx, paymentId: string) {
  const notFound = () => new NotFound('payment', `Payment ${paymentId} not found`)
  const payment = await repo.paymentById(db, paymentId)
  if (!payment) throw notFound()
  const { plan } = await loadEnrollment(db, ctx, payment.enrollment_id, 'see the receipt', [...FAMILY_RECORD_READERS, 'school-finance'], notFound)
  const view = await paymentView(db, payment)
  const family = (await familyOfEnrollment(db, payment.enrollment_id))!
  const title = await planVersionTitle(db, plan.id, family.planVersion)
  const periods = await periodsOfCharges(
    db,
    view.allocations.map((a) => a.chargeId),
  )
  const receiver = await requireUser(db, payment.received_by)
  const pdf = await renderReceipt(
    {
      receiptNo: payment.receipt_no,
      school: { name: (await getSchoolRef(db, plan.schoolId)).name },
      committee: { name: plan.committeeName },
      plan: { title },
      term: { name: plan.termName },
      payer: { name: family.guardian.name, relation: null },
      student: family.student,
      amountFen: payment.amount_fen,
      channel: payment.method,
      transactionNo: payment.reference,
      paidAt: payment.paid_at.toISOString(),
      allocations: view.allocations.map((a) => ({ period: periods.get(a.chargeId)!, amountFen: a.amountFen })),
      creditFen: view.creditFen,
      receivedBy: { kind: payment.received_as, name: receiver.name },
      reversal: view.reversal ? { reason: view.reversal.reason, reversedOn: chinaDateOf(view.reversal.reversedAt) } : null,
    },
    { creationDate: view.reversal ? view.reversal.reversedAt : payment.created_at },
  )
  return { pdf, receiptNo: payment.receipt_no, void: view.reversal !== null }
}

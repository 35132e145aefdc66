import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import { FAMILY_RECORD_READERS, familyOfEnrollment, loadEnrollment } from '../enrollment/service.js'
import { chargesOfFamily, leaveCreditRowsOfFamily } from '../fees/service.js'
import { familyPositions } from '../ledger/service.js'
import * as repo from './repository.js'
import { paymentViews } from './views.js'

/**
 * A family's account in a plan's term: its charges (with waivers, leave credits and a withdrawal's
 * corrections), payments with their receipts, and the balance from the ledger. Its guardian sees
 * it, and the committee and the school; another family gets 404.
 */
export async function getFamilyAccount(db: Db, ctx: Ctx, enrollmentId: string) {
  await loadEnrollment(db, ctx, enrollmentId, 'see the family account', [...FAMILY_RECORD_READERS, 'school-finance'])
  const family = (await familyOfEnrollment(db, enrollmentId))!
  const charges = await chargesOfFamily(db, enrollmentId)
  const leaveCredits = await leaveCreditRowsOfFamily(db, enrollmentId)
  const payments = await paymentViews(db, await repo.paymentsOfEnrollment(db, enrollmentId))
  const position = (await familyPositions(db, family.planId, [enrollmentId])).get(enrollmentId) ?? { receivableFen: 0, heldFen: 0, refundsPayableFen: 0 }
  const paid = payments.filter((p) => p.status === 'recorded').reduce((s, p) => s + p.amountFen, 0)
  const totals = {
    chargedFen: charges.reduce((s, c) => s + c.amountFen, 0),
    waivedFen: charges.reduce((s, c) => s + c.waivedFen, 0),
    leaveCreditsFen: leaveCredits.reduce((s, l) => s + l.amount_fen, 0),
    withdrawalCreditFen: charges.reduce((s, c) => s + (c.correction ? c.correction.amountFen - c.correction.waivedFen : 0), 0),
    paidFen: paid,
  }
  return {
    enrollmentId,
    planId: family.planId,
    student: { name: family.student.name, className: family.student.className },
    feeWaived: family.feeWaived,
    charges,
    leaveCredits: leaveCredits.map((l) => ({ period: l.period, leaveDays: l.leave_days, amountFen: l.amount_fen })),
    payments,
    totals,
    balance: {
      owesFen: position.receivableFen,
      creditFen: position.heldFen,
      refundsDueFen: position.refundsPayableFen,
      /** Owed minus held: charges − waivers − leave credits − withdrawal corrections − payments (reversed ones excluded). */
      netFen: position.receivableFen - position.heldFen,
    },
  }
}

import type { Db, Trx } from '../../db/index.js'
import * as repo from './repository.js'

// The fees area: billing at the approved standard, leave credits, arrears, subsidy claims.
export { listArrears } from './arrears.js'
export { type CorrectionsBooked, correctChargesAfterWithdrawal } from './corrections.js'
export { type ChargeView, chargesOfFamily, futureChargesFen, openCharges, prepayableFen } from './family-charges.js'
export { type FundContext, type FundTerms, loadFundContext, loadFundTerms } from './fund-context.js'
export { bookEndedLeaveCredits } from './leave-credits.js'
export { leaveCreditsOfEnrollment as leaveCreditRowsOfFamily } from './repository.js'

/** The period ('YYYY-MM' or 'term') of each charge, by id: what a receipt names. */
export async function periodsOfCharges(db: Db | Trx, chargeIds: string[]): Promise<Map<string, string>> {
  return new Map((await repo.periodsOfCharges(db, [...new Set(chargeIds)])).map((c) => [c.id, c.period]))
}
export { runBilling } from './run-billing.js'
export { getSubsidyClaim, getSubsidyClaimPdf, recordSubsidy } from './subsidy.js'

// The fees area: billing at the approved standard, leave credits, arrears, subsidy claims.
export { listArrears } from './arrears.js'
export { type ChargeView, chargesOfFamily, futureChargesFen, openCharges } from './family-charges.js'
export { type FundContext, loadFundContext } from './fund-context.js'
export { bookEndedLeaveCredits } from './leave-credits.js'
export { leaveCreditsOfEnrollment as leaveCreditRowsOfFamily } from './repository.js'
export { runBilling } from './run-billing.js'
export { getSubsidyClaim, getSubsidyClaimPdf, recordSubsidy } from './subsidy.js'

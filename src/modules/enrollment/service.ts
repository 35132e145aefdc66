// The enrollment area's service functions: application → first review → approval → admission
// → care agreement → active → withdrawal (rules 1, 3 and 4). Each lives in its own file.

export { FAMILY_RECORD_READERS, loadEnrollment, loadEnrollmentForUpdate } from './access.js'
export { admitFromWaitlist, runAdmission } from './admit.js'
export { getAgreementPdf, signAgreement } from './agreement.js'
export { createApplication, getApplication, listApplications, withdrawApplication } from './applications.js'
export { type EnrollmentHooks, getEnrollment, listEnrollments, withdrawEnrollment } from './enrollments.js'
export { type FamilyForMoney, familiesOfPlan, familyOfEnrollment } from './for-money.js'
export { reviewApplication } from './review-application.js'
export { verifyAgreement } from './verify-agreement.js'

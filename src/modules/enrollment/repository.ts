// The SQL of applications, their reviews, enrollments and signed agreements.
import { type Selectable, sql } from 'kysely'
import type { Db, Trx } from '../../db/index.js'
import type {
  ApplicationReviewsTable,
  ApplicationStatus,
  ApplicationsTable,
  EnrollmentStatus,
  EnrollmentsTable,
  GuardianInfo,
  PickupArrangement,
  PriorityGroup,
  StudentInfo,
} from '../../db/schema.js'

export type ApplicationRow = Selectable<ApplicationsTable>
export type ReviewRow = Selectable<ApplicationReviewsTable>
export type EnrollmentRow = Selectable<EnrollmentsTable>

export const findApplication = (db: Db | Trx, id: string) => db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst()
export const lockApplication = (trx: Trx, id: string) => trx.selectFrom('applications').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
export const findEnrollment = (db: Db | Trx, id: string) => db.selectFrom('enrollments').selectAll().where('id', '=', id).executeTakeFirst()
export const lockEnrollment = (trx: Trx, id: string) => trx.selectFrom('enrollments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()

/** This family's open application for the same child (by name and class) for the plan: never another family's. */
export const openApplicationOf = (trx: Trx, planId: string, guardianUserId: string, student: { name: string; className: string }, open: readonly ApplicationStatus[]) =>
  trx
    .selectFrom('applications')
    .select('id')
    .where('plan_id', '=', planId)
    .where('guardian_user_id', '=', guardianUserId)
    .where('status', 'in', open)
    .where(sql<boolean>`student->>'name' = ${student.name} AND student->>'className' = ${student.className}`)
    .executeTakeFirst()

/**
 * For each of the given applications, the open applications of other families in the same plan
 * for a child of the same name and class: what the committee weighs at first review.
 */
export const possibleDuplicatesOf = (db: Db | Trx, ids: string[], open: readonly ApplicationStatus[]) =>
  db
    .selectFrom('applications as a')
    .innerJoin('applications as b', (j) =>
      j
        .onRef('b.plan_id', '=', 'a.plan_id')
        .onRef('b.id', '<>', 'a.id')
        .onRef('b.guardian_user_id', '<>', 'a.guardian_user_id')
        .on(sql<boolean>`b.student->>'name' = a.student->>'name' AND b.student->>'className' = a.student->>'className'`),
    )
    .select(['a.id as of', 'b.id', 'b.status', 'b.created_at'])
    .where('a.id', 'in', ids)
    .where('b.status', 'in', open)
    .orderBy('b.created_at')
    .orderBy('b.id')
    .execute()

export interface NewApplication {
  planId: string
  planVersion: number
  guardianUserId: string
  student: StudentInfo
  guardian: GuardianInfo
  pickup: PickupArrangement
  specialNeeds: string | null
  priority: PriorityGroup[]
  lowIncomeCertificate: string | null
  signatureName: string
  ip: string | null
  userAgent: string | null
}

export const insertApplication = (trx: Trx, a: NewApplication, now: Date) =>
  trx
    .insertInto('applications')
    .values({
      plan_id: a.planId,
      plan_version: a.planVersion,
      guardian_user_id: a.guardianUserId,
      student: JSON.stringify(a.student),
      guardian: JSON.stringify(a.guardian),
      pickup: JSON.stringify(a.pickup),
      special_needs: a.specialNeeds,
      priority: a.priority,
      low_income_certificate: a.lowIncomeCertificate,
      signature_name: a.signatureName,
      signed_ip: a.ip,
      signed_user_agent: a.userAgent,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()

export const setApplicationStatus = (trx: Trx, ids: string | string[], status: ApplicationStatus, now: Date) => {
  const q = trx.updateTable('applications').set({ status, updated_at: now })
  return (Array.isArray(ids) ? q.where('id', 'in', ids).where('status', '<>', status) : q.where('id', '=', ids)).returningAll().execute()
}

export const applicationsQuery = (db: Db, planId: string, filter: { guardianUserId?: string; status?: ApplicationStatus }) => {
  let q = db.selectFrom('applications').selectAll().where('plan_id', '=', planId)
  if (filter.guardianUserId) q = q.where('guardian_user_id', '=', filter.guardianUserId)
  if (filter.status) q = q.where('status', '=', filter.status)
  return q
}

export const insertApplicationReview = (
  trx: Trx,
  r: { applicationId: string; stage: 'first' | 'approval'; decision: 'accept' | 'reject'; comment: string; reviewerId: string },
  now: Date,
) =>
  trx
    .insertInto('application_reviews')
    .values({ application_id: r.applicationId, stage: r.stage, decision: r.decision, comment: r.comment, reviewer_id: r.reviewerId, created_at: now })
    .execute()

export const insertPriorityStrike = (trx: Trx, s: { applicationId: string; group: PriorityGroup; stage: 'first' | 'approval'; reason: string; struckBy: string }, now: Date) =>
  trx
    .insertInto('application_priority_strikes')
    .values({ application_id: s.applicationId, priority_group: s.group, stage: s.stage, reason: s.reason, struck_by: s.struckBy, struck_at: now })
    .execute()

export const setApplicationPriority = (trx: Trx, id: string, priority: PriorityGroup[], now: Date) =>
  trx.updateTable('applications').set({ priority, updated_at: now }).where('id', '=', id).execute()

export const strikesOfApplications = (db: Db | Trx, ids: string[]) =>
  db.selectFrom('application_priority_strikes').selectAll().where('application_id', 'in', ids).orderBy('struck_at').orderBy('id').execute()

export const reviewsOfApplications = (db: Db | Trx, ids: string[]) => db.selectFrom('application_reviews').selectAll().where('application_id', 'in', ids).execute()

export const enrollmentIdsOfApplications = (db: Db | Trx, ids: string[]) =>
  db.selectFrom('enrollments').select(['id', 'application_id']).where('application_id', 'in', ids).execute()

/** Enrollments that hold a place on `today` (see candidatesOf in admit.ts), with the application they came from. */
export const placeHolders = (db: Db | Trx, planId: string, today: string) =>
  db
    .selectFrom('enrollments as e')
    .innerJoin('applications as a', 'a.id', 'e.application_id')
    .select(['a.id', 'a.priority', 'a.created_at'])
    .where('e.plan_id', '=', planId)
    .where((eb) =>
      eb.or([eb('e.status', '<>', 'withdrawn'), eb.and([eb('e.starts_on', 'is not', null), eb('e.withdrawn_on', '>', today), eb('e.withdrawn_on', '>', eb.ref('e.starts_on'))])]),
    )
    .execute()

export const placeSeekers = (db: Db | Trx, planId: string) =>
  db
    .selectFrom('applications')
    .select(['id', 'priority', 'created_at', 'status', 'low_income_certificate'])
    .where('plan_id', '=', planId)
    .where('status', 'in', ['waitlisted', 'submitted', 'first_accepted'])
    .execute()

export const insertEnrollment = (
  trx: Trx,
  e: { applicationId: string; planId: string; planVersion: number; guardianUserId: string; feeWaived: boolean; agreementNo: string },
  now: Date,
) =>
  trx
    .insertInto('enrollments')
    .values({
      application_id: e.applicationId,
      plan_id: e.planId,
      plan_version: e.planVersion,
      guardian_user_id: e.guardianUserId,
      fee_waived: e.feeWaived,
      agreement_no: e.agreementNo,
      created_at: now,
    })
    .returning(['id', 'agreement_no'])
    .executeTakeFirstOrThrow()

/**
 * The next number of a committee's year: the upsert takes the counter row's lock until the
 * transaction ends, so two admissions at once (even in different plans) never share a number.
 */
export const takeAgreementNumber = async (trx: Trx, committeeId: string, year: number) =>
  (
    await trx
      .insertInto('agreement_counters')
      .values({ committee_id: committeeId, year, last_no: 1 })
      .onConflict((oc) => oc.columns(['committee_id', 'year']).doUpdateSet({ last_no: sql<number>`agreement_counters.last_no + 1` }))
      .returning('last_no')
      .executeTakeFirstOrThrow()
  ).last_no

export const enrollmentsQuery = (db: Db, planId: string, filter: { guardianUserId?: string; status?: EnrollmentStatus }) => {
  let q = db.selectFrom('enrollments').selectAll().where('plan_id', '=', planId)
  if (filter.guardianUserId) q = q.where('guardian_user_id', '=', filter.guardianUserId)
  if (filter.status) q = q.where('status', '=', filter.status)
  return q
}

export const withdrawEnrollmentRow = (trx: Trx, id: string, effectiveOn: string, reason: string) =>
  trx.updateTable('enrollments').set({ status: 'withdrawn', withdrawn_on: effectiveOn, withdraw_reason: reason }).where('id', '=', id).returningAll().executeTakeFirstOrThrow()

export const activateEnrollment = (trx: Trx, id: string, planVersion: number, startsOn: string) =>
  trx.updateTable('enrollments').set({ status: 'active', plan_version: planVersion, starts_on: startsOn }).where('id', '=', id).returningAll().executeTakeFirstOrThrow()

export const signedPdfOf = (db: Db, enrollmentId: string) => db.selectFrom('agreement_signatures').select('signed_pdf').where('enrollment_id', '=', enrollmentId).executeTakeFirst()

export const insertSignature = (
  trx: Trx,
  s: {
    enrollmentId: string
    signerUserId: string
    signerName: string
    documentSha256: string
    documentCreatedAt: Date
    signedPdf: Buffer
    ip: string | null
    userAgent: string | null
    signedAt: Date
  },
) =>
  trx
    .insertInto('agreement_signatures')
    .values({
      enrollment_id: s.enrollmentId,
      signer_user_id: s.signerUserId,
      signer_name: s.signerName,
      document_sha256: s.documentSha256,
      document_created_at: s.documentCreatedAt,
      signed_pdf: s.signedPdf,
      ip: s.ip,
      user_agent: s.userAgent,
      signed_at: s.signedAt,
    })
    .execute()

export const signaturesOf = (db: Db | Trx, enrollmentIds: string[]) =>
  db.selectFrom('agreement_signatures').select(['enrollment_id', 'signer_name', 'signed_at', 'document_sha256']).where('enrollment_id', 'in', enrollmentIds).execute()

export const studentsOfApplications = (db: Db | Trx, applicationIds: string[]) =>
  db.selectFrom('applications').select(['id', 'student']).where('id', 'in', applicationIds).execute()

/** One enrollment with what attendance needs from its application. */
export const enrollmentWithApplication = (db: Db | Trx, enrollmentId: string) =>
  db
    .selectFrom('enrollments as e')
    .innerJoin('applications as a', 'a.id', 'e.application_id')
    .select(['e.id', 'e.plan_id', 'e.guardian_user_id', 'e.status', 'e.starts_on', 'e.withdrawn_on', 'a.student', 'a.guardian', 'a.pickup', 'a.special_needs'])
    .where('e.id', '=', enrollmentId)
    .executeTakeFirst()

/** The children of a plan in care on `date`, by class, student number and name (byte order, the same on both databases). */
export const inCareOnDay = (db: Db | Trx, planId: string, date: string) =>
  db
    .selectFrom('enrollments as e')
    .innerJoin('applications as a', 'a.id', 'e.application_id')
    .select([
      'e.id',
      'e.guardian_user_id',
      sql<string>`a.student->>'name'`.as('name'),
      sql<string>`a.student->>'className'`.as('class_name'),
      sql<string | null>`a.student->>'studentNo'`.as('student_no'),
      'a.guardian',
      'a.pickup',
      'a.special_needs',
    ])
    .where('e.plan_id', '=', planId)
    .where('e.status', 'in', ['active', 'withdrawn'])
    .where('e.starts_on', '<=', date)
    .where((eb) => eb.or([eb('e.withdrawn_on', 'is', null), eb('e.withdrawn_on', '>', date)]))
    .orderBy(sql`a.student->>'className' COLLATE "C"`)
    .orderBy(sql`coalesce(a.student->>'studentNo', '') COLLATE "C"`)
    .orderBy(sql`a.student->>'name' COLLATE "C"`)
    .orderBy('e.id')
    .execute()

const familyColumns = [
  'e.id',
  'e.plan_id',
  'e.plan_version',
  'e.status',
  'e.starts_on',
  'e.withdrawn_on',
  'e.fee_waived',
  'e.guardian_user_id',
  'e.created_at',
  'a.student',
  'a.guardian',
] as const

export const familiesOfPlan = (db: Db | Trx, planId: string) =>
  db
    .selectFrom('enrollments as e')
    .innerJoin('applications as a', 'a.id', 'e.application_id')
    .select(familyColumns)
    .where('e.plan_id', '=', planId)
    .orderBy('e.created_at')
    .orderBy('e.id')
    .execute()

export const familyOfEnrollment = (db: Db | Trx, enrollmentId: string) =>
  db.selectFrom('enrollments as e').innerJoin('applications as a', 'a.id', 'e.application_id').select(familyColumns).where('e.id', '=', enrollmentId).executeTakeFirst()
/**
 * The signature whose signed PDF (what families keep) or whose read-and-signed text has this
 * SHA-256; both are indexed (migration 0005), so anyone's check costs one index lookup.
 */
export async function signatureByHash(db: Db | Trx, sha256Hex: string) {
  const columns = ['s.signed_at', 'e.agreement_no', 'e.plan_id', 'e.plan_version', 'e.status'] as const
  const signedPdf = await db
    .selectFrom('agreement_signatures as s')
    .innerJoin('enrollments as e', 'e.id', 's.enrollment_id')
    .select(columns)
    .where(sql<string>`encode(sha256(s.signed_pdf), 'hex')`, '=', sha256Hex)
    .executeTakeFirst()
  if (signedPdf) return { ...signedPdf, matched: 'signed-agreement' as const }
  const text = await db
    .selectFrom('agreement_signatures as s')
    .innerJoin('enrollments as e', 'e.id', 's.enrollment_id')
    .select(columns)
    .where('s.document_sha256', '=', sha256Hex)
    .executeTakeFirst()
  return text ? { ...text, matched: 'unsigned-text' as const } : undefined
}

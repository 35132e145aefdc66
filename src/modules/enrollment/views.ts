import { type Hat, isInsider } from '../../access.js'
import { chinaToday } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import type { ApplicationStatus, PriorityGroup } from '../../db/schema.js'
import { maskIdentifier } from '../../pdf/format.js'
import { waitlistPositions } from './admit.js'
import {
  type ApplicationRow,
  type EnrollmentRow,
  enrollmentIdsOfApplications,
  possibleDuplicatesOf,
  type ReviewRow,
  reviewsOfApplications,
  signaturesOf,
  strikesOfApplications,
  studentsOfApplications,
} from './repository.js'

/** Statuses that still hold or seek a place: a family has at most one such application per child and plan. */
export const OPEN: readonly ApplicationStatus[] = ['submitted', 'first_accepted', 'approved', 'waitlisted']

export interface PossibleDuplicate {
  applicationId: string
  status: ApplicationStatus
  submittedAt: Date
}

/**
 * The low-income certificate number: whole only for the school's reviewer, who verifies it
 * against the register (`showCertificate`); everyone else who may see the application — the
 * committee, the family itself — gets it masked, as in the agreement (same mask).
 */
export function applicationOut(
  a: ApplicationRow,
  extra: {
    reviews: ReviewRow[]
    enrollmentId: string | null
    waitlistPosition: number | null
    possibleDuplicates?: PossibleDuplicate[] | undefined
    showCertificate?: boolean
    struck?: { group: PriorityGroup; reason: string; stage: 'first' | 'approval'; struckAt: Date }[]
  },
) {
  return {
    id: a.id,
    planId: a.plan_id,
    planVersion: a.plan_version,
    guardianUserId: a.guardian_user_id,
    student: a.student,
    guardian: a.guardian,
    pickup: a.pickup,
    specialNeeds: a.special_needs,
    priority: a.priority,
    struckPriority: extra.struck ?? [],
    lowIncome:
      a.low_income_certificate === null
        ? null
        : { ...(extra.showCertificate ? { certificateNo: a.low_income_certificate } : {}), certificateNoMasked: maskIdentifier(a.low_income_certificate) },
    signature: { name: a.signature_name, signedAt: a.created_at },
    status: a.status,
    waitlistPosition: extra.waitlistPosition,
    enrollmentId: extra.enrollmentId,
    reviews: extra.reviews
      .sort((x, y) => x.created_at.getTime() - y.created_at.getTime())
      .map((r) => ({ stage: r.stage, decision: r.decision, comment: r.comment, reviewerId: r.reviewer_id, reviewedAt: r.created_at })),
    ...(extra.possibleDuplicates ? { possibleDuplicates: extra.possibleDuplicates } : {}),
    createdAt: a.created_at,
    updatedAt: a.updated_at,
  }
}

/**
 * Reviews, enrollment ids and wait-list places for a page of one plan's applications, in three
 * queries; for the committee and the school (`hats` of an insider) a fourth finds possible
 * duplicates across families. A parent is never shown another family's record, nor a hint of one.
 */
export async function applicationsOut(db: Db | Trx, ctx: Ctx, hats: ReadonlySet<Hat>, planId: string, rows: ApplicationRow[]) {
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const reviews = await reviewsOfApplications(db, ids)
  const enrollments = await enrollmentIdsOfApplications(db, ids)
  const positions = rows.some((r) => r.status === 'waitlisted') ? await waitlistPositions(db, planId, chinaToday(ctx)) : new Map<string, number>()
  const duplicates = isInsider(hats) ? await possibleDuplicatesOf(db, ids, OPEN) : null
  const strikes = await strikesOfApplications(db, ids)
  return rows.map((a) =>
    applicationOut(a, {
      reviews: reviews.filter((r) => r.application_id === a.id),
      enrollmentId: enrollments.find((e) => e.application_id === a.id)?.id ?? null,
      waitlistPosition: a.status === 'waitlisted' ? (positions.get(a.id) ?? null) : null,
      possibleDuplicates: duplicates?.filter((d) => d.of === a.id).map((d) => ({ applicationId: d.id, status: d.status, submittedAt: d.created_at })),
      showCertificate: hats.has('reviewer'),
      struck: strikes.filter((x) => x.application_id === a.id).map((x) => ({ group: x.priority_group, reason: x.reason, stage: x.stage, struckAt: x.struck_at })),
    }),
  )
}

export interface SignatureSummary {
  signer_name: string
  signed_at: Date
  document_sha256: string
}

export function enrollmentOut(e: EnrollmentRow, student: { name: string; className: string }, signature: SignatureSummary | undefined) {
  return {
    id: e.id,
    applicationId: e.application_id,
    agreementNo: e.agreement_no,
    planId: e.plan_id,
    planVersion: e.plan_version,
    guardianUserId: e.guardian_user_id,
    student: { name: student.name, className: student.className },
    status: e.status,
    feeWaived: e.fee_waived,
    startsOn: e.starts_on,
    withdrawnOn: e.withdrawn_on,
    withdrawReason: e.withdraw_reason,
    agreement: signature ? { signerName: signature.signer_name, signedAt: signature.signed_at, documentSha256: signature.document_sha256 } : null,
    createdAt: e.created_at,
  }
}

/** Enrollments with their student and signature (never the signed PDF bytes), in two queries. */
export async function enrollmentsOut(db: Db | Trx, rows: EnrollmentRow[]) {
  if (rows.length === 0) return []
  const apps = await studentsOfApplications(
    db,
    rows.map((r) => r.application_id),
  )
  const sigs = await signaturesOf(
    db,
    rows.map((r) => r.id),
  )
  return rows.map((e) => {
    const student = apps.find((a) => a.id === e.application_id)?.student ?? { name: '', className: '' }
    return enrollmentOut(
      e,
      student,
      sigs.find((s) => s.enrollment_id === e.id),
    )
  })
}

import { chinaToday } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import { maskIdentifier } from '../../pdf/format.js'
import { waitlistPositions } from './admit.js'
import { type ApplicationRow, type EnrollmentRow, enrollmentIdsOfApplications, type ReviewRow, reviewsOfApplications, signaturesOf, studentsOfApplications } from './repository.js'

/**
 * The low-income certificate number leaves the service only masked, here and in the agreement
 * (same mask): the family recognises it, nobody can copy it.
 */
export function applicationOut(a: ApplicationRow, extra: { reviews: ReviewRow[]; enrollmentId: string | null; waitlistPosition: number | null }) {
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
    lowIncome: a.low_income_certificate === null ? null : { certificateNoMasked: maskIdentifier(a.low_income_certificate) },
    signature: { name: a.signature_name, signedAt: a.created_at },
    status: a.status,
    waitlistPosition: extra.waitlistPosition,
    enrollmentId: extra.enrollmentId,
    reviews: extra.reviews
      .sort((x, y) => x.created_at.getTime() - y.created_at.getTime())
      .map((r) => ({ stage: r.stage, decision: r.decision, comment: r.comment, reviewerId: r.reviewer_id, reviewedAt: r.created_at })),
    createdAt: a.created_at,
    updatedAt: a.updated_at,
  }
}

/** Reviews, enrollment ids and wait-list places for a page of one plan's applications, in three queries. */
export async function applicationsOut(db: Db | Trx, ctx: Ctx, planId: string, rows: ApplicationRow[]) {
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const reviews = await reviewsOfApplications(db, ids)
  const enrollments = await enrollmentIdsOfApplications(db, ids)
  const positions = rows.some((r) => r.status === 'waitlisted') ? await waitlistPositions(db, planId, chinaToday(ctx)) : new Map<string, number>()
  return rows.map((a) =>
    applicationOut(a, {
      reviews: reviews.filter((r) => r.application_id === a.id),
      enrollmentId: enrollments.find((e) => e.application_id === a.id)?.id ?? null,
      waitlistPosition: a.status === 'waitlisted' ? (positions.get(a.id) ?? null) : null,
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

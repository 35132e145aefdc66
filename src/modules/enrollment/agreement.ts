import { createHash } from 'node:crypto'
import { chinaDateOf } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import type { PlanSchedule } from '../../db/schema.js'
import { Conflict, NotFound, RuleViolation } from '../../errors.js'
import { type CareAgreementData, renderCareAgreement } from '../../pdf/care-agreement.js'
import type { SigningCertificate } from '../../pdf/certificate.js'
import type { Weekday } from '../../pdf/format.js'
import { userNames } from '../accounts/service.js'
import { recordAudit } from '../audit/service.js'
import { contentInWords } from '../plans/plan-view.js'
import { getPlanForService, getPlanVersionForService, type PlanForService } from '../plans/service.js'
import { type CommitteeRef, getCommitteeRef, getSchoolRef, officersOf, requireTerm } from '../schools/service.js'
import { loadEnrollment, loadEnrollmentForUpdate } from './access.js'
import * as repo from './repository.js'
import type { SignAgreementInput } from './schemas.js'
import { enrollmentOut } from './views.js'

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/**
 * The unsigned agreement, exactly as the guardian reads it: the version of the plan in force (so
 * a family signs what will be billed), and a creation date pinned to the later of the enrollment
 * and that version's approval, so every request renders the same bytes, and the bytes change
 * only when what the family agrees to changes.
 */
async function unsignedAgreement(db: Db | Trx, enrollment: repo.EnrollmentRow, plan: PlanForService) {
  const { data, v, application, term } = await agreementInputs(db, enrollment, plan)
  const creationDate = v.approvedAt && v.approvedAt > enrollment.created_at ? v.approvedAt : enrollment.created_at
  const pdf = await renderCareAgreement(data, { creationDate })
  return { pdf, sha256: sha256(pdf), version: v.version, creationDate, data, application, term }
}

/** Everything the agreement states, loaded for one enrollment under the version in force. */
async function agreementInputs(db: Db | Trx, enrollment: repo.EnrollmentRow, plan: PlanForService) {
  const version = plan.approvedVersion?.version ?? enrollment.plan_version
  const v = await getPlanVersionForService(db, plan.id, version)
  const application = (await repo.findApplication(db, enrollment.application_id))!
  const committee = (await getCommitteeRef(db, plan.committeeId))!
  const school = await getSchoolRef(db, plan.schoolId)
  const term = await requireTerm(db, plan.schoolId, plan.termId)
  const representative = await committeeRepresentative(db, plan.committeeId)
  const data = agreementData(enrollment, application, { ...committee, representative }, school, term, v)
  return { data, v, application, term }
}

/** 甲方's representative in the signature block: the committee's chair (the first appointed, if several). */
async function committeeRepresentative(db: Db | Trx, committeeId: string) {
  const [chair] = await officersOf(db, committeeId, 'chair')
  if (!chair) return null
  const name = (await userNames(db, [chair])).get(chair)
  return name ? { name, title: '家长委员会主任' } : null
}

/**
 * What a care agreement of this enrollment states (CareAgreementData), as the renderer is given
 * it. No authorization: for the agreement's own service functions and for tests.
 */
export async function agreementDataOf(db: Db | Trx, enrollmentId: string): Promise<CareAgreementData> {
  const enrollment = await repo.findEnrollment(db, enrollmentId)
  if (!enrollment) throw new NotFound('enrollment', `Enrollment ${enrollmentId} not found`)
  const plan = await getPlanForService(db, enrollment.plan_id)
  if (!plan) throw new NotFound('plan', `Plan ${enrollment.plan_id} not found`)
  return (await agreementInputs(db, enrollment, plan)).data
}

// The plan's money term (0004) in the agreement's words: 'none' charges the whole fee.
const PARTIAL_MONTH = { service_days: 'service-days', none: 'whole' } as const

function agreementData(
  enrollment: repo.EnrollmentRow,
  a: repo.ApplicationRow,
  committee: CommitteeRef & { representative: { name: string; title: string } | null },
  school: { name: string; phone: string | null; complaintPhone: string | null },
  term: { name: string; startsOn: string; endsOn: string },
  v: Awaited<ReturnType<typeof getPlanVersionForService>>,
): CareAgreementData {
  const schedule = v.schedule as PlanSchedule & { place?: string }
  // Not stored yet (issue 14 item 17): a human-readable agreement number, the phones, the chair
  // as 甲方's representative and the plan's partial-month rule. Null is said out loud here, and the
  // agreement then uses wording that stays true without them (src/pdf/care-agreement.ts).
  return {
    // Enrollments made before numbers existed (and test fixtures) keep their UUID as the number.
    agreementNo: enrollment.agreement_no ?? enrollment.id,
    enrollmentId: enrollment.id,
    school: { name: school.name, phone: school.phone, complaintPhone: school.complaintPhone },
    committee: { name: committee.name, phone: committee.phone, representative: committee.representative },
    // The whole term is the care period; the enrollment's own first day is given beside it once signed.
    term: { name: term.name, startsOn: term.startsOn, endsOn: term.endsOn },
    careStartsOn: enrollment.starts_on,
    plan: {
      version: v.version,
      approvedOn: v.approvedAt ? chinaDateOf(v.approvedAt) : null,
      partialMonth: v.partial_month ? PARTIAL_MONTH[v.partial_month] : null,
      title: v.title,
      content: contentInWords(v.content),
      schedule: { weekdays: schedule.weekdays as Weekday[], startTime: schedule.startTime, endTime: schedule.endTime, place: schedule.place ?? null },
      billing: v.billing,
      feeFen: v.fee_fen,
      refundPolicy: v.refund_policy,
    },
    student: { name: a.student.name, className: a.student.className, studentNo: a.student.studentNo ?? null },
    guardian: a.guardian,
    lowIncome: a.low_income_certificate ? { certificateNo: a.low_income_certificate } : null,
    pickup: { persons: a.pickup.persons, goesHomeAlone: a.pickup.goesHomeAlone },
    specialNeeds: a.special_needs,
  }
}

/** Before signing: the document to read, the same bytes every time. After: the signed PDF with its certificate page. */
export async function getAgreementPdf(db: Db, ctx: Ctx, enrollmentId: string) {
  const { enrollment, plan } = await loadEnrollment(db, ctx, enrollmentId, 'read the care agreement')
  const signed = await repo.signedPdfOf(db, enrollmentId)
  if (signed) {
    // PGlite reads bytea as a Uint8Array, pg as a Buffer.
    const pdf = Buffer.from(signed.signed_pdf)
    return { pdf, sha256: sha256(pdf), signed: true }
  }
  const { pdf, sha256: hash } = await unsignedAgreement(db, enrollment, plan)
  return { pdf, sha256: hash, signed: false }
}

/**
 * The guardian signs with their typed name. The service re-renders the document they read and
 * keeps the evidence: signer, time, IP, user agent and the SHA-256 of those exact bytes, plus the
 * signed PDF with its certificate page. Only now does the enrollment become active (rule 3).
 */
export async function signAgreement(db: Db, ctx: Ctx, enrollmentId: string, input: SignAgreementInput) {
  return db.transaction().execute(async (trx) => {
    // Only the guardian who applied signs: nobody signs on a family's behalf (rule 1).
    const { enrollment, plan } = await loadEnrollmentForUpdate(trx, ctx, enrollmentId, 'sign the care agreement', ['guardian'])
    if (enrollment.status === 'active') throw new Conflict('already-signed', 'This care agreement is already signed')
    if (enrollment.status === 'withdrawn') throw new Conflict('enrollment-withdrawn', 'This enrollment was withdrawn')
    const { sha256: hash, version, creationDate, data, application, term } = await unsignedAgreement(trx, enrollment, plan)
    if (input.name !== application.guardian.name) {
      throw new RuleViolation('signature-mismatch', "Sign with the guardian's name as given in the application", [
        { path: 'body.name', message: `must be "${application.guardian.name}"` },
      ])
    }
    if (input.documentSha256 !== undefined && input.documentSha256.toLowerCase() !== hash) {
      throw new Conflict('document-changed', 'The agreement changed since you read it (the plan has a newly approved version): download it again, read it, and sign that one')
    }
    const signedAt = ctx.now
    const signedOn = chinaDateOf(signedAt)
    const startsOn = input.startsOn ?? [term.startsOn, signedOn].sort()[1]!
    // Care starts once the agreement is signed, never before (rules 3, 7, 7a): a backdated start
    // would bill and count service days nobody had agreed to.
    if (startsOn < signedOn) {
      throw new RuleViolation('start-before-signing', `Care starts on or after the day the agreement is signed (${signedOn}); ${startsOn} is before it`, [
        { path: 'body.startsOn', message: `must be ${signedOn} or later` },
      ])
    }
    if (startsOn < term.startsOn || startsOn > term.endsOn) {
      throw new RuleViolation(
        'start-outside-term',
        `Care starts within the term (${term.startsOn} to ${term.endsOn}); ${startsOn} is outside it${input.startsOn ? '' : ': the term is over, give startsOn'}`,
        [{ path: 'body.startsOn', message: `must be between ${term.startsOn} and ${term.endsOn}` }],
      )
    }
    const certificate: SigningCertificate = {
      signerName: input.name,
      signedAt: signedAt.toISOString(),
      ip: ctx.ip || '（未知）',
      userAgent: ctx.userAgent?.trim() || '（未提供）',
      documentSha256: hash,
      enrollmentId,
    }
    // The signed copy states the first day of care the guardian chose in signing.
    const signedPdf = await renderCareAgreement({ ...data, careStartsOn: startsOn }, { creationDate, certificate })
    await repo.insertSignature(trx, {
      enrollmentId,
      signerUserId: ctx.actor.userId,
      signerName: input.name,
      documentSha256: hash,
      documentCreatedAt: creationDate,
      signedPdf,
      ip: ctx.ip ?? null,
      userAgent: ctx.userAgent ?? null,
      signedAt,
    })
    const updated = await repo.activateEnrollment(trx, enrollmentId, version, startsOn)
    await recordAudit(trx, ctx, {
      action: 'enrollment.agreement-signed',
      entityType: 'enrollment',
      entityId: enrollmentId,
      data: { documentSha256: hash, planVersion: version, startsOn },
    })
    return enrollmentOut(updated, application.student, { signer_name: input.name, signed_at: signedAt, document_sha256: hash })
  })
}

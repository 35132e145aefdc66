import { createHash } from 'node:crypto'
import type { Selectable } from 'kysely'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import type { ApplicationsTable, Committee, EnrollmentsTable, PlanSchedule } from '../../db/schema.js'
import { Conflict, Forbidden, RuleViolation } from '../../errors.js'
import { type CareAgreementData, renderCareAgreement } from '../../pdf/care-agreement.js'
import type { SigningCertificate } from '../../pdf/certificate.js'
import { chinaDateOf } from '../../china-time.js'
import type { Weekday } from '../../pdf/format.js'
import { recordAudit } from '../audit/service.js'
import { contentInWords } from '../plans/plan-view.js'
import { getPlanVersionForService } from '../plans/service.js'
import { getSchool, requireTerm } from '../schools/service.js'
import { loadEnrollment } from './access.js'
import type { SignAgreementInput } from './schemas.js'
import { enrollmentOut } from './views.js'

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

interface Loaded {
  enrollment: Selectable<EnrollmentsTable>
  plan: { id: string; term_id: string; approved_version: number | null }
  committee: Committee
}

/**
 * The unsigned agreement, exactly as the guardian reads it: the version of the plan in force (so
 * a family signs what will be billed), and a creation date pinned to the later of the enrollment
 * and that version's approval, so every request renders the same bytes, and the bytes change
 * only when what the family agrees to changes.
 */
async function unsignedAgreement(trx: Db | Trx, ctx: Ctx, { enrollment, plan, committee }: Loaded) {
  const version = plan.approved_version ?? enrollment.plan_version
  const v = await getPlanVersionForService(trx, plan.id, version)
  const application = await trx.selectFrom('applications').selectAll().where('id', '=', enrollment.application_id).executeTakeFirstOrThrow()
  const school = await getSchool(trx, ctx, committee.school_id)
  const term = await requireTerm(trx, committee.school_id, plan.term_id)
  const creationDate = v.approvedAt && v.approvedAt > enrollment.created_at ? v.approvedAt : enrollment.created_at
  const data = agreementData(enrollment, application, committee, school.name, term, v)
  const pdf = await renderCareAgreement(data, { creationDate })
  return { pdf, sha256: sha256(pdf), version, creationDate, data, application, term }
}

function agreementData(
  enrollment: Selectable<EnrollmentsTable>,
  a: Selectable<ApplicationsTable>,
  committee: Committee,
  schoolName: string,
  term: { name: string; startsOn: string; endsOn: string },
  v: Awaited<ReturnType<typeof getPlanVersionForService>>,
): CareAgreementData {
  const schedule = v.schedule as PlanSchedule & { place?: string }
  // Not stored yet (issue 14 item 17): a human-readable agreement number, the phones, the chair
  // as 甲方's representative and the plan's partial-month rule. Null is said out loud here, and the
  // agreement then uses wording that stays true without them (src/pdf/care-agreement.ts).
  return {
    agreementNo: enrollment.id,
    enrollmentId: enrollment.id,
    school: { name: schoolName, phone: null, complaintPhone: null },
    committee: { name: committee.name, phone: null, representative: null },
    term: { name: term.name, startsOn: term.startsOn, endsOn: term.endsOn },
    plan: {
      version: v.version,
      approvedOn: v.approvedAt ? chinaDateOf(v.approvedAt) : null,
      partialMonth: null,
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
  const loaded = await loadEnrollment(db, ctx, enrollmentId, 'read the care agreement')
  const signed = await db.selectFrom('agreement_signatures').select('signed_pdf').where('enrollment_id', '=', enrollmentId).executeTakeFirst()
  if (signed) {
    // PGlite reads bytea as a Uint8Array, pg as a Buffer.
    const pdf = Buffer.from(signed.signed_pdf)
    return { pdf, sha256: sha256(pdf), signed: true }
  }
  const { pdf, sha256: hash } = await unsignedAgreement(db, ctx, loaded)
  return { pdf, sha256: hash, signed: false }
}

/**
 * The guardian signs with their typed name. The service re-renders the document they read and
 * keeps the evidence: signer, time, IP, user agent and the SHA-256 of those exact bytes, plus the
 * signed PDF with its certificate page. Only now does the enrollment become active (rule 3).
 */
export async function signAgreement(db: Db, ctx: Ctx, enrollmentId: string, input: SignAgreementInput) {
  return db.transaction().execute(async (trx) => {
    const loaded = await loadEnrollment(trx, ctx, enrollmentId, 'sign the care agreement', { forUpdate: true })
    const { enrollment, owner } = loaded
    if (!owner) throw new Forbidden('Only the guardian who applied signs the care agreement; nobody signs on a family\'s behalf')
    if (enrollment.status === 'active') throw new Conflict('already-signed', 'This care agreement is already signed')
    if (enrollment.status === 'withdrawn') throw new Conflict('enrollment-withdrawn', 'This enrollment was withdrawn')
    const { sha256: hash, version, creationDate, data, application, term } = await unsignedAgreement(trx, ctx, loaded)
    if (input.name !== application.guardian.name) {
      throw new RuleViolation('signature-mismatch', 'Sign with the guardian\'s name as given in the application', [{ path: 'body.name', message: `must be "${application.guardian.name}"` }])
    }
    if (input.documentSha256 !== undefined && input.documentSha256.toLowerCase() !== hash) {
      throw new Conflict('document-changed', 'The agreement changed since you read it (the plan has a newly approved version): download it again, read it, and sign that one')
    }
    const signedAt = new Date()
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
      throw new RuleViolation('start-outside-term', `Care starts within the term (${term.startsOn} to ${term.endsOn}); ${startsOn} is outside it${input.startsOn ? '' : ': the term is over, give startsOn'}`, [
        { path: 'body.startsOn', message: `must be between ${term.startsOn} and ${term.endsOn}` },
      ])
    }
    const certificate: SigningCertificate = {
      signerName: input.name,
      signedAt: signedAt.toISOString(),
      ip: ctx.ip || '（未知）',
      userAgent: ctx.userAgent?.trim() || '（未提供）',
      documentSha256: hash,
      enrollmentId,
    }
    const signedPdf = await renderCareAgreement(data, { creationDate, certificate })
    await trx
      .insertInto('agreement_signatures')
      .values({
        enrollment_id: enrollmentId,
        signer_user_id: ctx.actor.userId,
        signer_name: input.name,
        document_sha256: hash,
        document_created_at: creationDate,
        signed_pdf: signedPdf,
        ip: ctx.ip ?? null,
        user_agent: ctx.userAgent ?? null,
        signed_at: signedAt,
      })
      .execute()
    await trx.updateTable('enrollments').set({ status: 'active', plan_version: version, starts_on: startsOn }).where('id', '=', enrollmentId).execute()
    await recordAudit(trx, ctx, { action: 'enrollment.agreement-signed', entityType: 'enrollment', entityId: enrollmentId, data: { documentSha256: hash, planVersion: version, startsOn } })
    const updated = await trx.selectFrom('enrollments').selectAll().where('id', '=', enrollmentId).executeTakeFirstOrThrow()
    return enrollmentOut(updated, application.student, { signer_name: input.name, signed_at: signedAt, document_sha256: hash })
  })
}

import { isInsider } from '../../access.js'
import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import type { ApplicationStatus, PriorityGroup } from '../../db/schema.js'
import { Conflict, RuleViolation } from '../../errors.js'
import { type PageQuery, paginate } from '../../http/pagination.js'
import { recordAudit } from '../audit/service.js'
import { takesApplications } from '../plans/plan-view.js'
import { loadPlan, loadPlanForUpdate, PLAN_READERS } from '../plans/service.js'
import { loadApplication, loadApplicationForUpdate } from './access.js'
import { admitFromWaitlist } from './admit.js'
import * as repo from './repository.js'
import type { CreateApplicationInput } from './schemas.js'
import { applicationsOut, OPEN } from './views.js'

/**
 * Rule 1, voluntary: only a parent of the committee applies, for their own child, with a typed
 * signature and consent; nobody applies on a family's behalf. Rule 3: only an approved plan
 * takes applications, against its approved version.
 */
export async function createApplication(db: Db, ctx: Ctx, planId: string, input: CreateApplicationInput) {
  return db.transaction().execute(async (trx) => {
    const { plan, hats } = await loadPlanForUpdate(trx, ctx, planId, { allowed: ['parent'], action: "apply for a place (register with the committee's invite code first)" })
    if (!takesApplications(plan)) {
      throw new RuleViolation('plan-not-approved', `This plan takes applications once the school has approved it; it is ${plan.status}`)
    }
    if (input.signature.name !== input.guardian.name) {
      throw new RuleViolation('signature-mismatch', "Sign with the guardian's own name as given in the application", [
        { path: 'body.signature.name', message: `must be "${input.guardian.name}"` },
      ])
    }
    // Only this family's own applications count: another family applying under the same name
    // learns nothing and blocks nobody; the committee sees such pairs at first review.
    const duplicate = await repo.openApplicationOf(trx, planId, ctx.actor.userId, input.student, OPEN)
    if (duplicate)
      throw new Conflict('already-applied', `You already have an open application for ${input.student.name} (${input.student.className}) in this plan: ${duplicate.id}`)
    // A certificate makes the family a low-income priority family whether or not they ticked it.
    const priority: PriorityGroup[] = input.lowIncome && !input.priority.includes('low_income') ? [...input.priority, 'low_income'] : input.priority
    const application = await repo.insertApplication(
      trx,
      {
        planId,
        planVersion: plan.approved_version!,
        guardianUserId: ctx.actor.userId,
        student: input.student,
        guardian: input.guardian,
        pickup: input.pickup,
        specialNeeds: input.specialNeeds || null,
        priority,
        lowIncomeCertificate: input.lowIncome?.certificateNo ?? null,
        signatureName: input.signature.name,
        ip: ctx.ip ?? null,
        userAgent: ctx.userAgent ?? null,
      },
      ctx.now,
    )
    // The certificate number stays out of the audit trail too.
    await recordAudit(trx, ctx, {
      action: 'application.submitted',
      entityType: 'application',
      entityId: application.id,
      data: { planId, planVersion: application.plan_version, priority, lowIncome: input.lowIncome !== undefined },
    })
    const [out] = await applicationsOut(trx, ctx, hats, planId, [application])
    return out!
  })
}

export async function getApplication(db: Db, ctx: Ctx, applicationId: string) {
  const { application, hats } = await loadApplication(db, ctx, applicationId, 'see this application')
  const [out] = await applicationsOut(db, ctx, hats, application.plan_id, [application])
  return out!
}

/** The committee and the school see every application of the plan; a parent only their own. */
export async function listApplications(db: Db, ctx: Ctx, planId: string, query: PageQuery & { status?: ApplicationStatus }) {
  const { hats } = await loadPlan(db, ctx, planId, { allowed: PLAN_READERS, action: 'see its applications' })
  const q = repo.applicationsQuery(db, planId, { ...(isInsider(hats) ? {} : { guardianUserId: ctx.actor.userId }), ...(query.status ? { status: query.status } : {}) })
  const page = await paginate(q, query, { createdAt: 'created_at', id: 'id' })
  return { items: await applicationsOut(db, ctx, hats, planId, page.items), nextCursor: page.nextCursor }
}

/** The family takes back an application that holds no place yet; a place is given up with withdrawEnrollment. */
export async function withdrawApplication(db: Db, ctx: Ctx, applicationId: string, reason: string) {
  return db.transaction().execute(async (trx) => {
    const { application, hats, lock } = await loadApplicationForUpdate(trx, ctx, applicationId, 'withdraw an application', ['guardian'])
    if (application.status === 'approved') {
      throw new Conflict('enrolled', 'This application holds a place: withdraw the enrollment instead (POST /api/v1/enrollments/:enrollmentId/withdraw)')
    }
    if (application.status === 'rejected' || application.status === 'withdrawn') throw new Conflict('application-closed', `The application is already ${application.status}`)
    const [updated] = await repo.setApplicationStatus(trx, applicationId, 'withdrawn', ctx.now)
    await recordAudit(trx, ctx, { action: 'application.withdrawn', entityType: 'application', entityId: applicationId, data: { from: application.status, reason } })
    // An application in review reserved the place its rank gives it (decideAdmission): that place
    // now goes to the next in order.
    await admitFromWaitlist(trx, ctx, lock)
    const [out] = await applicationsOut(trx, ctx, hats, application.plan_id, [updated!])
    return out!
  })
}

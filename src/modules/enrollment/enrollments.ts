import { sql } from 'kysely'
import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import type { EnrollmentStatus } from '../../db/schema.js'
import { Conflict, Forbidden, RuleViolation } from '../../errors.js'
import { type PageQuery, paginate } from '../../http/pagination.js'
import { recordAudit } from '../audit/service.js'
import { isInsider, loadPlan, PLAN_READERS } from '../plans/access.js'
import { requireTerm } from '../schools/service.js'
import { loadEnrollment } from './access.js'
import { chinaToday } from '../../china-time.js'
import { admitFromWaitlist } from './admit.js'
import type { WithdrawEnrollmentInput } from './schemas.js'
import { enrollmentsOut } from './views.js'

export async function getEnrollment(db: Db, ctx: Ctx, enrollmentId: string) {
  const { enrollment } = await loadEnrollment(db, ctx, enrollmentId, 'see this enrollment')
  const [out] = await enrollmentsOut(db, [enrollment])
  return out!
}

/** The committee and the school see every enrollment of the plan; a parent only their own children's. */
export async function listEnrollments(db: Db, ctx: Ctx, planId: string, query: PageQuery & { status?: EnrollmentStatus }) {
  const { hats } = await loadPlan(db, ctx, planId, PLAN_READERS, 'see its enrollments')
  let q = db.selectFrom('enrollments').selectAll().where('plan_id', '=', planId)
  if (!isInsider(hats)) q = q.where('guardian_user_id', '=', ctx.actor.userId)
  if (query.status) q = q.where('status', '=', query.status)
  const page = await paginate(q, query, { createdAt: 'created_at', id: 'id' })
  return { items: await enrollmentsOut(db, page.items), nextCursor: page.nextCursor }
}

/**
 * The guardian takes the child out of care from a date (rule 1 works both ways: nobody is kept
 * in, nobody is taken out on the family's behalf). `effectiveOn` is the first day without care:
 * today or later (China's date), never backdated, since the days before were served and are
 * billed and counted as service days (rules 7, 7a). The child keeps the place until that date:
 * admission counts it as held while the child is in care (see candidatesOf in admit.ts), so a
 * withdrawal from today frees the place at once and the wait list moves up now, while one from a
 * later date frees it on that date, when admission next runs (any approval, rejection or
 * withdrawal in the plan, or POST /plans/:planId/admissions/run). An enrollment never signed had
 * no care to finish and frees its place at once.
 */
export async function withdrawEnrollment(db: Db, ctx: Ctx, enrollmentId: string, input: WithdrawEnrollmentInput) {
  return db.transaction().execute(async (trx) => {
    const { enrollment, owner, plan, committee } = await loadEnrollment(trx, ctx, enrollmentId, 'withdraw from care', { forUpdate: true })
    if (!owner) throw new Forbidden('Only the guardian withdraws their child from care')
    if (enrollment.status === 'withdrawn') throw new Conflict('already-withdrawn', `Withdrawn from ${enrollment.withdrawn_on}`)
    const today = chinaToday()
    if (input.effectiveOn < today) {
      throw new RuleViolation('withdraw-date-in-past', `The first day without care cannot be in the past: the days before it were in care; give ${today} (today) or later`, [
        { path: 'body.effectiveOn', message: `must be ${today} or later` },
      ])
    }
    const term = await requireTerm(trx, committee.school_id, plan.term_id)
    const from = enrollment.starts_on ?? term.startsOn
    if (input.effectiveOn < from || input.effectiveOn > term.endsOn) {
      throw new RuleViolation('withdraw-date-invalid', `The first day without care must fall between ${from} and the end of term ${term.endsOn}`, [
        { path: 'body.effectiveOn', message: `must be between ${from} and ${term.endsOn}` },
      ])
    }
    await trx
      .updateTable('enrollments')
      .set({ status: 'withdrawn', withdrawn_on: input.effectiveOn, withdraw_reason: input.reason })
      .where('id', '=', enrollmentId)
      .execute()
    await trx.updateTable('applications').set({ status: 'withdrawn', updated_at: sql<Date>`now()` }).where('id', '=', enrollment.application_id).execute()
    await recordAudit(trx, ctx, { action: 'enrollment.withdrawn', entityType: 'enrollment', entityId: enrollmentId, data: { effectiveOn: input.effectiveOn, reason: input.reason, was: enrollment.status } })
    await admitFromWaitlist(trx, ctx, enrollment.plan_id)
    const updated = await trx.selectFrom('enrollments').selectAll().where('id', '=', enrollmentId).executeTakeFirstOrThrow()
    const [out] = await enrollmentsOut(trx, [updated])
    return out!
  })
}

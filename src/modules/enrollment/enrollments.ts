import { isInsider } from '../../access.js'
import { chinaToday } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import type { EnrollmentStatus } from '../../db/schema.js'
import { transact } from '../../db/transaction.js'
import { Conflict, RuleViolation } from '../../errors.js'
import { type PageQuery, paginate } from '../../http/pagination.js'
import { recordAudit } from '../audit/service.js'
import { loadPlan, PLAN_READERS } from '../plans/service.js'
import { loadEnrollment, loadEnrollmentForUpdate } from './access.js'
import { admitFromWaitlist } from './admit.js'
import * as repo from './repository.js'
import type { WithdrawEnrollmentInput } from './schemas.js'
import { enrollmentsOut } from './views.js'

/** What the enrollment module tells the modules above it (app.ts wires them): they import it, never the other way. */
export interface EnrollmentHooks {
  /** A withdrawal was written (in its transaction, under the plan's lock): the fees module corrects charges billed ahead. */
  withdrawn(trx: Trx, ctx: Ctx, enrollmentId: string): Promise<unknown>
}

export async function getEnrollment(db: Db, ctx: Ctx, enrollmentId: string) {
  const { enrollment } = await loadEnrollment(db, ctx, enrollmentId, 'see this enrollment')
  const [out] = await enrollmentsOut(db, [enrollment])
  return out!
}

/** The committee and the school see every enrollment of the plan; a parent only their own children's. */
export async function listEnrollments(db: Db, ctx: Ctx, planId: string, query: PageQuery & { status?: EnrollmentStatus }) {
  const { hats } = await loadPlan(db, ctx, planId, { allowed: PLAN_READERS, action: 'see its enrollments' })
  const q = repo.enrollmentsQuery(db, planId, { ...(isInsider(hats) ? {} : { guardianUserId: ctx.actor.userId }), ...(query.status ? { status: query.status } : {}) })
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
 * no care to finish and frees its place at once. A charge already made for days from
 * `effectiveOn` on (a month billed ahead, a termly plan's term) is corrected in the same
 * transaction, through the fees module's hook.
 */
export async function withdrawEnrollment(db: Db, ctx: Ctx, enrollmentId: string, input: WithdrawEnrollmentInput, hooks: EnrollmentHooks) {
  return transact(db, async (trx) => {
    const { enrollment, plan, lock } = await loadEnrollmentForUpdate(trx, ctx, enrollmentId, 'withdraw from care', ['guardian'])
    if (enrollment.status === 'withdrawn') throw new Conflict('already-withdrawn', `Withdrawn from ${enrollment.withdrawn_on}`)
    const today = chinaToday(ctx)
    if (input.effectiveOn < today) {
      throw new RuleViolation('withdraw-date-in-past', `The first day without care cannot be in the past: the days before it were in care; give ${today} (today) or later`, [
        { path: 'body.effectiveOn', message: `must be ${today} or later` },
      ])
    }
    const from = enrollment.starts_on ?? plan.termStartsOn
    if (input.effectiveOn < from || input.effectiveOn > plan.termEndsOn) {
      throw new RuleViolation('withdraw-date-invalid', `The first day without care must fall between ${from} and the end of term ${plan.termEndsOn}`, [
        { path: 'body.effectiveOn', message: `must be between ${from} and ${plan.termEndsOn}` },
      ])
    }
    const updated = await repo.withdrawEnrollmentRow(trx, enrollmentId, input.effectiveOn, input.reason)
    await repo.setApplicationStatus(trx, enrollment.application_id, 'withdrawn', ctx.now)
    await recordAudit(trx, ctx, {
      action: 'enrollment.withdrawn',
      entityType: 'enrollment',
      entityId: enrollmentId,
      data: { effectiveOn: input.effectiveOn, reason: input.reason, was: enrollment.status },
    })
    // The fees module corrects what was billed ahead for days now out of care, in this transaction.
    await hooks.withdrawn(trx, ctx, enrollmentId)
    await admitFromWaitlist(trx, ctx, lock)
    const [out] = await enrollmentsOut(trx, [updated])
    return out!
  })
}

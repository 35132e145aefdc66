import { chinaToday } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import { RuleViolation } from '../../errors.js'
import { recordAudit } from '../audit/service.js'
import { takesApplications } from '../plans/plan-view.js'
import { getPlanForService, loadPlanForUpdate, type PlanLock } from '../plans/service.js'
import { type AdmissionCandidate, decideAdmission } from './admission.js'
import * as repo from './repository.js'

type Candidate = AdmissionCandidate & { lowIncome: boolean }

/**
 * Everyone admission weighs on `today`: the enrollments holding a place (admitted), the
 * school-approved applications waiting for one, and the applications still in review, which
 * reserve the place their rank gives them (see decideAdmission).
 *
 * An enrollment holds a place while the child is in care or still to start: not withdrawn, or
 * withdrawn from a later date (its first day without care is after today) after care had started
 * (a signed start before that day). So a withdrawal from a future date frees the place only on
 * that date, and the roster never has more children than places. An enrollment withdrawn before
 * it was signed, or from its very first day, was never in care and holds nothing.
 */
async function candidatesOf(db: Db | Trx, planId: string, today: string): Promise<Candidate[]> {
  const holders = await repo.placeHolders(db, planId, today)
  const seeking = await repo.placeSeekers(db, planId)
  return [
    ...holders.map((r) => ({ id: r.id, priority: r.priority, submittedAt: r.created_at, admitted: true, lowIncome: false })),
    ...seeking.map((r) => ({
      id: r.id,
      priority: r.priority,
      submittedAt: r.created_at,
      admitted: false,
      pending: r.status !== 'waitlisted',
      // A certificate waives the fee unless a reviewer struck the claim (not on the register).
      lowIncome: r.low_income_certificate !== null && r.priority.includes('low_income'),
    })),
  ]
}

/** 1-based places in the wait list of a plan (school-approved applications waiting), by application id. */
export async function waitlistPositions(db: Db | Trx, planId: string, today: string): Promise<Map<string, number>> {
  const { wait } = decideAdmission(await candidatesOf(db, planId, today), 0)
  return new Map(wait.map((id, i) => [id, i + 1]))
}

/**
 * Applies decideAdmission to a plan as of today: school-approved applications with a free place
 * get an enrollment awaiting its care agreement, the others are wait-listed; applications in
 * review keep their reservations. The caller proves it holds the plan's lock (a PlanLock from
 * lockPlan or loadPlanForUpdate), so concurrent approvals and withdrawals cannot hand out the
 * same place twice. Every change that may free or claim a place
 * calls this (approval, rejection, withdrawal of an application or an enrollment, a new plan
 * version), and runAdmission does when a withdrawal from a later date takes effect.
 */
export async function admitFromWaitlist(trx: Trx, ctx: Ctx, lock: PlanLock) {
  const { planId } = lock
  const plan = await getPlanForService(trx, planId)
  const approved = plan?.approvedVersion
  if (!approved) return { capacity: 0, placesHeld: 0, admitted: [] as string[], waiting: [] as string[], reserved: [] as string[] }
  const candidates = await candidatesOf(trx, planId, chinaToday(ctx))
  const { admit, wait, reserved } = decideAdmission(candidates, approved.capacity)
  const byId = new Map(candidates.map((c) => [c.id, c]))
  for (const id of admit) {
    const [app] = await repo.setApplicationStatus(trx, id, 'approved', ctx.now)
    const agreementNo = await nextAgreementNo(trx, plan.committeeId, ctx)
    const enrollment = await repo.insertEnrollment(
      trx,
      { applicationId: id, planId, planVersion: approved.version, guardianUserId: app!.guardian_user_id, feeWaived: byId.get(id)?.lowIncome ?? false, agreementNo },
      ctx.now,
    )
    await recordAudit(trx, ctx, {
      action: 'enrollment.created',
      entityType: 'enrollment',
      entityId: enrollment.id,
      data: { applicationId: id, planVersion: approved.version, agreementNo },
    })
  }
  if (wait.length > 0) await repo.setApplicationStatus(trx, wait, 'waitlisted', ctx.now)
  const placesHeld = candidates.filter((c) => c.admitted).length + admit.length
  return { capacity: approved.capacity, placesHeld, admitted: admit, waiting: wait, reserved }
}

/**
 * 协议编号 of a new enrollment: "JW-<year>-<6 digits>", counted per committee (甲方 of the
 * agreement) and calendar year in China, from 000001. The enrollment's UUID stays its reference.
 */
async function nextAgreementNo(trx: Trx, committeeId: string, ctx: Ctx): Promise<string> {
  const year = Number(chinaToday(ctx).slice(0, 4))
  const n = await repo.takeAgreementNumber(trx, committeeId, year)
  return `JW-${year}-${String(n).padStart(6, '0')}`
}

/**
 * Runs admission for a plan now. Every approval, rejection and withdrawal already does; this is
 * for the day a withdrawal from a later date takes effect, when nothing else happens in the plan:
 * the place it held is free from that day, and the wait list moves up when the chair (or the
 * school) runs admission, or a daily job calls this. Running it twice changes nothing.
 */
export async function runAdmission(db: Db, ctx: Ctx, planId: string) {
  return db.transaction().execute(async (trx) => {
    const { plan, lock } = await loadPlanForUpdate(trx, ctx, planId, { allowed: ['chair', 'reviewer'], action: 'run admission' })
    if (!takesApplications(plan)) {
      throw new RuleViolation('plan-not-approved', `Admission runs for a plan the school has approved and that is not closed; this one is ${plan.status}`)
    }
    const result = await admitFromWaitlist(trx, ctx, lock)
    return { planId, today: chinaToday(ctx), ...result }
  })
}

import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import { RuleViolation } from '../../errors.js'
import { chinaToday } from '../../china-time.js'
import { recordAudit } from '../audit/service.js'
import { loadPlan } from '../plans/access.js'
import { takesApplications } from '../plans/plan-view.js'
import { getPlanForService } from '../plans/service.js'
import { type AdmissionCandidate, decideAdmission } from './admission.js'

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
async function candidatesOf(trx: Db | Trx, planId: string, today: string): Promise<Candidate[]> {
  const holders = await trx
    .selectFrom('enrollments as e')
    .innerJoin('applications as a', 'a.id', 'e.application_id')
    .select(['a.id', 'a.priority', 'a.created_at'])
    .where('e.plan_id', '=', planId)
    .where((eb) =>
      eb.or([
        eb('e.status', '<>', 'withdrawn'),
        eb.and([eb('e.starts_on', 'is not', null), eb('e.withdrawn_on', '>', today), eb('e.withdrawn_on', '>', eb.ref('e.starts_on'))]),
      ]),
    )
    .execute()
  const seeking = await trx
    .selectFrom('applications')
    .select(['id', 'priority', 'created_at', 'status', 'low_income_certificate'])
    .where('plan_id', '=', planId)
    .where('status', 'in', ['waitlisted', 'submitted', 'first_accepted'])
    .execute()
  return [
    ...holders.map((r) => ({ id: r.id, priority: r.priority, submittedAt: r.created_at, admitted: true, lowIncome: false })),
    ...seeking.map((r) => ({
      id: r.id,
      priority: r.priority,
      submittedAt: r.created_at,
      admitted: false,
      pending: r.status !== 'waitlisted',
      lowIncome: r.low_income_certificate !== null,
    })),
  ]
}

/** 1-based places in the wait list of a plan (school-approved applications waiting), by application id. */
export async function waitlistPositions(trx: Db | Trx, planId: string): Promise<Map<string, number>> {
  const { wait } = decideAdmission(await candidatesOf(trx, planId, chinaToday()), 0)
  return new Map(wait.map((id, i) => [id, i + 1]))
}

/**
 * Applies decideAdmission to a plan as of today: school-approved applications with a free place
 * get an enrollment awaiting its care agreement, the others are wait-listed; applications in
 * review keep their reservations. The plan row is locked so concurrent approvals and withdrawals
 * cannot hand out the same place twice. Every change that may free or claim a place calls this
 * (approval, rejection, withdrawal of an application or an enrollment, a new plan version), and
 * runAdmission does when a withdrawal from a later date takes effect.
 */
export async function admitFromWaitlist(trx: Trx, ctx: Ctx, planId: string) {
  await trx.selectFrom('plans').select('id').where('id', '=', planId).forUpdate().executeTakeFirstOrThrow()
  const plan = await getPlanForService(trx, planId)
  const approved = plan?.approvedVersion
  if (!approved) return { capacity: 0, placesHeld: 0, admitted: [] as string[], waiting: [] as string[], reserved: [] as string[] }
  const candidates = await candidatesOf(trx, planId, chinaToday())
  const { admit, wait, reserved } = decideAdmission(candidates, approved.capacity)
  const byId = new Map(candidates.map((c) => [c.id, c]))
  for (const id of admit) {
    const app = await trx.updateTable('applications').set({ status: 'approved', updated_at: new Date() }).where('id', '=', id).returning(['guardian_user_id']).executeTakeFirstOrThrow()
    const enrollment = await trx
      .insertInto('enrollments')
      .values({ application_id: id, plan_id: planId, plan_version: approved.version, guardian_user_id: app.guardian_user_id, fee_waived: byId.get(id)?.lowIncome ?? false })
      .returning('id')
      .executeTakeFirstOrThrow()
    await recordAudit(trx, ctx, { action: 'enrollment.created', entityType: 'enrollment', entityId: enrollment.id, data: { applicationId: id, planVersion: approved.version } })
  }
  if (wait.length > 0) {
    await trx.updateTable('applications').set({ status: 'waitlisted', updated_at: new Date() }).where('id', 'in', wait).where('status', '<>', 'waitlisted').execute()
  }
  const placesHeld = candidates.filter((c) => c.admitted).length + admit.length
  return { capacity: approved.capacity, placesHeld, admitted: admit, waiting: wait, reserved }
}

/**
 * Runs admission for a plan now. Every approval, rejection and withdrawal already does; this is
 * for the day a withdrawal from a later date takes effect, when nothing else happens in the plan:
 * the place it held is free from that day, and the wait list moves up when the chair (or the
 * school) runs admission, or a daily job calls this. Running it twice changes nothing.
 */
export async function runAdmission(db: Db, ctx: Ctx, planId: string) {
  return db.transaction().execute(async (trx) => {
    const { plan } = await loadPlan(trx, ctx, planId, ['chair', 'reviewer'], 'run admission', { forUpdate: true })
    if (!takesApplications(plan)) {
      throw new RuleViolation('plan-not-approved', `Admission runs for a plan the school has approved and that is not closed; this one is ${plan.status}`)
    }
    const result = await admitFromWaitlist(trx, ctx, planId)
    return { planId, today: chinaToday(), ...result }
  })
}

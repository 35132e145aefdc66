import { type AccessRule, authorize, type Hat, hatsForCommittee, INSIDERS } from '../../access.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import { NotFound } from '../../errors.js'
import { getCommitteeRef } from '../schools/service.js'
import { findPlan, lockPlanRow, type PlanRow } from './repository.js'

/**
 * Proof that the caller holds the plan's row lock in its transaction. Functions that hand out
 * places take one, so a call that forgot the lock does not compile.
 */
export type PlanLock = { readonly planId: string; readonly __planLock: true }
export const planLockOf = (planId: string) => ({ planId, __planLock: true }) as PlanLock

/** Everyone with some relation to the committee may read its (non-draft) plans. */
export const PLAN_READERS: readonly Hat[] = [...INSIDERS, 'parent']
/** Officers who draft and edit a plan; submitting it is the chair's alone. */
export const PLAN_EDITORS: readonly Hat[] = ['chair', 'treasurer']

async function authorizePlan(db: Db | Trx, ctx: Ctx, planId: string, plan: PlanRow | undefined, rule: AccessRule) {
  const notFound = () => new NotFound('plan', `Plan ${planId} not found`)
  if (!plan) throw notFound()
  const committee = await getCommitteeRef(db, plan.committee_id)
  if (!committee) throw notFound()
  const hats = hatsForCommittee(ctx.actor, committee)
  // A draft is the committee's working paper: parents do not see it until demand is asked.
  authorize(hats, plan.status === 'draft' ? { ...rule, seenBy: rule.seenBy ?? INSIDERS } : rule, notFound)
  return { plan, committee, hats }
}

/** A plan and the caller's hats on its committee, by the one access rule (named as the plan, so a stranger learns nothing). */
export async function loadPlan(db: Db | Trx, ctx: Ctx, planId: string, rule: AccessRule) {
  return authorizePlan(db, ctx, planId, await findPlan(db, planId), rule)
}

/** The same, with the plan row locked for the rest of the transaction: state changes of one plan run one at a time. */
export async function loadPlanForUpdate(trx: Trx, ctx: Ctx, planId: string, rule: AccessRule) {
  const loaded = await authorizePlan(trx, ctx, planId, await lockPlanRow(trx, planId), rule)
  return { ...loaded, lock: planLockOf(planId) }
}

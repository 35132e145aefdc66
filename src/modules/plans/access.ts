import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import { Forbidden, NotFound } from '../../errors.js'
import { COMMITTEE_OFFICERS, type Hat, OVERSIGHT } from '../schools/access.js'
import { loadCommittee } from '../schools/service.js'

/** Everyone with some relation to the committee may read its (non-draft) plans. */
export const PLAN_READERS: readonly Hat[] = [...OVERSIGHT, ...COMMITTEE_OFFICERS, 'parent']
/** Officers who draft and edit a plan; submitting it is the chair's alone. */
export const PLAN_EDITORS: readonly Hat[] = ['chair', 'treasurer']
const INSIDERS: readonly Hat[] = [...OVERSIGHT, ...COMMITTEE_OFFICERS]

export function isInsider(hats: Set<Hat>): boolean {
  return INSIDERS.some((h) => hats.has(h))
}

/**
 * Loads a plan and checks the caller's hat on its committee, with loadCommittee's rule: no
 * relation → 404 (named as the plan, so a stranger learns nothing), wrong hat → 403. A draft is
 * the committee's working paper, so parents do not see it until demand is asked. `forUpdate`
 * locks the row: state changes on one plan (submit, review, admission) run one at a time.
 */
export async function loadPlan(trx: Db | Trx, ctx: Ctx, planId: string, allowed: readonly Hat[], action: string, opts: { forUpdate?: boolean } = {}) {
  let query = trx.selectFrom('plans').selectAll().where('id', '=', planId)
  if (opts.forUpdate) query = query.forUpdate()
  const plan = await query.executeTakeFirst()
  const notFound = () => new NotFound('plan', `Plan ${planId} not found`)
  if (!plan) throw notFound()
  let loaded: Awaited<ReturnType<typeof loadCommittee>>
  try {
    loaded = await loadCommittee(trx, ctx, plan.committee_id, PLAN_READERS, action)
  } catch (error) {
    throw error instanceof NotFound ? notFound() : error
  }
  const { committee, hats } = loaded
  if (plan.status === 'draft' && !isInsider(hats)) throw notFound()
  if (!allowed.some((h) => hats.has(h))) throw new Forbidden(`To ${action} you need to be ${allowed.join(' or ')} of this committee`)
  return { plan, committee, hats }
}

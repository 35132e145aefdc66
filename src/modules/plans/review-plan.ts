import { sql } from 'kysely'
import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import { Conflict } from '../../errors.js'
import { recordAudit } from '../audit/service.js'
import { admitFromWaitlist } from '../enrollment/admit.js'
import { COMMITTEE_OFFICERS, OVERSIGHT } from '../schools/access.js'
import { loadPlan } from './access.js'
import { versionOut } from './plan-view.js'
import type { ReviewPlanInput } from './schemas.js'

/**
 * The school reviewer approves the submitted version or returns it with a comment (rule 3).
 * Only a reviewer of the plan's own school: a reviewer elsewhere gets 404, a committee officer 403.
 */
export async function reviewPlan(db: Db, ctx: Ctx, planId: string, input: ReviewPlanInput) {
  return db.transaction().execute(async (trx) => {
    const { plan } = await loadPlan(trx, ctx, planId, ['reviewer'], 'review a care plan', { forUpdate: true })
    if (plan.status !== 'submitted') throw new Conflict('plan-not-submitted', `Only a submitted plan is reviewed; this one is ${plan.status}`)
    const version = plan.latest_version
    if (input.version !== undefined && input.version !== version) {
      throw new Conflict('version-changed', `You reviewed version ${input.version} but version ${version} is the one submitted; read it first`)
    }
    const review = await trx
      .insertInto('plan_reviews')
      .values({ plan_id: planId, version, decision: input.decision, comment: input.comment, reviewer_id: ctx.actor.userId })
      .returningAll()
      .executeTakeFirstOrThrow()
    const approve = input.decision === 'approve'
    await trx
      .updateTable('plans')
      .set({ status: approve ? 'approved' : 'returned', ...(approve ? { approved_version: version } : {}), updated_at: sql<Date>`now()` })
      .where('id', '=', planId)
      .execute()
    await recordAudit(trx, ctx, { action: approve ? 'plan.approved' : 'plan.returned', entityType: 'plan', entityId: planId, data: { version, comment: input.comment } })
    // A new version may bring more places: the wait list moves up at once.
    if (approve && plan.approved_version !== null) await admitFromWaitlist(trx, ctx, planId)
    const frozen = await trx.selectFrom('plan_versions').selectAll().where('plan_id', '=', planId).where('version', '=', version).executeTakeFirstOrThrow()
    return versionOut(frozen, review)
  })
}

/** Every submitted version with the school's decision on it: the plan's review history. */
export async function listPlanVersions(db: Db, ctx: Ctx, planId: string) {
  await loadPlan(db, ctx, planId, [...OVERSIGHT, ...COMMITTEE_OFFICERS], 'see the review history')
  const versions = await db.selectFrom('plan_versions').selectAll().where('plan_id', '=', planId).orderBy('version').execute()
  const reviews = await db.selectFrom('plan_reviews').selectAll().where('plan_id', '=', planId).execute()
  return { items: versions.map((v) => versionOut(v, reviews.find((r) => r.version === v.version))) }
}

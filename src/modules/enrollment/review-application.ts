import { sql } from 'kysely'
import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import { Conflict, Forbidden, RuleViolation } from '../../errors.js'
import { recordAudit } from '../audit/service.js'
import type { Hat } from '../schools/access.js'
import { loadApplication } from './access.js'
import { admitFromWaitlist } from './admit.js'
import type { ReviewApplicationInput } from './schemas.js'
import { applicationsOut } from './views.js'

/** Class-level first review (初审) is done by the committee's chair or members. */
const FIRST_REVIEWERS: readonly Hat[] = ['chair', 'member']

/**
 * Rule 3's review chain. The stage follows from the application's status, so nobody can skip
 * one: a 'submitted' application gets the committee's first review, a 'first_accepted' one the
 * school's approval. An accepted approval asks decideAdmission for a place: within capacity it
 * becomes an enrollment awaiting the care agreement, beyond it the application is wait-listed.
 * The guardian who applied never reviews their own application, whatever hats they wear.
 */
export async function reviewApplication(db: Db, ctx: Ctx, applicationId: string, input: ReviewApplicationInput) {
  return db.transaction().execute(async (trx) => {
    const { application, hats } = await loadApplication(trx, ctx, applicationId, 'review an application', { forUpdate: true })
    // Nobody judges their own family's case: a chair or member who is also a parent of the class,
    // or a school reviewer whose child is at the school, leaves that review to a colleague.
    if (application.guardian_user_id === ctx.actor.userId) {
      throw new Forbidden("You are the guardian who made this application: another committee member (first review) or another school reviewer (approval) must review it")
    }
    let stage: 'first' | 'approval'
    if (application.status === 'submitted') {
      if (!FIRST_REVIEWERS.some((h) => hats.has(h))) {
        if (hats.has('reviewer')) {
          throw new RuleViolation('first-review-required', 'The committee reviews an application first (初审); the school approves it after the committee has accepted it')
        }
        throw new Forbidden('The first review is done by the committee chair or a committee member')
      }
      stage = 'first'
    } else if (application.status === 'first_accepted') {
      if (!hats.has('reviewer')) throw new Forbidden('The committee has accepted this application; approval (核准) is the school reviewer\'s')
      stage = 'approval'
    } else {
      throw new Conflict('application-decided', `The application is ${application.status}; there is nothing left to review`)
    }

    await trx
      .insertInto('application_reviews')
      .values({ application_id: applicationId, stage, decision: input.decision, comment: input.comment, reviewer_id: ctx.actor.userId })
      .execute()
    const accepted = input.decision === 'accept'
    // An approved application waits until admission says whether a place is free.
    const next = !accepted ? 'rejected' : stage === 'first' ? 'first_accepted' : 'waitlisted'
    await trx.updateTable('applications').set({ status: next, updated_at: sql<Date>`now()` }).where('id', '=', applicationId).execute()
    await recordAudit(trx, ctx, {
      action: `application.${stage === 'first' ? 'first-review' : 'approval'}`,
      entityType: 'application',
      entityId: applicationId,
      data: { decision: input.decision, comment: input.comment },
    })
    // An approval may take a place; a rejection ends the application's reservation (see
    // decideAdmission), so the place it held back goes to the next in order.
    if (stage === 'approval' || !accepted) await admitFromWaitlist(trx, ctx, application.plan_id)

    const updated = await trx.selectFrom('applications').selectAll().where('id', '=', applicationId).executeTakeFirstOrThrow()
    const [out] = await applicationsOut(trx, application.plan_id, [updated])
    return out!
  })
}

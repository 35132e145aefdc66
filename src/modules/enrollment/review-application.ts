import type { Hat } from '../../access.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import type { PriorityGroup } from '../../db/schema.js'
import { Conflict, Forbidden, RuleViolation } from '../../errors.js'
import { recordAudit } from '../audit/service.js'
import { loadApplicationForUpdate } from './access.js'
import { admitFromWaitlist } from './admit.js'
import * as repo from './repository.js'
import type { ReviewApplicationInput } from './schemas.js'
import { applicationsOut } from './views.js'

/**
 * Disabled, left-behind and migrant priority is the family's own word, and a low-income claim is
 * checked against the register: a reviewer who finds a claim unsupported strikes it with a reason
 * the family sees. It stops counting for admission (and a struck low-income claim for the waiver);
 * the strike itself is kept, append-only, with who and when.
 */
async function strikePriorityClaims(trx: Trx, ctx: Ctx, application: repo.ApplicationRow, stage: 'first' | 'approval', strikes: { group: PriorityGroup; reason: string }[]) {
  if (strikes.length === 0) return
  for (const s of strikes) {
    await repo.insertPriorityStrike(trx, { applicationId: application.id, group: s.group, stage, reason: s.reason, struckBy: ctx.actor.userId }, ctx.now)
    await recordAudit(trx, ctx, { action: 'application.priority-struck', entityType: 'application', entityId: application.id, data: { group: s.group, stage, reason: s.reason } })
  }
  const struck = new Set(strikes.map((s) => s.group))
  await repo.setApplicationPriority(
    trx,
    application.id,
    application.priority.filter((p) => !struck.has(p)),
    ctx.now,
  )
}

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
    const { application, hats, owner, lock } = await loadApplicationForUpdate(trx, ctx, applicationId, 'review an application')
    // Nobody judges their own family's case: a chair or member who is also a parent of the class,
    // or a school reviewer whose child is at the school, leaves that review to a colleague.
    if (owner) {
      throw new Forbidden('You are the guardian who made this application: another committee member (first review) or another school reviewer (approval) must review it')
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
      if (!hats.has('reviewer')) throw new Forbidden("The committee has accepted this application; approval (核准) is the school reviewer's")
      stage = 'approval'
    } else {
      throw new Conflict('application-decided', `The application is ${application.status}; there is nothing left to review`)
    }

    // Strikes are checked before anything is written: a claim the family did not make cannot be struck.
    const unclaimed = input.strikePriority.filter((x) => !application.priority.includes(x.group))
    if (unclaimed.length > 0) {
      throw new RuleViolation(
        'priority-not-claimed',
        `The application does not claim ${unclaimed.map((x) => x.group).join(', ')}; it claims ${application.priority.join(', ') || 'no priority'}`,
        unclaimed.map((x) => ({ path: 'body.strikePriority', message: `${x.group} not claimed` })),
      )
    }
    await repo.insertApplicationReview(trx, { applicationId, stage, decision: input.decision, comment: input.comment, reviewerId: ctx.actor.userId }, ctx.now)
    await strikePriorityClaims(trx, ctx, application, stage, input.strikePriority)
    const accepted = input.decision === 'accept'
    // An approved application waits until admission says whether a place is free.
    const next = !accepted ? 'rejected' : stage === 'first' ? 'first_accepted' : 'waitlisted'
    await repo.setApplicationStatus(trx, applicationId, next, ctx.now)
    await recordAudit(trx, ctx, {
      action: `application.${stage === 'first' ? 'first-review' : 'approval'}`,
      entityType: 'application',
      entityId: applicationId,
      data: { decision: input.decision, comment: input.comment },
    })
    // An approval may take a place; a rejection ends the application's reservation (see
    // decideAdmission), so the place it held back goes to the next in order.
    // A struck claim moves the application down the order: the reservations change at once.
    if (stage === 'approval' || !accepted || input.strikePriority.length > 0) await admitFromWaitlist(trx, ctx, lock)

    const updated = await repo.findApplication(trx, applicationId)
    const [out] = await applicationsOut(trx, ctx, hats, application.plan_id, [updated!])
    return out!
  })
}

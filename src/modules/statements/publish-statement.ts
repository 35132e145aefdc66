import { chinaToday } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import { transact } from '../../db/transaction.js'
import { Conflict, RuleViolation } from '../../errors.js'
import { recordAudit } from '../audit/service.js'
import { bookEndedLeaveCredits, loadFundContext } from '../fees/service.js'
import { closePeriod, firstBookedPeriod, lastDayOf, lockBooksForPublishing, lockFund, nextPeriod } from '../ledger/service.js'
import { approvedPlansOfCommittee } from '../plans/service.js'
import { getSchoolRef, loadCommittee } from '../schools/service.js'
import { canonical, chainHash } from './chain.js'
import { computeMonth } from './compute-month.js'
import * as repo from './repository.js'
import { statementOut } from './views.js'

/** The next link of a committee's chain: a month's statement or a term's settlement. */
export async function appendStatement(
  trx: Trx,
  ctx: Ctx,
  committeeId: string,
  kind: 'month' | 'settlement',
  period: string,
  planId: string | null,
  content: Record<string, unknown>,
) {
  const previous = await repo.latestStatement(trx, committeeId)
  const seq = (previous?.seq ?? 0) + 1
  const text = canonical({ ...content, seq })
  const previousHash = previous?.hash ?? ''
  const hash = chainHash(previousHash, text)
  const row = await repo.insertStatement(trx, { committeeId, seq, kind, period, planId, canonical: text, previousHash, hash, publishedBy: ctx.actor.userId }, ctx.now)
  await recordAudit(trx, ctx, { action: `statement.published`, entityType: 'committee', entityId: committeeId, data: { kind, period, seq, hash } })
  return row
}

/**
 * The treasurer publishes a month's income and expenditure to parents (rule 6), once the month
 * has ended (a term's last month once the term's last day has passed, so it can be settled at
 * once), and months in order. The month's leave credits are booked first, then it is closed: no
 * entry is ever booked into it again; a late item goes into the first open month as an
 * adjustment naming its date. The statement is the next link of the committee's hash chain.
 */
export async function publishStatement(db: Db, ctx: Ctx, committeeId: string, period: string) {
  const { committee } = await loadCommittee(db, ctx, committeeId, { allowed: ['treasurer'], action: 'publish a statement' })
  const school = await getSchoolRef(db, committee.school_id)
  return transact(db, async (trx) => {
    const books = await lockBooksForPublishing(trx, committeeId, ctx.now)
    if (books.publishedThrough && period <= books.publishedThrough)
      throw new Conflict('already-published', `${period} is already published (the books are published through ${books.publishedThrough})`)
    const expected = books.publishedThrough ? nextPeriod(books.publishedThrough) : ((await firstBookedPeriod(trx, committeeId)) ?? period)
    if (period !== expected) {
      throw new RuleViolation('publish-in-order', `Months are published in order: publish ${expected} first`, [
        { path: 'body.period', message: `the next month to publish is ${expected}` },
      ])
    }
    const today = chinaToday(ctx)
    const plans = await approvedPlansOfCommittee(trx, committeeId)
    const active = plans.filter((p) => p.termStartsOn <= lastDayOf(period) && p.termEndsOn >= `${period}-01`)
    const termsOver = active.length > 0 && active.every((p) => p.termEndsOn < today)
    if (today <= lastDayOf(period) && !termsOver) {
      throw new RuleViolation('month-not-ended', `${period} has not ended yet (it ends on ${lastDayOf(period)}); it is published once it has`, [
        { path: 'body.period', message: 'not ended' },
      ])
    }
    for (const plan of active) {
      const fc = await loadFundContext(trx, plan.planId)
      await bookEndedLeaveCredits(trx, ctx, await lockFund(trx, committeeId, plan.planId, ctx.now, { allowClosed: true }), fc, today)
    }
    const funds = await computeMonth(trx, committeeId, period)
    // A committee that has never had a fund in its books has nothing to publish yet (nothing to
    // chain). Once its chain has begun, a month with no fund in it (a summer between terms, every
    // refund paid) is still published — as a month with no money — so the months stay in order.
    if (funds.length === 0 && !books.publishedThrough) {
      throw new RuleViolation('nothing-to-publish', `${period}: no fund of this committee has a term or money in that month, so there is no statement to publish`, [
        { path: 'body.period', message: 'no fund in that month' },
      ])
    }
    const content = {
      format: 'jiawei-statement/1',
      kind: 'month',
      school: { name: school.name },
      committee: { name: committee.name, slug: committee.slug },
      month: period,
      publishedAt: ctx.now.toISOString(),
      funds,
      totals: {
        openingFen: funds.reduce((s, f) => s + f.openingFen, 0),
        closingFen: funds.reduce((s, f) => s + f.closingFen, 0),
      },
    }
    const row = await appendStatement(trx, ctx, committeeId, 'month', period, null, content)
    await closePeriod(trx, committeeId, period)
    return statementOut(row)
  })
}

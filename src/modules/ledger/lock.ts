import type { Trx } from '../../db/index.js'
import { RuleViolation } from '../../errors.js'
import * as repo from './repository.js'

/**
 * Proof that a transaction holds a fund for posting: the committee's books locked for share (so
 * no month can be published under it), then the fund's row for update (so postings of one fund run
 * one at a time and each sees the balances the previous left). Everything that moves money takes
 * the locks in this order, and so never deadlocks with another. postEntries requires one.
 */
export interface FundLock {
  readonly committeeId: string
  readonly planId: string
  /** The last published month of the committee, or null. */
  readonly publishedThrough: string | null
  readonly closed: boolean
}

export async function lockFund(trx: Trx, committeeId: string, planId: string, now: Date, opts: { allowClosed?: boolean } = {}): Promise<FundLock> {
  const books = await repo.lockBooks(trx, committeeId, 'share', now)
  const fund = await repo.lockFundRow(trx, committeeId, planId, now)
  if (fund.closed_at && !opts.allowClosed) {
    throw new RuleViolation(
      'fund-closed',
      `This plan's term was settled on ${fund.closed_at.toISOString().slice(0, 10)}; its books are closed. A later correction is an adjustment in the next term's fund, with a reason`,
    )
  }
  return { committeeId, planId, publishedThrough: books.published_through, closed: fund.closed_at !== null }
}

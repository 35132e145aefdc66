// The books of a committee as a whole: published months, and the figures a month's statement is
// made of. Statements (the module above) decide what a statement says; the ledger only answers.
import type { Db, Trx } from '../../db/index.js'
import type { Account, EntrySource } from '../../db/schema.js'
import type { FundLock } from './lock.js'
import * as repo from './repository.js'

/** The committee's books locked for publishing a month: no posting runs until the transaction ends. */
export async function lockBooksForPublishing(trx: Trx, committeeId: string, now: Date): Promise<{ publishedThrough: string | null }> {
  const books = await repo.lockBooks(trx, committeeId, 'update', now)
  return { publishedThrough: books.published_through }
}

/** Closes a month: from now on nothing is booked into it or before it (a database trigger refuses it too). */
export async function closePeriod(trx: Trx, committeeId: string, period: string): Promise<void> {
  await repo.setPublishedThrough(trx, committeeId, period)
}

export interface BookedLine {
  entryId: string
  planId: string
  source: EntrySource
  sourceId: string | null
  entryDate: string
  /** For a reversal: the date and source of the entry it reverses. */
  reversedDate: string | null
  reversedSource: EntrySource | null
  account: Account
  enrollmentId: string | null
  category: string | null
  amountFen: number
}

/** Everything booked in a committee's month, line by line. */
export async function linesBookedIn(db: Db | Trx, committeeId: string, period: string): Promise<BookedLine[]> {
  return (await repo.linesBookedIn(db, committeeId, period)).map((r) => ({
    entryId: r.entry_id,
    planId: r.plan_id,
    source: r.source_type,
    sourceId: r.source_id,
    entryDate: r.entry_date,
    reversedDate: r.reversed_date,
    reversedSource: r.reversed_source,
    account: r.account,
    enrollmentId: r.enrollment_id,
    category: r.category,
    amountFen: r.amount_fen,
  }))
}

/** Each fund's cash booked before a month, by plan id. */
export async function openingCash(db: Db | Trx, committeeId: string, period: string): Promise<Map<string, number>> {
  return new Map((await repo.cashBefore(db, committeeId, period)).map((r) => [r.plan_id, r.cash]))
}

/** The first month anything was booked in, or null. */
export const firstBookedPeriod = (db: Db | Trx, committeeId: string) => repo.firstPeriod(db, committeeId)

export async function fundsOfCommittee(db: Db | Trx, committeeId: string) {
  return (await repo.fundsOfCommittee(db, committeeId)).map((f) => ({ planId: f.plan_id, closedAt: f.closed_at }))
}

/** What each budget line of a fund has spent (through a month, if given): the balance of its expense account. */
export async function spentByCategory(db: Db | Trx, planId: string, throughPeriod?: string): Promise<Map<string, number>> {
  return new Map((await repo.accountBalances(db, { planId }, throughPeriod)).filter((r) => r.account === 'expense').map((r) => [r.category!, r.balance]))
}

export const publishedThrough = async (db: Db | Trx, committeeId: string) => (await repo.findBooks(db, committeeId))?.published_through ?? null

/** Closes a settled fund: nothing is booked into it any more but the payment of its refunds. */
export async function closeFund(trx: Trx, lock: FundLock, now: Date): Promise<void> {
  await repo.closeFundRow(trx, lock.planId, now)
}

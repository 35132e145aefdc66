// The ledger's service: the books as an accountant re-checks them. Money moves through the
// modules above (fees, payments, expenses…), each posting through postEntries.
import { INSIDERS } from '../../access.js'
import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import { formatYuan } from '../../money.js'
import { loadPlan } from '../plans/service.js'
import { ACCOUNTS } from './accounts.js'
import { trialBalance } from './balances.js'
import * as repo from './repository.js'

export { type Account, CASH_ACCOUNTS, cashAccount } from './accounts.js'
export { balancesThrough, type FamilyPosition, familyPositions, trialBalance } from './balances.js'
export {
  type BookedLine,
  closeFund,
  closePeriod,
  firstBookedPeriod,
  fundsOfCommittee,
  linesBookedIn,
  lockBooksForPublishing,
  openingCash,
  publishedThrough,
  spentByCategory,
} from './books.js'
export { type FundLock, lockFund } from './lock.js'
export { lastDayOf, nextPeriod, periodOf, periodsBetween, previousPeriod } from './periods.js'
export { type EntryLine, type NewEntry, type PostedEntry, postEntries } from './post-entry.js'
export { reverseEntry } from './reverse-entry.js'

/** The committee and the school (its reviewer and, where it collects, its finance office) read a fund's books. */
export const BOOK_READERS = [...INSIDERS, 'school-finance'] as const

export async function getJournal(db: Db, ctx: Ctx, planId: string) {
  await loadPlan(db, ctx, planId, { allowed: BOOK_READERS, action: "read the plan's books", seenBy: BOOK_READERS })
  const entries = await repo.entriesOfFund(db, planId)
  const lines = await repo.linesOfFund(db, planId)
  const byEntry = new Map<string, typeof lines>()
  for (const l of lines) byEntry.set(l.entry_id, [...(byEntry.get(l.entry_id) ?? []), l])
  return {
    planId,
    entries: entries.map((e) => ({
      id: e.id,
      seq: e.seq,
      date: e.entry_date,
      period: e.period,
      source: e.source_type,
      sourceId: e.source_id,
      description: e.description,
      reversesEntryId: e.reverses_entry_id,
      reason: e.reason,
      postedAt: e.posted_at,
      lines: (byEntry.get(e.id) ?? []).map((l) => ({
        account: l.account,
        accountName: ACCOUNTS[l.account].zh,
        enrollmentId: l.enrollment_id,
        category: l.category,
        amountFen: l.amount_fen,
      })),
    })),
  }
}

/** One row per line, so another tool can re-add the books: every entry's rows sum to zero. */
export async function getJournalCsvRows(db: Db, ctx: Ctx, planId: string) {
  const { entries } = await getJournal(db, ctx, planId)
  const header = [
    '凭证号',
    '日期',
    '入账月份',
    '摘要',
    '来源',
    '来源编号',
    '冲销凭证',
    '科目',
    '科目名称',
    '家庭（在托编号）',
    '支出类别',
    '金额（分）',
    '借方（元）',
    '贷方（元）',
  ]
  const rows = entries.flatMap((e) =>
    e.lines.map((l) => [
      e.seq,
      e.date,
      e.period,
      e.description,
      e.source,
      e.sourceId,
      e.reversesEntryId,
      l.account,
      l.accountName,
      l.enrollmentId,
      l.category,
      l.amountFen,
      l.amountFen > 0 ? formatYuan(l.amountFen) : '',
      l.amountFen < 0 ? formatYuan(-l.amountFen) : '',
    ]),
  )
  return { header, rows }
}

export async function getTrialBalance(db: Db, ctx: Ctx, planId: string) {
  await loadPlan(db, ctx, planId, { allowed: BOOK_READERS, action: "read the plan's books", seenBy: BOOK_READERS })
  return { planId, ...(await trialBalance(db, { planId })) }
}

// The SQL of the books: a committee's ledger, its funds, and the append-only journal.
import { type Insertable, sql } from 'kysely'
import type { Db, Trx } from '../../db/index.js'
import type { Account, JournalEntriesTable, JournalLinesTable } from '../../db/schema.js'

/** The committee's books, created on first use and locked: 'share' for posting, 'update' for publishing a month. */
export async function lockBooks(trx: Trx, committeeId: string, mode: 'share' | 'update', now: Date) {
  await trx
    .insertInto('ledger_books')
    .values({ committee_id: committeeId, published_through: null, created_at: now })
    .onConflict((oc) => oc.doNothing())
    .execute()
  const q = trx.selectFrom('ledger_books').selectAll().where('committee_id', '=', committeeId)
  return (mode === 'share' ? q.forShare() : q.forUpdate()).executeTakeFirstOrThrow()
}

export async function lockFundRow(trx: Trx, committeeId: string, planId: string, now: Date) {
  await trx
    .insertInto('funds')
    .values({ plan_id: planId, committee_id: committeeId, closed_at: null, created_at: now })
    .onConflict((oc) => oc.doNothing())
    .execute()
  return trx.selectFrom('funds').selectAll().where('plan_id', '=', planId).forUpdate().executeTakeFirstOrThrow()
}

export const findBooks = (db: Db | Trx, committeeId: string) => db.selectFrom('ledger_books').selectAll().where('committee_id', '=', committeeId).executeTakeFirst()

export const findFund = (db: Db | Trx, planId: string) => db.selectFrom('funds').selectAll().where('plan_id', '=', planId).executeTakeFirst()

const CHUNK = 1000

export async function insertEntries(trx: Trx, rows: Insertable<JournalEntriesTable>[]) {
  const ids: { id: string; period: string }[] = []
  for (let i = 0; i < rows.length; i += CHUNK)
    ids.push(
      ...(await trx
        .insertInto('journal_entries')
        .values(rows.slice(i, i + CHUNK))
        .returning(['id', 'period'])
        .execute()),
    )
  return ids
}

export async function insertLines(trx: Trx, rows: Insertable<JournalLinesTable>[]) {
  for (let i = 0; i < rows.length; i += CHUNK)
    await trx
      .insertInto('journal_lines')
      .values(rows.slice(i, i + CHUNK))
      .execute()
}

/** Each family's receivable and held credit in a fund (credit is a credit balance: reported positive). */
export async function familyBalances(db: Db | Trx, planId: string, enrollmentIds: string[]) {
  if (enrollmentIds.length === 0) return []
  return db
    .selectFrom('journal_lines')
    .select([
      'enrollment_id',
      sql<number>`coalesce(sum(amount_fen) FILTER (WHERE account = 'receivable'), 0)::bigint`.as('receivable'),
      sql<number>`coalesce(-sum(amount_fen) FILTER (WHERE account = 'family_credit'), 0)::bigint`.as('held'),
      sql<number>`coalesce(-sum(amount_fen) FILTER (WHERE account = 'refunds_payable'), 0)::bigint`.as('refunds_payable'),
    ])
    .where('plan_id', '=', planId)
    .where('enrollment_id', 'in', enrollmentIds)
    .groupBy('enrollment_id')
    .execute()
}

/** Every family of a fund with a non-zero balance on a family account. */
export const allFamilyBalances = (db: Db | Trx, planId: string) =>
  db
    .selectFrom('journal_lines')
    .select([
      'enrollment_id',
      sql<number>`coalesce(sum(amount_fen) FILTER (WHERE account = 'receivable'), 0)::bigint`.as('receivable'),
      sql<number>`coalesce(-sum(amount_fen) FILTER (WHERE account = 'family_credit'), 0)::bigint`.as('held'),
      sql<number>`coalesce(-sum(amount_fen) FILTER (WHERE account = 'refunds_payable'), 0)::bigint`.as('refunds_payable'),
    ])
    .where('plan_id', '=', planId)
    .where('enrollment_id', 'is not', null)
    .groupBy('enrollment_id')
    .execute()

/** Balances by account (and expense category) of one fund, or of every fund of a committee. */
export const accountBalances = (db: Db | Trx, scope: { planId: string } | { committeeId: string }, throughPeriod?: string) => {
  let q = db
    .selectFrom('journal_lines as l')
    .innerJoin('journal_entries as e', 'e.id', 'l.entry_id')
    .select(['l.account', 'l.category', sql<number>`sum(l.amount_fen)::bigint`.as('balance')])
    .groupBy(['l.account', 'l.category'])
  q = 'planId' in scope ? q.where('l.plan_id', '=', scope.planId) : q.where('e.committee_id', '=', scope.committeeId)
  if (throughPeriod) q = q.where('e.period', '<=', throughPeriod)
  return q.execute()
}

/** Entries whose lines do not sum to zero (there must never be any). */
export const unbalancedEntries = (db: Db | Trx, planId?: string) => {
  let q = db
    .selectFrom('journal_lines')
    .select(['entry_id', sql<number>`sum(amount_fen)::bigint`.as('total')])
    .groupBy('entry_id')
    .having(sql`sum(amount_fen)`, '<>', 0)
  if (planId) q = q.where('plan_id', '=', planId)
  return q.execute()
}

export const entriesOfFund = (db: Db | Trx, planId: string) =>
  db
    .selectFrom('journal_entries')
    .select(['id', 'seq', 'entry_date', 'period', 'source_type', 'source_id', 'description', 'reverses_entry_id', 'reason', 'created_by', 'posted_at'])
    .where('plan_id', '=', planId)
    .orderBy('seq')
    .execute()

export const linesOfFund = (db: Db | Trx, planId: string) =>
  db
    .selectFrom('journal_lines')
    .select(['entry_id', 'line_no', 'account', 'enrollment_id', 'category', 'amount_fen'])
    .where('plan_id', '=', planId)
    .orderBy('entry_id')
    .orderBy('line_no')
    .execute()

export const findEntry = (db: Db | Trx, entryId: string) => db.selectFrom('journal_entries').selectAll().where('id', '=', entryId).executeTakeFirst()

export const linesOfEntry = (db: Db | Trx, entryId: string) =>
  db.selectFrom('journal_lines').select(['line_no', 'account', 'enrollment_id', 'category', 'amount_fen']).where('entry_id', '=', entryId).orderBy('line_no').execute()

export const reversalOf = (db: Db | Trx, entryId: string) => db.selectFrom('journal_entries').select('id').where('reverses_entry_id', '=', entryId).executeTakeFirst()

export type LineRow = { account: Account; enrollment_id: string | null; category: string | null; amount_fen: number }

/** Every line booked in a committee's month, with its entry and, for a reversal, the date of what it reverses. */
export const linesBookedIn = (db: Db | Trx, committeeId: string, period: string) =>
  db
    .selectFrom('journal_entries as e')
    .innerJoin('journal_lines as l', 'l.entry_id', 'e.id')
    .leftJoin('journal_entries as o', 'o.id', 'e.reverses_entry_id')
    .select([
      'e.id as entry_id',
      'e.plan_id',
      'e.source_type',
      'e.source_id',
      'e.entry_date',
      'o.entry_date as reversed_date',
      'o.source_type as reversed_source',
      'l.account',
      'l.enrollment_id',
      'l.category',
      'l.amount_fen',
    ])
    .where('e.committee_id', '=', committeeId)
    .where('e.period', '=', period)
    .execute()

/** Cash of each fund of a committee booked before a month: the month's opening cash. */
export const cashBefore = (db: Db | Trx, committeeId: string, period: string) =>
  db
    .selectFrom('journal_entries as e')
    .innerJoin('journal_lines as l', 'l.entry_id', 'e.id')
    .select(['e.plan_id', sql<number>`sum(l.amount_fen)::bigint`.as('cash')])
    .where('e.committee_id', '=', committeeId)
    .where('e.period', '<', period)
    .where('l.account', 'in', ['cash:cash', 'cash:bank', 'cash:wechat', 'cash:alipay'])
    .groupBy('e.plan_id')
    .execute()

export const firstPeriod = async (db: Db | Trx, committeeId: string) =>
  (await db.selectFrom('journal_entries').select(sql<string | null>`min(period)`.as('first')).where('committee_id', '=', committeeId).executeTakeFirst())?.first ?? null

export const fundsOfCommittee = (db: Db | Trx, committeeId: string) => db.selectFrom('funds').selectAll().where('committee_id', '=', committeeId).execute()

export const setPublishedThrough = (trx: Trx, committeeId: string, period: string) =>
  trx.updateTable('ledger_books').set({ published_through: period }).where('committee_id', '=', committeeId).execute()

export const closeFundRow = (trx: Trx, planId: string, now: Date) => trx.updateTable('funds').set({ closed_at: now }).where('plan_id', '=', planId).execute()

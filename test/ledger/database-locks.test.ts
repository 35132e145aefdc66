// The second locks on the books (issue 15, STYLE 9/9b): whatever the code does, the database
// refuses to edit or delete money rows, to commit an entry that does not sum to zero, and to book
// into a published month; and the one posting door, postEntries, refuses an unbalanced entry
// before it sends any SQL. On PGlite and on PostgreSQL (TEST_DATABASE_URL).
import { sql } from 'kysely'
import t from 'tap'
import type { Trx } from '../../src/db/index.js'
import type { Account } from '../../src/db/schema.js'
import { UnbalancedEntry } from '../../src/modules/ledger/post-entry.js'
import { lockFund, type NewEntry, postEntries } from '../../src/modules/ledger/service.js'
import { expectStatus, moneyWorld } from '../money/world.js'

type Line = { account: Account; amountFen: number; enrollmentId?: string }

/** An entry written straight into the tables, line by line, the way only postEntries may. */
async function insertEntry(trx: Trx, e: { committeeId: string; planId: string; period: string; entryDate: string; lines: Line[] }) {
  const entry = await trx
    .insertInto('journal_entries')
    .values({
      committee_id: e.committeeId,
      plan_id: e.planId,
      entry_date: e.entryDate,
      period: e.period,
      source_type: 'adjustment',
      description: '绕过记账函数直接写入',
      posted_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  for (const [i, l] of e.lines.entries())
    await trx
      .insertInto('journal_lines')
      .values({ entry_id: entry.id, line_no: i + 1, plan_id: e.planId, account: l.account, enrollment_id: l.enrollmentId ?? null, category: null, amount_fen: l.amountFen })
      .execute()
  return entry.id
}

t.test('the database keeps the books', async (t) => {
  // September billed, paid twice (once reversed), leave credited once September has ended.
  const m = await moneyWorld(t, { students: ['王小明', '李小红'] })
  const { ta, w, planId, families } = m
  const [wang, li] = families as [(typeof families)[0], (typeof families)[0]]
  const db = ta.db
  await m.at('2026-09-01')
  await expectStatus(201, ta.as(w.tokens.treasurer).post(`/api/v1/plans/${planId}/billing-runs`, { period: '2026-09' }))
  const url = `/api/v1/committees/${w.committeeId}/payments`
  const paid = await expectStatus(
    201,
    ta.as(w.tokens.treasurer).post(url, { enrollmentId: wang.enrollmentId, amountFen: 30000, method: 'wechat', paidAt: '2026-09-01T08:00:00+08:00' }),
  )
  const wrong = await expectStatus(
    201,
    ta.as(w.tokens.treasurer).post(url, { enrollmentId: li.enrollmentId, amountFen: 20000, method: 'cash', paidAt: '2026-09-01T08:30:00+08:00' }),
  )
  await expectStatus(200, ta.as(w.tokens.treasurer).post(`/api/v1/payments/${wrong.id}/reverse`, { reason: '金额录错' }))
  await m.at('2026-09-10')
  await expectStatus(201, ta.as(li.token).post(`/api/v1/enrollments/${li.enrollmentId}/leave`, { from: '2026-09-14', to: '2026-09-15', reason: '病假' }))
  await m.at('2026-10-08')
  await expectStatus(201, ta.as(w.tokens.treasurer).post(`/api/v1/plans/${planId}/billing-runs`, { period: '2026-10' }))

  const counts = async () => {
    const n = async (table: 'journal_entries' | 'journal_lines' | 'audit_events') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    return { entries: await n('journal_entries'), lines: await n('journal_lines'), audit: await n('audit_events') }
  }
  const trialBalanced = async () => (await expectStatus(200, ta.as(w.tokens.auditor).get(`/api/v1/plans/${planId}/trial-balance`))).balanced

  await t.test('an UPDATE or a DELETE of a money row is refused by the database', async (t) => {
    // One column per table, "changed" to itself: the trigger refuses the statement, whatever it sets.
    const tables = {
      journal_entries: 'description',
      journal_lines: 'amount_fen',
      charges: 'amount_fen',
      payments: 'amount_fen',
      payment_allocations: 'amount_fen',
      payment_reversals: 'reason',
      leave_credits: 'amount_fen',
      leave_credit_months: 'credits',
    } as const
    for (const [table, column] of Object.entries(tables)) {
      const before = await sql`SELECT * FROM ${sql.table(table)} ORDER BY 1, 2`.execute(db)
      t.ok(before.rows.length > 0, `${table} has rows to try on`)
      await t.rejects(sql`UPDATE ${sql.table(table)} SET ${sql.ref(column)} = ${sql.ref(column)}`.execute(db), new RegExp(`${table} is append-only`), `UPDATE ${table} is refused`)
      await t.rejects(sql`DELETE FROM ${sql.table(table)}`.execute(db), new RegExp(`${table} is append-only`), `DELETE FROM ${table} is refused`)
      t.same((await sql`SELECT * FROM ${sql.table(table)} ORDER BY 1, 2`.execute(db)).rows, before.rows, `${table} is unchanged`)
    }
    // Through the query builder too, with a real change.
    await t.rejects(db.updateTable('journal_lines').set({ amount_fen: 1 }).where('plan_id', '=', planId).execute(), /append-only/, 'a journal line is never edited')
    await t.rejects(db.deleteFrom('payments').where('id', '=', paid.id).execute(), /append-only/, 'a payment is never deleted')
    t.ok(await trialBalanced())
  })

  await t.test('TRUNCATE of a money table is refused by the database (migration 0010)', async (t) => {
    for (const table of ['journal_lines', 'payment_allocations', 'leave_credit_months']) {
      let truncated = false
      const attempt = db.transaction().execute(async (trx) => {
        await sql`TRUNCATE ${sql.table(table)}`.execute(trx)
        truncated = true
        throw new Error('rolled back: the test never keeps a truncation')
      })
      await attempt.catch(() => {})
      t.notOk(truncated, `TRUNCATE ${table} is refused`)
    }
    t.ok(await trialBalanced(), 'rolled back either way')
  })

  await t.test('an unbalanced entry written with SQL, bypassing postEntries, is refused at commit', async (t) => {
    const before = await counts()
    const base = { committeeId: w.committeeId, planId, period: '2026-10', entryDate: '2026-10-08' }
    const cases: { name: string; lines: Line[] }[] = [
      { name: 'one line', lines: [{ account: 'cash:cash', amountFen: 100 }] },
      {
        name: 'two lines one fen apart',
        lines: [
          { account: 'cash:cash', amountFen: 100 },
          { account: 'receivable', amountFen: -99, enrollmentId: wang.enrollmentId },
        ],
      },
      {
        name: 'the last line forgotten',
        lines: [
          { account: 'receivable', amountFen: 500, enrollmentId: li.enrollmentId },
          { account: 'fee_income', amountFen: -300 },
        ],
      },
      { name: 'no line at all', lines: [] },
    ]
    for (const c of cases) {
      let written = false
      await t.rejects(
        db.transaction().execute(async (trx) => {
          await insertEntry(trx, { ...base, lines: c.lines })
          // Every row went in: the trigger is deferred to commit, when the entry is whole.
          written = true
        }),
        /journal entry .* is unbalanced/,
        `${c.name}: refused at commit`,
      )
      t.ok(written, `${c.name}: the rows were accepted one by one, and refused at commit`)
    }
    t.same(await counts(), before, 'nothing was written')

    // Told to check at once, the database refuses at the statement that leaves the entry unbalanced.
    await t.rejects(
      db.transaction().execute(async (trx) => {
        await sql`SET CONSTRAINTS ALL IMMEDIATE`.execute(trx)
        await insertEntry(trx, { ...base, lines: [{ account: 'cash:bank', amountFen: 100 }] })
      }),
      /unbalanced/,
      'SET CONSTRAINTS ALL IMMEDIATE: refused at the insert',
    )
    // Balanced, the same lines written one by one are accepted: the check is the whole entry's.
    await db.transaction().execute((trx) =>
      insertEntry(trx, {
        ...base,
        lines: [
          { account: 'cash:bank', amountFen: 100 },
          { account: 'receivable', amountFen: -60, enrollmentId: wang.enrollmentId },
          { account: 'receivable', amountFen: -40, enrollmentId: wang.enrollmentId },
        ],
      }),
    )
    t.same(await counts(), { ...before, entries: before.entries + 1, lines: before.lines + 3 }, 'a balanced entry goes in')
    t.ok(await trialBalanced())
  })

  await t.test('postEntries refuses an unbalanced entry before any SQL', async (t) => {
    const before = await counts()
    const ctx = { actor: null, requestId: 'database-locks-test', now: ta.clock.now() }
    const entry = (lines: NewEntry['lines'], description = '测试凭证'): NewEntry => ({ entryDate: '2026-10-08', sourceType: 'adjustment', description, lines })
    const balanced = entry([
      { account: 'cash:cash', amountFen: 100 },
      { account: 'fee_income', amountFen: -100 },
    ])
    const cases: { name: string; entries: NewEntry[]; error: RegExp | typeof UnbalancedEntry }[] = [
      {
        name: 'lines one fen apart',
        entries: [
          entry([
            { account: 'cash:cash', amountFen: 100 },
            { account: 'fee_income', amountFen: -99 },
          ]),
        ],
        error: UnbalancedEntry,
      },
      { name: 'a single line', entries: [entry([{ account: 'cash:cash', amountFen: 100 }])], error: UnbalancedEntry },
      {
        name: 'a balanced entry, then an unbalanced one: neither is written',
        entries: [
          balanced,
          entry([
            { account: 'receivable', amountFen: 30000, enrollmentId: wang.enrollmentId },
            { account: 'fee_income', amountFen: -29999 },
          ]),
        ],
        error: UnbalancedEntry,
      },
      {
        name: 'a line of 0 fen',
        entries: [
          entry([
            { account: 'cash:cash', amountFen: 0 },
            { account: 'fee_income', amountFen: 0 },
          ]),
        ],
        error: /a line of 0 fen/,
      },
      {
        name: 'a fraction of a fen',
        entries: [
          entry([
            { account: 'cash:cash', amountFen: 0.5 },
            { account: 'fee_income', amountFen: -0.5 },
          ]),
        ],
        error: /./,
      },
      {
        name: 'a receivable of no family',
        entries: [
          entry([
            { account: 'receivable', amountFen: 100 },
            { account: 'fee_income', amountFen: -100 },
          ]),
        ],
        error: /receivable needs family/,
      },
    ]
    await db.transaction().execute(async (trx) => {
      const lock = await lockFund(trx, w.committeeId, planId, ctx.now)
      for (const c of cases) {
        // The transaction handed to postEntries records every use: a refusal must not touch it.
        const used: string[] = []
        const watched = new Proxy(trx, {
          get(target, prop, receiver) {
            used.push(String(prop))
            return Reflect.get(target, prop, receiver)
          },
        })
        await t.rejects(postEntries(watched, ctx, lock, c.entries), c.error, `${c.name}: refused`)
        t.same(used, [], `${c.name}: before any SQL (the transaction was not used)`)
      }
      // The transaction is unharmed: no statement failed in it.
      t.ok(await trx.selectFrom('funds').select('plan_id').where('plan_id', '=', planId).executeTakeFirst(), 'the transaction still works')
    })
    t.same(await counts(), before, 'nothing was written, not even an audit event')
  })

  await t.test('a published month takes no entry; a late item is booked in the first open month', async (t) => {
    await db.updateTable('ledger_books').set({ published_through: '2026-09' }).where('committee_id', '=', w.committeeId).execute()
    const before = await counts()
    const lines: Line[] = [
      { account: 'cash:cash', amountFen: 100 },
      { account: 'receivable', amountFen: -100, enrollmentId: wang.enrollmentId },
    ]
    await t.rejects(
      db.transaction().execute((trx) => insertEntry(trx, { committeeId: w.committeeId, planId, period: '2026-09', entryDate: '2026-09-30', lines })),
      /period 2026-09 of committee .* is published/,
      'an entry into September, once published, is refused by the database',
    )
    await t.rejects(
      db.transaction().execute((trx) => insertEntry(trx, { committeeId: w.committeeId, planId, period: '2026-10', entryDate: '2026-11-02', lines })),
      /journal_entries_period_check/,
      'an entry is never booked into a month before its own date',
    )
    t.same(await counts(), before, 'nothing was written')
    // Through the services: a September payment recorded in October goes into October, dated the 30th.
    const late = await expectStatus(
      201,
      ta.as(await m.treasurer()).post(url, { enrollmentId: li.enrollmentId, amountFen: 30000, method: 'bank', paidAt: '2026-09-30T18:00:00+08:00' }),
    )
    const entry = await db.selectFrom('journal_entries').select(['period', 'entry_date']).where('id', '=', late.entryId).executeTakeFirstOrThrow()
    t.same(entry, { period: '2026-10', entry_date: '2026-09-30' }, 'a late September payment is booked in October, the first open month')
    t.ok(await trialBalanced())
  })
})

// Money under concurrency (issue 15), on PostgreSQL only: PGlite has one connection, so requests
// queue one after another and row locks never contend there. TEST_DATABASE_URL selects PostgreSQL.
//
// Each race was checked against the code with its lock removed, in a scratch copy of the tree
// (never in src/, never committed), on PostgreSQL 15; each test below failed there:
// - one Idempotency-Key: the plugin's claim removed (src/http/idempotency.ts, `if (claimed)` taken
//   as always true), so all 50 ran the service: 46 answered 201 (the service finds the payment by
//   its key once the first has committed) but 4, which had looked before that commit and then
//   waited on the fund lock, answered 409 possible-duplicate — still one payment, thanks to the
//   duplicate check, but not one answer: "every request answered 201" and "the same body" failed.
// - receipt numbers: the counter's row lock removed (src/modules/payments/repository.ts
//   nextReceiptSeq reading last_seq, then writing it + 1): 11 payments recorded, 9 answered 409
//   already-exists (payments_receipt_key: two funds took the same number).
// - billing runs: the fund's row lock removed (src/modules/ledger/repository.ts lockFundRow
//   without FOR UPDATE): 5 runs answered, 3 failed 409 already-exists
//   (charges_enrollment_period_key: two runs both found September unbilled).
// - payment, reversal and billing run, with the same fund lock removed: postEntries of concurrent
//   transactions settled a family from a position another had just changed; in 3 tries of 3 a
//   family ended owing 200 yuan and holding 100 at once (or 300 and 200): its books not in one shape.
import { sql } from 'kysely'
import t, { type Test } from 'tap'
import { testDatabaseUrl } from '../helpers/database.js'
import { insertApprovedPlan, insertEnrollment } from '../helpers/enrollment-fixtures.js'
import { expectStatus, type MoneyWorld, moneyWorld } from '../money/world.js'

const skip = testDatabaseUrl()
  ? false
  : 'PostgreSQL only: PGlite has one connection, so concurrent requests run one after another and row locks cannot contend; set TEST_DATABASE_URL'

const FEE = 30000

type Answer = Awaited<ReturnType<ReturnType<MoneyWorld['ta']['as']>['post']>>

const tally = (answers: Answer[]) => {
  const out: Record<string, number> = {}
  for (const a of answers) {
    const key = a.statusCode < 300 ? String(a.statusCode) : `${a.statusCode} ${a.json().code}`
    out[key] = (out[key] ?? 0) + 1
  }
  return out
}

/** The books of a fund are whole: every entry sums to zero, the trial balance is zero, each family owes or holds, never both. */
async function booksWhole(t: Test, m: MoneyWorld, planId = m.planId) {
  const unbalanced = await m.ta.db
    .selectFrom('journal_lines')
    .select(['entry_id', sql<number>`sum(amount_fen)::bigint`.as('total')])
    .groupBy('entry_id')
    .having(sql`sum(amount_fen)`, '<>', 0)
    .execute()
  t.same(unbalanced, [], 'every entry sums to zero')
  const trial = await expectStatus(200, m.ta.as(m.w.tokens.auditor).get(`/api/v1/plans/${planId}/trial-balance`))
  t.match(trial, { totalFen: 0, balanced: true }, 'the trial balance is zero')
  const positions = await m.ta.db
    .selectFrom('journal_lines')
    .select([
      'enrollment_id',
      sql<number>`coalesce(sum(amount_fen) FILTER (WHERE account = 'receivable'), 0)::bigint`.as('receivable'),
      sql<number>`coalesce(-sum(amount_fen) FILTER (WHERE account = 'family_credit'), 0)::bigint`.as('held'),
    ])
    .where('plan_id', '=', planId)
    .where('enrollment_id', 'is not', null)
    .groupBy('enrollment_id')
    .execute()
  const broken = positions.filter((p) => p.receivable < 0 || p.held < 0 || (p.receivable > 0 && p.held > 0))
  t.same(broken, [], 'every family owes or holds credit, never both, never below zero')
  return positions
}

t.test('50 concurrent identical payments with one Idempotency-Key make exactly one payment', { skip }, async (t) => {
  const m = await moneyWorld(t, { students: ['王小明'] })
  const { ta, w, planId } = m
  const wang = m.families[0]!
  await m.at('2026-09-01')
  await expectStatus(201, ta.as(w.tokens.treasurer).post(`/api/v1/plans/${planId}/billing-runs`, { period: '2026-09' }))
  const body = { enrollmentId: wang.enrollmentId, amountFen: FEE, method: 'wechat', paidAt: '2026-09-01T08:00:00+08:00', reference: '4200009999202609010800' }
  const headers = { 'idempotency-key': 'wang-2026-09-wechat-4200009999' }
  const answers = await Promise.all(Array.from({ length: 50 }, () => ta.as(w.tokens.treasurer).post(`/api/v1/committees/${w.committeeId}/payments`, body, { headers })))
  t.comment(`answers: ${JSON.stringify(tally(answers))}`)
  // The first request claims the key; the other 49 wait for its answer (up to 5 s) and replay it.
  t.same(tally(answers), { 201: 50 }, 'every request answered 201')
  t.equal(new Set(answers.map((a) => a.body)).size, 1, 'all with the same body: the one payment')
  t.equal(answers.filter((a) => a.headers['idempotent-replayed'] !== 'true').length, 1, 'one ran; 49 replayed its answer')
  const payments = await ta.db.selectFrom('payments').selectAll().execute()
  t.equal(payments.length, 1, 'one payment row')
  t.equal(payments[0]!.receipt_no, '2026-000001')
  t.equal((await ta.db.selectFrom('journal_entries').select('id').where('source_type', '=', 'payment').execute()).length, 1, 'one journal entry')
  t.match(await ta.db.selectFrom('receipt_counters').selectAll().executeTakeFirst(), { last_seq: 1 }, 'one receipt number taken')
  t.match((await expectStatus(200, ta.as(wang.token).get(`/api/v1/enrollments/${wang.enrollmentId}/account`))).balance, { owesFen: 0, creditFen: 0 }, 'September paid once')
  await booksWhole(t, m)
})

t.test('20 concurrent payments into two funds take 20 consecutive receipt numbers', { skip }, async (t) => {
  const m = await moneyWorld(t, { students: ['王小明', '李小红'] })
  const { ta, w } = m
  // A second plan of the same committee (its own fund, its own fund lock): receipt numbers are
  // the committee's, so only the counter's row lock keeps the two funds' payments apart.
  const planB = await insertApprovedPlan(ta.db, { committeeId: w.committeeId, termId: w.termId, createdBy: w.userIds.chair!, title: '三年级（2）班周末托管' })
  const inB = []
  for (const name of ['周小华', '吴小军'])
    inB.push(await insertEnrollment(ta.db, { planId: planB, guardianUserId: w.userIds.parent1!, student: { name, className: '三年级（2）班' }, startsOn: '2026-09-01' }))
  const payers = [...m.families.map((f) => f.enrollmentId), ...inB]
  await m.at('2026-09-02')
  const methods = ['cash', 'bank', 'wechat', 'alipay'] as const
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      ta.as(w.tokens.treasurer).post(
        `/api/v1/committees/${w.committeeId}/payments`,
        // Different amounts: not one family's double tap, so no confirmDuplicate is needed.
        { enrollmentId: payers[i % 4], amountFen: 1000 + i, method: methods[i % 4], paidAt: `2026-09-02T08:${String(i).padStart(2, '0')}:00+08:00` },
        { headers: { 'idempotency-key': `receipt-race-${i}` } },
      ),
    ),
  )
  t.same(tally(answers), { 201: 20 }, 'all 20 recorded')
  const numbers = answers.map((a) => a.json().receiptNo as string).sort()
  t.same(
    numbers,
    Array.from({ length: 20 }, (_, i) => `2026-${String(i + 1).padStart(6, '0')}`),
    '2026-000001 … 2026-000020: no gap, no duplicate',
  )
  const rows = await ta.db.selectFrom('payments').select(['receipt_seq', 'plan_id']).execute()
  t.equal(rows.length, 20)
  t.equal(new Set(rows.map((r) => r.receipt_seq)).size, 20, 'twenty different sequence numbers')
  t.equal(rows.filter((r) => r.plan_id === planB).length, 10, 'ten of them in the second fund')
  t.match(await ta.db.selectFrom('receipt_counters').selectAll().executeTakeFirst(), { year: 2026, last_seq: 20 })
  await booksWhole(t, m)
  await booksWhole(t, m, planB)
})

t.test('concurrent billing runs of one period charge each family once', { skip }, async (t) => {
  const m = await moneyWorld(t, { students: ['王小明', '李小红', '张低保', '赵晚来'], startsOn: { 赵晚来: '2026-09-14' } })
  const { ta, w, planId } = m
  const bill = (period: string) => ta.as(w.tokens.treasurer).post(`/api/v1/plans/${planId}/billing-runs`, { period })
  await m.at('2026-09-01')
  const sep = await Promise.all(Array.from({ length: 8 }, () => bill('2026-09')))
  t.same(tally(sep), { 201: 8 }, 'eight runs of September, all answered')
  t.equal(
    sep.reduce((s, a) => s + a.json().charged, 0),
    4,
    'four families charged in all',
  )
  t.equal(sep.filter((a) => a.json().charged > 0).length, 1, 'by one run; the others found them charged')
  await m.at('2026-09-25')
  const oct = await Promise.all([...Array.from({ length: 4 }, () => bill('2026-10')), ...Array.from({ length: 4 }, () => bill('2026-09'))])
  t.same(tally(oct), { 201: 8 })
  const charges = await ta.db.selectFrom('charges').select(['enrollment_id', 'period']).execute()
  t.equal(charges.length, 8, 'each family once for September and once for October')
  t.equal(new Set(charges.map((c) => `${c.enrollment_id} ${c.period}`)).size, 8)
  t.equal((await ta.db.selectFrom('journal_entries').select('id').where('source_type', '=', 'charge').execute()).length, 8, 'one charge entry each')
  await booksWhole(t, m)
})

t.test('payments racing reversals and a billing run leave the books whole', { skip }, async (t) => {
  const m = await moneyWorld(t, { students: ['王小明', '李小红', '张低保', '赵一', '钱二', '孙三'] })
  const { ta, w, planId } = m
  const treasurer = () => ta.as(w.tokens.treasurer)
  const url = `/api/v1/committees/${w.committeeId}/payments`
  const payers = m.families.filter((f) => !f.name.includes('低保'))
  await m.at('2026-09-01')
  await expectStatus(201, treasurer().post(`/api/v1/plans/${planId}/billing-runs`, { period: '2026-09' }))
  for (const f of payers) await expectStatus(201, treasurer().post(url, { enrollmentId: f.enrollmentId, amountFen: FEE, method: 'wechat', paidAt: '2026-09-01T08:00:00+08:00' }))

  // Each round: a family pays 100 yuan of next month ahead (held credit, which the billing run
  // would spend), then at once the advance is reversed (it bounced), 200 yuan come by another
  // channel, and the month is billed. 200 is payable in any order (the least the family may pay is
  // the month and the rest of the term less the advance: 300 − 100 in December), so every request
  // succeeds, and in any order the family ends owing 100 more each round and holding nothing.
  const ADVANCE = 10000
  const AGAIN = FEE - ADVANCE
  for (const [round, [month, day]] of (
    [
      ['2026-10', '2026-09-26'],
      ['2026-11', '2026-10-27'],
      ['2026-12', '2026-11-26'],
    ] as const
  ).entries()) {
    await t.test(`${month}: each family's advance is reversed while it pays again and the month is billed`, async (t) => {
      await m.at(day)
      const ahead = []
      for (const f of payers)
        ahead.push(await expectStatus(201, treasurer().post(url, { enrollmentId: f.enrollmentId, amountFen: ADVANCE, method: 'bank', paidAt: `${day}T08:00:00+08:00` })))
      const race = await Promise.all([
        ...ahead.map((p) => treasurer().post(`/api/v1/payments/${p.id}/reverse`, { reason: '银行退票' })),
        ...payers.map((f) => treasurer().post(url, { enrollmentId: f.enrollmentId, amountFen: AGAIN, method: 'alipay', paidAt: `${day}T08:30:00+08:00` })),
        treasurer().post(`/api/v1/plans/${planId}/billing-runs`, { period: month }),
      ])
      t.same(tally(race), { 200: payers.length, 201: payers.length + 1 }, 'every reversal, payment and the run answered')
      const positions = new Map((await booksWhole(t, m)).map((p) => [p.enrollment_id, p]))
      for (const f of m.families) {
        const owes = f.name.includes('低保') ? 0 : (round + 1) * (FEE - AGAIN)
        t.match(positions.get(f.enrollmentId) ?? { receivable: 0, held: 0 }, { receivable: owes, held: 0 }, `${f.name}: owes ${owes}, holds nothing`)
        const account = await expectStatus(200, ta.as(f.token).get(`/api/v1/enrollments/${f.enrollmentId}/account`))
        const owed = account.totals.chargedFen - account.totals.waivedFen - account.totals.leaveCreditsFen - account.totals.paidFen
        t.equal(account.balance.netFen, owed, `${f.name}: charges − waivers − credits − payments not reversed`)
      }
    })
  }
})

// Money races on PostgreSQL (issue 19), beside test/payments/concurrency.test.ts (payments, receipts,
// billing runs): expense approvals, statement publications and settlement confirmations for one
// committee, one term walked through all of them. PGlite has one connection, so requests queue
// there and row locks never contend: PostgreSQL only (TEST_DATABASE_URL).
//
// Each race was run once with the guard it relies on removed from src/ (then restored), on
// PostgreSQL 15; each failed:
// - the fund's row lock (src/modules/ledger/repository.ts lockFundRow without FOR UPDATE): one
//   expense got more than one answer other than expense-decided in each of three rounds, and the
//   budget race spent 4,000 yuan of a 3,000-yuan line (approvals read what was spent side by side).
// - the books' exclusive lock for publishing (lockBooks 'update' taken FOR SHARE): eight
//   publications of one month did not end one 201 and seven already-published, and the race of
//   October and November answered 500 three times (the share locks' upgrade deadlocked past retries).
// - the already-settled check under the locks in confirmSettlement removed: six confirmations did
//   not end one 200 and five already-settled.
// - the already-decided check under the fund lock in approveExpense removed: each round of six
//   decisions on one expense did not end one decision and five expense-decided.
import { sql } from 'kysely'
import t from 'tap'
import { testDatabaseUrl } from '../helpers/database.js'
import { expectStatus, moneyWorld } from '../money/world.js'
import { checkBooks } from './support.js'

const skip = testDatabaseUrl()
  ? false
  : 'PostgreSQL only: PGlite has one connection, so concurrent requests run one after another and row locks cannot contend; set TEST_DATABASE_URL'

const FEE = 30000

type Answer = { statusCode: number; json(): { code?: string } }
const tally = (answers: Answer[]) => {
  const out: Record<string, number> = {}
  for (const a of answers) {
    const key = a.statusCode < 300 ? String(a.statusCode) : `${a.statusCode} ${a.json().code}`
    out[key] = (out[key] ?? 0) + 1
  }
  return out
}
const shuffle = <T>(xs: T[]) =>
  xs
    .map((x, i) => [((i * 7919) % 13) + Math.random(), x] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, x]) => x)

t.test('expense approvals, statement publications and settlement confirmations race without lost, doubled or 500 answers', { skip }, async (t) => {
  const m = await moneyWorld(t, { students: ['王小明', '李小红', '张低保', '赵一', '钱二'] })
  const { ta, w, planId } = m
  const treasurer = () => ta.as(w.tokens.treasurer)
  const officer = (i: number) => ta.as(i % 2 === 0 ? w.tokens.chair : w.tokens.auditor)
  const expense = (category: string, amountFen: number, spentOn: string) =>
    expectStatus(
      201,
      treasurer().post(`/api/v1/committees/${w.committeeId}/expenses`, {
        planId,
        category,
        amountFen,
        payee: { kind: 'organisation', name: '平安保险' },
        spentOn,
        description: `${category} ${amountFen}`,
      }),
    )
  const spent = async (category: string) =>
    Number(
      (
        await ta.db
          .selectFrom('journal_lines')
          .select(sql<number>`coalesce(sum(amount_fen), 0)::bigint`.as('s'))
          .where('plan_id', '=', planId)
          .where('account', '=', 'expense')
          .where('category', '=', category)
          .executeTakeFirstOrThrow()
      ).s,
    )
  const pay = (enrollmentId: string, amountFen: number, paidAt: string) =>
    expectStatus(201, treasurer().post(`/api/v1/committees/${w.committeeId}/payments`, { enrollmentId, amountFen, method: 'wechat', paidAt, confirmDuplicate: true }))
  const bill = async (month: string) => {
    await m.at(`${month}-01`, { signIn: 'when-expiring' })
    await expectStatus(201, treasurer().post(`/api/v1/plans/${planId}/billing-runs`, { period: month }))
    for (const f of m.families) if (!f.name.includes('低保')) await pay(f.enrollmentId, FEE, `${month}-01T08:00:00+08:00`)
  }
  let races = 0

  await t.test('one expense approved and rejected by both officers at once: one decision, one posting', async (t) => {
    await bill('2026-09')
    await m.at('2026-09-10')
    // Approvals only, then approvals with a rejection among them, then half and half.
    for (const [round, [approvals, rejections]] of [
      [6, 0],
      [5, 1],
      [3, 3],
    ].entries()) {
      const e = await expense('活动材料', 12000 + round, '2026-09-09')
      const answers = await Promise.all(
        shuffle([
          ...Array.from({ length: approvals! }, (_, i) => officer(i).post(`/api/v1/expenses/${e.id}/approve`)),
          ...Array.from({ length: rejections! }, (_, i) => officer(i).post(`/api/v1/expenses/${e.id}/reject`, { reason: '票据不清' })),
        ]),
      )
      races += 1
      t.same(tally(answers), { 200: 1, '409 expense-decided': 5 }, `round ${round + 1}: one decision, five told it is decided`)
      const decisions = await ta.db.selectFrom('expense_decisions').selectAll().where('expense_id', '=', e.id).execute()
      t.equal(decisions.length, 1)
      const postings = await ta.db.selectFrom('journal_entries').select('id').where('source_type', '=', 'expense').where('source_id', '=', e.id).execute()
      t.equal(postings.length, decisions[0]!.decision === 'approved' ? 1 : 0, `round ${round + 1}: ${decisions[0]!.decision}, posted ${postings.length} time(s)`)
    }
    await checkBooks(t, ta.db)
  })

  await t.test("approvals of different expenses racing for a budget line's remainder never overspend it", async (t) => {
    // 保险 has 3,000 yuan; six expenses of 800 recorded (nothing approved yet, so each fits alone).
    const recorded = []
    for (let i = 0; i < 6; i++) recorded.push(await expense('保险', 80000, '2026-09-09'))
    const answers = await Promise.all(shuffle(recorded.map((e, i) => officer(i).post(`/api/v1/expenses/${e.id}/approve`))))
    races += 1
    t.same(tally(answers), { 200: 3, '422 over-budget': 3 }, 'three fit in the line, three are refused')
    t.equal(await spent('保险'), 240000, '2,400 of 3,000 yuan spent: never over the line')
    // A second wave: 600 left, four of 200 and one of 600 at once.
    const wave = [...(await Promise.all(Array.from({ length: 4 }, () => expense('保险', 20000, '2026-09-09')))), await expense('保险', 60000, '2026-09-09')]
    const second = await Promise.all(shuffle(wave.map((e, i) => officer(i).post(`/api/v1/expenses/${e.id}/approve`))))
    races += 1
    t.notOk(
      second.some((a) => a.statusCode >= 500),
      'no 500',
    )
    t.ok((await spent('保险')) <= 300000, `spent ${await spent('保险')} of 300000`)
    t.ok((await spent('保险')) >= 280000, 'and the line used as far as the approved ones go')
    // The refused ones are rejected, so nothing awaits approval at settlement.
    const open = await ta.db.selectFrom('expenses as e').leftJoin('expense_decisions as d', 'd.expense_id', 'e.id').select('e.id').where('d.expense_id', 'is', null).execute()
    for (const e of open) await expectStatus(200, ta.as(w.tokens.chair).post(`/api/v1/expenses/${e.id}/reject`, { reason: '超出预算' }))
    await checkBooks(t, ta.db)
  })

  await t.test('eight publications of one month: exactly one statement', async (t) => {
    await bill('2026-10')
    await m.at('2026-10-05')
    const answers = await Promise.all(Array.from({ length: 8 }, () => treasurer().post(`/api/v1/committees/${w.committeeId}/statements`, { period: '2026-09' })))
    races += 1
    t.same(tally(answers), { 201: 1, '409 already-published': 7 }, 'one published, seven told it is')
    const rows = await ta.db.selectFrom('statements').select(['period', 'seq']).where('committee_id', '=', w.committeeId).execute()
    t.same(rows, [{ period: '2026-09', seq: 1 }], 'one statement, the first link')
  })

  await t.test('publications of two consecutive months at once: each once, in order, the chain whole', async (t) => {
    await bill('2026-11')
    await m.at('2026-12-02', { signIn: 'when-expiring' })
    const answers = await Promise.all(
      shuffle([
        ...Array.from({ length: 4 }, () => treasurer().post(`/api/v1/committees/${w.committeeId}/statements`, { period: '2026-10' })),
        ...Array.from({ length: 4 }, () => treasurer().post(`/api/v1/committees/${w.committeeId}/statements`, { period: '2026-11' })),
      ]),
    )
    races += 1
    const counts = tally(answers)
    t.notOk(
      Object.keys(counts).some((k) => k.startsWith('5')),
      `no 500: ${JSON.stringify(counts)}`,
    )
    t.ok(counts['201']! >= 1 && counts['201']! <= 2, 'October once, November at most once')
    for (const k of Object.keys(counts)) t.ok(['201', '409 already-published', '422 publish-in-order'].includes(k), `${k}: an answer the rules give`)
    const left = await treasurer().post(`/api/v1/committees/${w.committeeId}/statements`, { period: '2026-11' })
    t.ok([201, 409].includes(left.statusCode), 'November published now if it was refused in the race')
    const rows = await ta.db.selectFrom('statements').select(['period', 'seq']).where('committee_id', '=', w.committeeId).orderBy('seq').execute()
    t.same(rows, [
      { period: '2026-09', seq: 1 },
      { period: '2026-10', seq: 2 },
      { period: '2026-11', seq: 3 },
    ])
    t.match(await expectStatus(200, ta.as(null).get(`/p/${w.slug}/statements/verify`)), { valid: true, statements: 3 }, 'the chain verifies')
  })

  await t.test('settlement: proposals and confirmations at once settle the term once, refunds posted once', async (t) => {
    await bill('2026-12')
    await m.at('2027-01-04')
    await expectStatus(201, treasurer().post(`/api/v1/committees/${w.committeeId}/statements`, { period: '2026-12' }))
    const preview = await expectStatus(200, treasurer().post(`/api/v1/plans/${planId}/settlement/preview`, {}))
    t.ok(preview.ready, preview.blockers.join('; '))
    const proposals = await Promise.all(Array.from({ length: 4 }, () => treasurer().post(`/api/v1/plans/${planId}/settlement`, {})))
    races += 1
    t.same(tally(proposals), { 201: 4 }, 'four proposals of the same figures, each answered')
    t.equal(new Set(proposals.map((p) => (p.json() as { sha256?: string }).sha256)).size, 1, 'all of the same figures')
    const confirms = await Promise.all(Array.from({ length: 6 }, (_, i) => officer(i).post(`/api/v1/plans/${planId}/settlement/confirm`)))
    races += 1
    t.same(tally(confirms), { 200: 1, '409 already-settled': 5 }, 'one confirmation settles it, five hear it is settled')
    t.equal((await ta.db.selectFrom('settlements').selectAll().execute()).length, 1, 'one settlement')
    const refunds = await ta.db.selectFrom('refunds').select(['enrollment_id', 'share_fen', 'held_fen']).execute()
    t.equal(refunds.length, preview.refunds.length, 'one refund per family')
    t.equal(new Set(refunds.map((r) => r.enrollment_id)).size, refunds.length)
    t.equal((await ta.db.selectFrom('journal_entries').select('id').where('source_type', '=', 'refund').execute()).length, preview.refunds.length, 'each refund posted once')
    t.equal(
      refunds.reduce((s, r) => s + r.share_fen + r.held_fen, 0),
      preview.refunds.reduce((s: number, r: { amountFen: number }) => s + r.amountFen, 0),
      'the refunds as previewed, to the fen',
    )
    t.match(await expectStatus(200, ta.as(null).get(`/p/${w.slug}/statements/verify`)), { valid: true, statements: 5 }, 'one settlement statement, the chain whole')
    await checkBooks(t, ta.db)
    t.comment(`${races} races`)
  })
})

t.test('a confirmation racing a payment reversal: one order or the other, never both', { skip }, async (t) => {
  const m = await moneyWorld(t, { students: ['王小明', '李小红', '赵一'], prefix: 'r' })
  const { ta, w, planId } = m
  const treasurer = () => ta.as(w.tokens.treasurer)
  const paid = []
  for (const month of ['2026-09', '2026-10', '2026-11', '2026-12']) {
    await m.at(`${month}-01`, { signIn: 'when-expiring' })
    await expectStatus(201, treasurer().post(`/api/v1/plans/${planId}/billing-runs`, { period: month }))
    for (const f of m.families)
      paid.push(
        await expectStatus(
          201,
          treasurer().post(`/api/v1/committees/${w.committeeId}/payments`, { enrollmentId: f.enrollmentId, amountFen: FEE, method: 'bank', paidAt: `${month}-01T08:00:00+08:00` }),
        ),
      )
  }
  await m.at('2027-01-04')
  for (const month of ['2026-09', '2026-10', '2026-11', '2026-12']) await expectStatus(201, treasurer().post(`/api/v1/committees/${w.committeeId}/statements`, { period: month }))
  const outcomes: string[] = []
  // Rounds until the confirmation wins (at most eight): each round proposes, then confirms while
  // a payment bounces. Reversal first: the family owes again, so the confirmation is refused
  // (settlement-changed or -blocked) and the treasurer collects it again; confirmation first: the
  // fund is closed and the reversal refused.
  for (let round = 0; round < 8; round++) {
    await expectStatus(201, treasurer().post(`/api/v1/plans/${planId}/settlement`, {}))
    const victim = paid[round]!
    // The confirmation does more before its transaction than the reversal: the reversal starts a
    // little later each round, so both orders come up.
    const [confirm, reversal] = await Promise.all([
      ta.as(round % 2 ? w.tokens.chair : w.tokens.auditor).post(`/api/v1/plans/${planId}/settlement/confirm`),
      new Promise((r) => setTimeout(r, round * 6)).then(() => treasurer().post(`/api/v1/payments/${victim.id}/reverse`, { reason: '银行退票' })),
    ])
    const outcome = `confirm ${confirm.statusCode} ${confirm.json().code ?? ''} / reverse ${reversal.statusCode} ${reversal.json().code ?? ''}`
    outcomes.push(outcome)
    const settledFirst = confirm.statusCode === 200 && reversal.statusCode === 422 && reversal.json().code === 'fund-closed'
    const reversedFirst =
      confirm.statusCode >= 400 && confirm.statusCode < 500 && ['settlement-changed', 'settlement-blocked'].includes(confirm.json().code!) && reversal.statusCode === 200
    t.ok(settledFirst || reversedFirst, `round ${round + 1}: ${outcome}`)
    await checkBooks(t, ta.db)
    if (settledFirst) break
    // Collected again, so the term can be proposed once more.
    await expectStatus(
      201,
      treasurer().post(`/api/v1/committees/${w.committeeId}/payments`, {
        enrollmentId: victim.enrollmentId,
        amountFen: FEE,
        method: 'cash',
        paidAt: '2027-01-04T08:00:00+08:00',
        confirmDuplicate: true,
      }),
    )
  }
  t.comment(outcomes.join('; '))
  const settled = await ta.db.selectFrom('settlements').selectAll().execute()
  t.equal(settled.length, 1, 'settled once in the end')
  const reversalsAfter = await ta.db
    .selectFrom('journal_entries as e')
    .innerJoin('funds as f', 'f.plan_id', 'e.plan_id')
    .select('e.id')
    .where('e.plan_id', '=', planId)
    .whereRef('e.posted_at', '>', 'f.closed_at')
    .where('e.source_type', '<>', 'refund')
    .execute()
  t.same(reversalsAfter, [], 'nothing but refunds booked after the fund closed')
})

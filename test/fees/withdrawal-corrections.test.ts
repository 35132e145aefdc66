// A charge made before a withdrawal that leaves it service days no longer in care — a month billed
// a week ahead, a termly plan's whole term, a month billed whole before care ends in it — is
// corrected, never edited: a correction entry against fee income (reason 'withdrawal'), once per
// charge whatever is retried (a unique key, migration 0011), by the charge's own partial-month
// rule. A paid charge's correction becomes the family's credit, refunded at settlement.
import { sql } from 'kysely'
import t from 'tap'
import { withdrawalCorrection } from '../../src/modules/fees/amounts.js'
import { testDatabaseUrl } from '../helpers/database.js'
import { expectStatus, type MoneyWorld, moneyWorld } from '../money/world.js'
import { extractText } from '../pdf/extract-text.js'

const FEE = 30000

async function serviceDates(m: MoneyWorld, month: string): Promise<string[]> {
  const cal = await expectStatus(200, m.ta.as(m.w.tokens.chair).get(`/api/v1/plans/${m.planId}/calendar?month=${month}`))
  return cal.days.filter((d: { isServiceDay: boolean }) => d.isServiceDay).map((d: { date: string }) => d.date)
}

const corrections = (m: MoneyWorld) =>
  m.ta.db
    .selectFrom('charge_corrections')
    .innerJoin('charges', 'charges.id', 'charge_corrections.charge_id')
    .select(['charge_corrections.enrollment_id', 'charges.period', 'charge_corrections.amount_fen', 'charge_corrections.waived_fen', 'charge_corrections.service_days'])
    .where('charge_corrections.plan_id', '=', m.planId)
    .execute()

async function trialBalance(m: MoneyWorld) {
  const trial = await expectStatus(200, m.ta.as(m.w.tokens.auditor).get(`/api/v1/plans/${m.planId}/trial-balance`))
  const by: Record<string, number> = {}
  for (const a of trial.accounts) by[a.account] = (by[a.account] ?? 0) + a.balanceFen
  return { ...trial, by }
}

t.test('the correction: the charge for the days still in care, by the charge’s own rule, never more than is still owed', async (t) => {
  const charge = { standardFen: FEE, amountFen: FEE, waivedFen: 0, serviceDays: 20, planServiceDays: 20, rule: 'service_days' as const }
  t.same(withdrawalCorrection(charge, 0, 0), { serviceDays: 0, amountFen: FEE, waivedFen: 0 }, 'no day left: the whole charge')
  t.same(
    withdrawalCorrection(charge, 7, 0),
    { serviceDays: 7, amountFen: FEE - Math.floor((FEE * 7) / 20), waivedFen: 0 },
    "7 of 20 days left: 'service_days' prorates, rounded down",
  )
  t.equal(withdrawalCorrection(charge, 20, 0), null, 'no day lost: nothing')
  t.equal(withdrawalCorrection({ ...charge, rule: 'none' }, 7, 0), null, "'none': a day left keeps the whole fee")
  t.same(withdrawalCorrection({ ...charge, rule: 'none' }, 0, 0), { serviceDays: 0, amountFen: FEE, waivedFen: 0 }, "'none': no day left, nothing owed")
  t.same(
    withdrawalCorrection({ ...charge, waivedFen: FEE }, 7, 0),
    { serviceDays: 7, amountFen: 19500, waivedFen: 19500 },
    'a waived charge: its waiver undone in step, the family still owes 0',
  )
  t.same(withdrawalCorrection(charge, 0, 29000), { serviceDays: 0, amountFen: 1000, waivedFen: 0 }, 'leave credits already took 290 yuan off: only the 10 still owed')
  t.equal(withdrawalCorrection(charge, 0, FEE), null, 'nothing still owed: nothing to give back')
  const part = { ...charge, amountFen: 10000, serviceDays: 7 }
  t.same(withdrawalCorrection(part, 3, 0), { serviceDays: 3, amountFen: 10000 - 4500, waivedFen: 0 }, 'a prorated charge: by the plan days it counted')
})

t.test('a month paid ahead, then withdrawn from: corrected once, in the account, the statement and the settlement preview', async (t) => {
  const m = await moneyWorld(t, { students: ['王小明', '李小红', '张低保'] })
  const { ta, w, planId, families } = m
  const [wang, li, zhang] = families as [(typeof families)[0], (typeof families)[0], (typeof families)[0]]
  const bill = async (period: string) => expectStatus(201, ta.as(await m.treasurer()).post(`/api/v1/plans/${planId}/billing-runs`, { period }))
  const withdraw = (f: (typeof families)[0], effectiveOn: string) => ta.as(f.token).post(`/api/v1/enrollments/${f.enrollmentId}/withdraw`, { effectiveOn, reason: '转学' })
  const account = async (f: (typeof families)[0]) => expectStatus(200, ta.as(f.token).get(`/api/v1/enrollments/${f.enrollmentId}/account`))

  await m.at('2026-09-01')
  await bill('2026-09')
  await m.at('2026-09-25')
  t.match(await bill('2026-10'), { charged: 3, withdrawalCorrections: { charges: 0, totalFen: 0 } }, 'October billed a week ahead')
  await m.at('2026-09-26')
  await expectStatus(
    201,
    ta
      .as(w.tokens.treasurer)
      .post(`/api/v1/committees/${w.committeeId}/payments`, { enrollmentId: wang.enrollmentId, amountFen: 2 * FEE, method: 'wechat', paidAt: '2026-09-26T08:30:00+08:00' }),
  )
  t.match((await account(wang)).balance, { owesFen: 0, creditFen: 0 }, '王 paid September and October')

  await m.at('2026-09-28')
  await expectStatus(200, withdraw(wang, '2026-10-01'))
  await expectStatus(200, withdraw(zhang, '2026-10-01'))
  const wangAccount = await account(wang)
  t.match(wangAccount.balance, { owesFen: 0, creditFen: FEE, netFen: -FEE }, 'the paid October charge is corrected into 王’s credit')
  t.match(
    wangAccount.charges.find((c: { period: string }) => c.period === '2026-10'),
    { amountFen: FEE, netFen: 0, correction: { reason: 'withdrawal', withdrawnOn: '2026-10-01', serviceDays: 0, amountFen: FEE, waivedFen: 0 } },
    'the charge stands, with its correction beside it',
  )
  t.equal(wangAccount.charges.find((c: { period: string }) => c.period === '2026-09').correction, null, 'September, in care, is not corrected')
  t.match(wangAccount.totals, { chargedFen: 2 * FEE, waivedFen: 0, withdrawalCreditFen: FEE, paidFen: 2 * FEE })
  const zhangAccount = await account(zhang)
  t.match(zhangAccount.balance, { owesFen: 0, creditFen: 0 }, 'the low-income family still owes 0, and holds nothing')
  t.match(zhangAccount.charges.find((c: { period: string }) => c.period === '2026-10').correction, { amountFen: FEE, waivedFen: FEE }, 'its charge and waiver are both undone')
  t.match(zhangAccount.totals, { withdrawalCreditFen: 0 })

  // Retried: the withdrawal answers 409 and corrects nothing again; billing finds nothing left.
  t.match((await withdraw(wang, '2026-10-01')).json(), { code: 'already-withdrawn' })
  t.match(await bill('2026-10'), { charged: 0, alreadyCharged: 3, withdrawalCorrections: { charges: 0 } })
  t.equal((await corrections(m)).length, 2, 'one correction per charge')

  const journal = await expectStatus(200, ta.as(w.tokens.auditor).get(`/api/v1/plans/${planId}/journal`))
  const entries = journal.entries.filter((e: { source: string }) => e.source === 'charge_correction')
  t.equal(entries.length, 2)
  for (const e of entries) {
    t.match(e, { date: '2026-10-01', period: '2026-10', reason: 'withdrawal', description: /10月托管费退托冲减/ }, 'dated with the charge it corrects, never before it')
    t.equal(
      e.lines.reduce((s: number, l: { amountFen: number }) => s + l.amountFen, 0),
      0,
      'it sums to zero',
    )
    t.ok(
      e.lines.some((l: { account: string; amountFen: number }) => l.account === 'fee_income' && l.amountFen === FEE),
      'against fee income',
    )
  }

  await m.at('2026-10-02')
  await expectStatus(201, ta.as(w.tokens.treasurer).post(`/api/v1/committees/${w.committeeId}/statements`, { period: '2026-09' }))
  await m.at('2026-10-26')
  t.match(await bill('2026-11'), { charged: 1, notInCare: 2, totalFen: FEE }, 'November: only 李, in care')
  // 李 then withdraws from 10 November: November was billed whole, and is corrected to its days.
  await m.at('2026-10-28')
  await expectStatus(200, withdraw(li, '2026-11-10'))
  const november = await serviceDates(m, '2026-11')
  const liDays = november.filter((d) => d < '2026-11-10').length
  const liNov = Math.floor((FEE * liDays) / november.length)
  t.match(
    (await account(li)).charges.find((c: { period: string }) => c.period === '2026-11'),
    { amountFen: FEE, netFen: liNov, correction: { serviceDays: liDays, amountFen: FEE - liNov, waivedFen: 0 } },
    `November prorated to its ${liDays} of ${november.length} service days in care`,
  )
  t.match((await account(li)).balance, { owesFen: 2 * FEE + liNov })
  t.equal(
    (await account(li)).balance.owesFen,
    (await account(li)).charges.reduce((s: number, c: { netFen: number }) => s + c.netFen, 0),
    'what it owes is its charges net of the correction',
  )

  const trial = await trialBalance(m)
  t.ok(trial.balanced, 'the books balance')
  t.equal(trial.totalFen, 0)
  t.equal(-trial.by.fee_income, 7 * FEE - (FEE + FEE + (FEE - liNov)), 'fee income: seven charges less what the corrections gave back')
  t.equal(trial.by.waivers, FEE, 'waivers: September’s stands, October’s undone')
  t.equal(-(trial.by.family_credit ?? 0), FEE, '王’s credit')

  await m.at('2026-11-02')
  await expectStatus(201, ta.as(w.tokens.treasurer).post(`/api/v1/committees/${w.committeeId}/statements`, { period: '2026-10' }))
  const doc = await expectStatus(200, ta.as(null).get(`/p/${w.slug}/statements/2026-10.json`))
  const fund = doc.statement.funds[0]
  t.match(fund.charges, { families: 3, amountFen: 3 * FEE }, 'October’s statement: the three charges made')
  t.match(fund.waivers, { families: 1, amountFen: FEE })
  t.same(fund.withdrawalCorrections, { families: 2, amountFen: 2 * FEE, waivedFen: FEE }, 'and the two corrected after the withdrawals, one of them waived')
  const csv = (await ta.as(null).get(`/p/${w.slug}/statements/2026-10.csv`)).body
  t.match(csv, /退托冲减,,,,2,600\.00/)
  t.match(csv, /其中冲回减免,,,,,300\.00/)
  const pdf = await ta.as(null).get(`/p/${w.slug}/statements/2026-10.pdf`)
  const text = await extractText(pdf.rawPayload)
  t.ok(text.includes('退托冲减（已收费的退托后服务日） 2 600.00'), 'the PDF shows the corrections')
  t.ok(text.includes('其中冲回减免 300.00'))
  const september = await expectStatus(200, ta.as(null).get(`/p/${w.slug}/statements/2026-09.json`))
  t.same(september.statement.funds[0].withdrawalCorrections, { families: 0, amountFen: 0, waivedFen: 0 }, 'September had none')

  const preview = await expectStatus(200, ta.as(w.tokens.treasurer).post(`/api/v1/plans/${planId}/settlement/preview`, {}))
  t.match(preview.totals, { chargedFen: 7 * FEE - (3 * FEE - liNov), waiversFen: FEE, paymentsFen: 2 * FEE }, 'settlement counts fees charged net of the corrections')
  t.match(
    preview.refunds.find((r: { enrollmentId: string }) => r.enrollmentId === wang.enrollmentId),
    { heldFen: FEE, paidFen: 2 * FEE, basisFen: FEE },
    '王’s credit is refunded at settlement, and it shares by what it paid for care',
  )
  t.same(
    preview.open.arrears.map((a: { enrollmentId: string; owedFen: number }) => [a.enrollmentId, a.owedFen]),
    [[li.enrollmentId, 2 * FEE + liNov]],
    'only 李 owes, September, October and its November days',
  )
})

t.test("a termly plan charged for the term: a withdrawal mid-term prorates it by the plan's rule", async (t) => {
  const TERM_FEE = 120000
  const m = await moneyWorld(t, { students: ['王小明', '张低保', '李小红'], plan: { billing: 'term', feeFen: TERM_FEE } })
  const { ta, planId, families } = m
  const [wang, zhang, li] = families as [(typeof families)[0], (typeof families)[0], (typeof families)[0]]
  await m.at('2026-08-26')
  t.match(await expectStatus(201, ta.as(await m.treasurer()).post(`/api/v1/plans/${planId}/billing-runs`, { period: 'term' })), { charged: 3, totalFen: 3 * TERM_FEE })
  await m.at('2026-10-20')
  for (const f of [wang, zhang]) await expectStatus(200, ta.as(f.token).post(`/api/v1/enrollments/${f.enrollmentId}/withdraw`, { effectiveOn: '2026-11-02', reason: '搬家' }))
  const term = (await Promise.all(['2026-09', '2026-10', '2026-11', '2026-12'].map((mo) => serviceDates(m, mo)))).flat()
  const inCare = term.filter((d) => d < '2026-11-02').length
  const kept = Math.floor((TERM_FEE * inCare) / term.length)
  t.ok(inCare > 0 && inCare < term.length)
  const rows = await corrections(m)
  t.same(
    rows.map((r) => [r.enrollment_id, r.period, r.amount_fen, r.waived_fen, r.service_days]).sort(),
    [
      [wang.enrollmentId, 'term', TERM_FEE - kept, 0, inCare],
      [zhang.enrollmentId, 'term', TERM_FEE - kept, TERM_FEE - kept, inCare],
    ].sort(),
    `the term charge kept for ${inCare} of ${term.length} service days in care (fee × days ÷ the plan's, rounded down)`,
  )
  const wangAccount = await expectStatus(200, ta.as(wang.token).get(`/api/v1/enrollments/${wang.enrollmentId}/account`))
  t.match(wangAccount.balance, { owesFen: kept })
  t.match(wangAccount.charges, [{ period: 'term', amountFen: TERM_FEE, netFen: kept, correction: { amountFen: TERM_FEE - kept, serviceDays: inCare } }])
  t.match((await expectStatus(200, ta.as(zhang.token).get(`/api/v1/enrollments/${zhang.enrollmentId}/account`))).balance, { owesFen: 0, creditFen: 0 })
  t.match((await expectStatus(200, ta.as(li.token).get(`/api/v1/enrollments/${li.enrollmentId}/account`))).balance, { owesFen: TERM_FEE }, 'a family still in care owes the term')
  const journal = await expectStatus(200, ta.as(m.w.tokens.auditor).get(`/api/v1/plans/${planId}/journal`))
  t.match(
    journal.entries.filter((e: { source: string }) => e.source === 'charge_correction').map((e: { date: string }) => e.date),
    ['2026-10-20', '2026-10-20'],
    'the term started long ago: the correction is dated the day the withdrawal was recorded',
  )
  t.match(
    await expectStatus(201, ta.as(await m.treasurer()).post(`/api/v1/plans/${planId}/billing-runs`, { period: 'term' })),
    { charged: 0, withdrawalCorrections: { charges: 0 } },
    'billed again: nothing twice',
  )
  const trial = await trialBalance(m)
  t.ok(trial.balanced)
  t.equal(-trial.by.fee_income, 3 * TERM_FEE - 2 * (TERM_FEE - kept))
  t.equal(trial.by.waivers, kept, 'the low-income family’s waiver: what it is still charged')
})

t.test('billing corrects, once, a charge a withdrawal left standing (one recorded before corrections existed), even when runs race', async (t) => {
  const m = await moneyWorld(t, { students: ['王小明', '李小红'] })
  const { ta, w, planId, families } = m
  const [wang] = families as [(typeof families)[0]]
  const bill = async (period: string) => expectStatus(201, ta.as(await m.treasurer()).post(`/api/v1/plans/${planId}/billing-runs`, { period }))
  await m.at('2026-09-01')
  await bill('2026-09')
  await m.at('2026-09-25')
  await bill('2026-10')
  // A withdrawal from before migration 0011, when nothing corrected the charge: written as it was.
  await ta.db.updateTable('enrollments').set({ status: 'withdrawn', withdrawn_on: '2026-10-01', withdraw_reason: '转学' }).where('id', '=', wang.enrollmentId).execute()
  const owed = async () => (await expectStatus(200, ta.as(wang.token).get(`/api/v1/enrollments/${wang.enrollmentId}/account`))).balance.owesFen
  t.equal(await owed(), 2 * FEE, 'October still stands')

  // Runs at once (they race on PostgreSQL; the fund's lock and the unique key keep it to one).
  const runs = await Promise.all([0, 1, 2, 3].map(() => ta.as(w.tokens.treasurer).post(`/api/v1/plans/${planId}/billing-runs`, { period: '2026-10' })))
  t.same(
    runs.map((r) => r.statusCode),
    [201, 201, 201, 201],
  )
  t.same(runs.map((r) => r.json().withdrawalCorrections.charges).sort(), [0, 0, 0, 1], 'exactly one run corrects it')
  t.equal(await owed(), FEE, 'now 王 owes September only')
  t.match(await bill('2026-10'), { withdrawalCorrections: { charges: 0 } })
  t.same(
    (await corrections(m)).map((c) => [c.period, c.amount_fen, c.service_days]),
    [['2026-10', FEE, 0]],
  )

  // The database's own guards: once per charge, never beyond the charge, never edited.
  const charge = async (period: string) =>
    (await ta.db.selectFrom('charges').select(['id', 'entry_id']).where('enrollment_id', '=', wang.enrollmentId).where('period', '=', period).executeTakeFirstOrThrow())!
  const oct = await charge('2026-10')
  const sep = await charge('2026-09')
  const insert = (c: { id: string; entry_id: string }, amount: number) =>
    sql`INSERT INTO charge_corrections (plan_id, enrollment_id, charge_id, reason, withdrawn_on, service_days, amount_fen, entry_id)
      VALUES (${planId}, ${wang.enrollmentId}, ${c.id}, 'withdrawal', '2026-10-01', 0, ${amount}, ${c.entry_id})`.execute(ta.db)
  await t.rejects(insert(oct, 1), /charge_corrections_charge_key/, 'a second correction of a charge is refused by the database')
  await t.rejects(insert(sep, FEE + 1), /goes beyond the charge/, 'a correction beyond its charge is refused')
  await t.rejects(sql`UPDATE charge_corrections SET amount_fen = 1`.execute(ta.db), /charge_corrections is append-only/, 'corrections are append-only')
  await t.rejects(sql`TRUNCATE charge_corrections`.execute(ta.db), /charge_corrections is append-only/, 'and cannot be truncated')
  const trial = await trialBalance(m)
  t.ok(trial.balanced)
})

t.test(
  'withdrawals racing the billing run of the month they leave: no family owes for it, each charge corrected once',
  { skip: testDatabaseUrl() ? false : 'PostgreSQL only: on PGlite requests run one after another (the retries above cover it there)' },
  async (t) => {
    const students = ['一号', '二号', '三号', '四号', '五号', '六号']
    const m = await moneyWorld(t, { students })
    const { ta, w, planId, families } = m
    await m.at('2026-09-25')
    // Nobody was charged before: a withdrawal that finds no charge leaves the fund alone, so a
    // charge committed just after it is the next run's to correct.
    const answers = await Promise.all([
      ta.as(w.tokens.treasurer).post(`/api/v1/plans/${planId}/billing-runs`, { period: '2026-10' }),
      ...families.map((f) => ta.as(f.token).post(`/api/v1/enrollments/${f.enrollmentId}/withdraw`, { effectiveOn: '2026-10-01', reason: '转学' })),
    ])
    t.same(
      answers.map((a) => a.statusCode),
      [201, ...families.map(() => 200)],
    )
    const again = await expectStatus(201, ta.as(w.tokens.treasurer).post(`/api/v1/plans/${planId}/billing-runs`, { period: '2026-10' }))
    const charged = await ta.db.selectFrom('charges').select('id').where('plan_id', '=', planId).execute()
    const rows = await corrections(m)
    t.equal(rows.length, charged.length, `each of the ${charged.length} October charges made is corrected, once (${again.withdrawalCorrections.charges} by the second run)`)
    for (const f of families) t.equal((await expectStatus(200, ta.as(f.token).get(`/api/v1/enrollments/${f.enrollmentId}/account`))).balance.owesFen, 0, `${f.name} owes nothing`)
    t.ok((await trialBalance(m)).balanced)
  },
)

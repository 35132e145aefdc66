import t from 'tap'
import { expectStatus, moneyWorld } from '../money/world.js'

t.test('a term billed month by month: every family in care at the standard, the low-income family waived, nothing charged twice', async (t) => {
  const m = await moneyWorld(t)
  const { ta, planId, families } = m
  const [wang, li, zhang] = families as [(typeof families)[0], (typeof families)[0], (typeof families)[0]]
  const bill = async (period: string) => ta.as(await m.treasurer()).post(`/api/v1/plans/${planId}/billing-runs`, { period })

  await m.at('2026-08-24')
  t.match((await bill('2026-09')).json(), { code: 'billing-too-early' }, 'not more than a week ahead')
  await m.at('2026-08-26')
  const sep = await expectStatus(201, bill('2026-09'))
  t.match(sep, { period: '2026-09', charged: 3, totalFen: 90000, waivedFen: 30000, alreadyCharged: 0 })
  t.equal(sep.planServiceDays, 22, 'September 2026: 22 weekdays, less 中秋 (Fri 25th), plus the 调休 Sunday 20th')
  const again = await expectStatus(201, bill('2026-09'))
  t.match(again, { charged: 0, alreadyCharged: 3, totalFen: 0 }, 'a second run charges nobody again')
  t.equal((await ta.db.selectFrom('charges').select('id').execute()).length, 3, 'three charges in the database')

  const account = async (f: (typeof families)[0]) => expectStatus(200, ta.as(f.token).get(`/api/v1/enrollments/${f.enrollmentId}/account`))
  t.match((await account(wang)).balance, { owesFen: 30000, creditFen: 0 }, 'a family owes the standard')
  t.match((await account(zhang)).balance, { owesFen: 0, creditFen: 0 }, 'the low-income family owes 0')
  t.match((await account(zhang)).charges[0], { amountFen: 30000, waivedFen: 30000, netFen: 0 }, 'charged at the standard and waived in full')

  t.equal((await ta.as(wang.token).get(`/api/v1/enrollments/${li.enrollmentId}/account`)).statusCode, 404, "another family's account is 404")
  t.equal((await ta.as(m.w.tokens.parent1).post(`/api/v1/plans/${planId}/billing-runs`, { period: '2026-10' })).statusCode, 404, 'a parent does not learn the books exist')
  t.equal((await ta.as(m.w.tokens.chair).post(`/api/v1/plans/${planId}/billing-runs`, { period: '2026-10' })).statusCode, 403, 'the chair does not bill')

  for (const [period, code] of [
    ['2027-01', 'period-outside-term'],
    ['term', 'period-invalid'],
    ['2026-08', 'period-outside-term'],
  ] as const) {
    const res = await bill(period)
    t.equal(res.json().code, code, `${period}: ${code}`)
  }

  const trial = await expectStatus(200, ta.as(m.w.tokens.auditor).get(`/api/v1/plans/${planId}/trial-balance`))
  t.equal(trial.totalFen, 0)
  t.ok(trial.balanced)
  t.match(Object.fromEntries(trial.accounts.map((a: { account: string; balanceFen: number }) => [a.account, a.balanceFen])), {
    receivable: 60000,
    fee_income: -90000,
    waivers: 30000,
  })
})

t.test('a family that starts mid-month pays for its service days; the "none" rule charges the whole month', async (t) => {
  const prorated = await moneyWorld(t, { students: ['晚来'], startsOn: { 晚来: '2026-09-14' } })
  await prorated.at('2026-09-01')
  const run = await expectStatus(201, prorated.ta.as(await prorated.treasurer()).post(`/api/v1/plans/${prorated.planId}/billing-runs`, { period: '2026-09' }))
  // 14–30 Sep: 13 weekdays, less 中秋 (25th), plus the 调休 Sunday 20th = 13 of the month's 22.
  t.equal(run.totalFen, Math.floor((30000 * 13) / 22), 'fee × family days ÷ plan days, rounded down')
  const whole = await moneyWorld(t, { students: ['晚来'], startsOn: { 晚来: '2026-09-14' }, plan: { partialMonth: 'none' }, prefix: 'w' })
  await whole.at('2026-09-01')
  const full = await expectStatus(201, whole.ta.as(await whole.treasurer()).post(`/api/v1/plans/${whole.planId}/billing-runs`, { period: '2026-09' }))
  t.equal(full.totalFen, 30000, 'the whole fee under the "none" rule')
})

t.test('no charge above the approved standard, even written straight into the database', async (t) => {
  const m = await moneyWorld(t, { students: ['王小明'] })
  await m.at('2026-09-01')
  await expectStatus(201, m.ta.as(await m.treasurer()).post(`/api/v1/plans/${m.planId}/billing-runs`, { period: '2026-09' }))
  const charge = await m.ta.db.selectFrom('charges').selectAll().executeTakeFirstOrThrow()
  const { id: _, ...row } = charge
  await t.rejects(
    m.ta.db
      .insertInto('charges')
      .values({ ...row, period: '2026-10', standard_fen: 30001, amount_fen: 30001 })
      .execute(),
    /not the approved fee/,
    'a standard that is not the approved fee',
  )
  await t.rejects(
    m.ta.db
      .insertInto('charges')
      .values({ ...row, period: '2026-10', amount_fen: 30001 })
      .execute(),
    /charges_amount_check/,
    'an amount above the standard',
  )
  await t.rejects(m.ta.db.insertInto('charges').values(row).execute(), /charges_enrollment_period_key/, 'a second charge of the same month')
  await t.rejects(m.ta.db.updateTable('charges').set({ amount_fen: 1 }).execute(), /append-only/, 'a charge is never edited')
})

import t from 'tap'
import { expectStatus, moneyWorld } from '../money/world.js'

t.test('leave credits: booked once the month has ended, only once, never to a family that owes nothing', async (t) => {
  const m = await moneyWorld(t, { plan: { subsidy: { ratePerDayFen: 100, basis: 'enrolled' } } })
  const { ta, w, planId, families } = m
  const [wang, li, zhang] = families as [(typeof families)[0], (typeof families)[0], (typeof families)[0]]
  const bill = (period: string) => expectStatus(201, ta.as(w.tokens.treasurer).post(`/api/v1/plans/${planId}/billing-runs`, { period }))
  const account = async (f: (typeof families)[0]) => expectStatus(200, ta.as(f.token).get(`/api/v1/enrollments/${f.enrollmentId}/account`))
  await m.at('2026-09-01')
  await bill('2026-09')
  await expectStatus(
    201,
    ta
      .as(w.tokens.treasurer)
      .post(`/api/v1/committees/${w.committeeId}/payments`, { enrollmentId: li.enrollmentId, amountFen: 30000, method: 'wechat', paidAt: '2026-09-01T08:00:00+08:00' }),
  )
  await m.at('2026-09-10')
  for (const f of [li, zhang])
    await expectStatus(201, ta.as(f.token).post(`/api/v1/enrollments/${f.enrollmentId}/leave`, { from: '2026-09-14', to: '2026-09-16', reason: '回老家' }))

  await m.at('2026-09-28')
  const oct = await bill('2026-10')
  t.same(oct.leaveCreditsBooked, [], 'September has not ended: nothing credited yet')
  await m.at('2026-10-08')
  const again = await bill('2026-10')
  t.same(again.leaveCreditsBooked, [{ period: '2026-09', families: 1, totalFen: 1008 }], 'three leave days × 3.36 yuan, booked once September has ended')
  t.same((await bill('2026-10')).leaveCreditsBooked, [], 'and only once')
  const liAccount = await account(li)
  t.same(liAccount.leaveCredits, [{ period: '2026-09', leaveDays: 3, amountFen: 1008 }])
  t.match(liAccount.balance, { owesFen: 30000 - 1008 }, 'paid September in full: the credit paid part of October')
  t.same((await account(zhang)).leaveCredits, [], 'the low-income family owes 0, so gets no leave credit')
  t.same((await account(wang)).leaveCredits, [], 'no leave, no credit')

  // Arrears: September was due on 16 September and October (billed 28 September) on 13 October;
  // by 20 October Wang has paid nothing and Li not the rest of October.
  await m.at('2026-10-20')
  const arrears = await expectStatus(200, ta.as(w.tokens.treasurer).get(`/api/v1/plans/${planId}/arrears`))
  t.equal(arrears.families, 2)
  t.match(arrears.items[0], { student: { name: '王小明' }, owedFen: 60000, overdueFen: 60000, oldestUnpaidPeriod: '2026-09', dueOn: '2026-09-16', daysOverdue: 34 })
  t.match(arrears.items[1], { student: { name: '李小红' }, owedFen: 28992, overdueFen: 28992, oldestUnpaidPeriod: '2026-10', dueOn: '2026-10-13', daysOverdue: 7 })
  const csv = await ta.as(w.tokens.auditor).get(`/api/v1/plans/${planId}/arrears.csv`)
  t.ok(csv.body.startsWith('\uFEFF学生,班级,监护人'), 'CSV with a BOM and Chinese headers')
  t.ok(csv.body.includes('王小明'))
  t.equal((await ta.as(wang.token).get(`/api/v1/plans/${planId}/arrears`)).statusCode, 404, 'never shown to parents')
  t.equal((await ta.as(null).get(`/api/v1/plans/${planId}/arrears`)).statusCode, 401)

  // The subsidy claim of September: 3 students × 22 service days × 1 yuan.
  const claim = await expectStatus(200, ta.as(w.tokens.treasurer).get(`/api/v1/plans/${planId}/subsidy-claim?month=2026-09`))
  t.match(claim, { studentDays: 66, totalFen: 6600, basis: 'enrolled', received: null })
  t.equal(claim.students.length, 3)
  t.equal((await ta.as(li.token).get(`/api/v1/plans/${planId}/subsidy-claim?month=2026-09`)).statusCode, 404, 'not for parents')
  const outside = await ta.as(w.tokens.treasurer).get(`/api/v1/plans/${planId}/subsidy-claim?month=2027-03`)
  t.match(outside.json(), { status: 422, code: 'period-outside-term', errors: [{ path: 'querystring.month' }] }, 'the query parameter named as validation names it')
  const pdf = await ta.as(w.tokens.reviewer).get(`/api/v1/plans/${planId}/subsidy-claim.pdf?month=2026-09`)
  t.equal(pdf.headers['content-type'], 'application/pdf', 'the school gets the PDF for the authority')
  const url = `/api/v1/committees/${w.committeeId}/subsidies`
  const body = { planId, month: '2026-09', amountFen: 6600, method: 'bank', receivedOn: '2026-10-19' }
  t.match((await ta.as(w.tokens.treasurer).post(url, { ...body, amountFen: 6601 })).json(), { code: 'subsidy-above-claim' })
  const received = await expectStatus(201, ta.as(w.tokens.treasurer).post(url, body))
  t.match(received, { amountFen: 6600, claimedFen: 6600, bookedIn: '2026-10' })
  t.equal((await ta.as(w.tokens.treasurer).post(url, body)).statusCode, 409, 'once per month')
  const trial = await expectStatus(200, ta.as(w.tokens.auditor).get(`/api/v1/plans/${planId}/trial-balance`))
  t.ok(trial.balanced)
  t.match(Object.fromEntries(trial.accounts.map((a: { account: string; balanceFen: number }) => [a.account, a.balanceFen])), { subsidy_income: -6600, leave_credits: 1008 })
  // Later runs bill later months for the same families: September is never credited again.
  await m.at('2026-10-26')
  await bill('2026-11')
  await m.at('2026-11-26')
  await bill('2026-12')
  t.equal((await account(li)).leaveCredits.length, 1, 'still one credit for September after November and December are billed')
})

t.test('the day rate, only for runs of consecutive leave days', async (t) => {
  const m = await moneyWorld(t, { students: ['王小明', '李小红'], plan: { leaveCredit: { kind: 'day_rate', minConsecutiveDays: 3 } } })
  const { ta, w, planId, families } = m
  const [wang, li] = families as [(typeof families)[0], (typeof families)[0]]
  await m.at('2026-09-01')
  await expectStatus(201, ta.as(w.tokens.treasurer).post(`/api/v1/plans/${planId}/billing-runs`, { period: '2026-09' }))
  await m.at('2026-09-10')
  await expectStatus(201, ta.as(wang.token).post(`/api/v1/enrollments/${wang.enrollmentId}/leave`, { from: '2026-09-14', to: '2026-09-16', reason: '病假' }))
  await expectStatus(201, ta.as(li.token).post(`/api/v1/enrollments/${li.enrollmentId}/leave`, { from: '2026-09-14', to: '2026-09-15', reason: '病假' }))
  await m.at('2026-10-08')
  const run = await expectStatus(201, ta.as(w.tokens.treasurer).post(`/api/v1/plans/${planId}/billing-runs`, { period: '2026-10' }))
  // 300 yuan ÷ 22 service days = 13.63 yuan a day (rounded down to the fen) × 3 days.
  t.same(run.leaveCreditsBooked, [{ period: '2026-09', families: 1, totalFen: Math.floor(30000 / 22) * 3 }], 'a run of three counts; a run of two does not')
})

import t from 'tap'
import { proposeStaffPayExpense } from '../../src/modules/payroll/service.js'
import { at, createStaffUser, expectOk } from '../attendance/helpers.js'
import { build, seedWorld } from '../helpers/app.js'
import { insertApprovedPlan } from '../helpers/enrollment-fixtures.js'
import { hire } from '../staff/helpers.js'

const TERM = { name: '2026年秋季学期', startsOn: '2026-09-01', endsOn: '2026-12-31' }

t.test("a month's pay per contract, from the duty records: hourly, per session, monthly; nothing after a termination", async (t) => {
  const ta = await build(t, {}, { now: '2026-08-20' })
  const w = await seedWorld(ta, 'pay', { term: TERM })
  const planId = await insertApprovedPlan(ta.db, { committeeId: w.committeeId, termId: w.termId, createdBy: w.userIds.chair! })
  const zhao = await createStaffUser(ta, w, 'pay-zhao', '赵敏')
  const qian = await createStaffUser(ta, w, 'pay-qian', '钱芳')
  const sun = await createStaffUser(ta, w, 'pay-sun', '孙丽')
  const hourly = await hire(ta, w, zhao, planId, { startsOn: '2026-09-01', endsOn: '2026-12-31', payType: 'hourly', rateFen: 5050 })
  const session = await hire(ta, w, qian, planId, { startsOn: '2026-09-01', endsOn: '2026-12-31', payType: 'session', rateFen: 8000 })
  const monthly = await hire(ta, w, sun, planId, { startsOn: '2026-09-10', endsOn: '2026-12-31', payType: 'monthly', rateFen: 185050 })

  // The chair records each day's duty in the evening, on the staff's behalf.
  const duty = (staffId: string, date: string, event: 'sign_in' | 'sign_out', hm: string) =>
    expectOk(201, ta.as(w.tokens.chair).post(`/api/v1/plans/${planId}/sessions/${date}/staff-duty`, { staffId, event, at: at(date, hm) }))
  const day = async (date: string, shifts: [string, string, string | null][]) => {
    ta.clock.set(`${date}T20:00:00+08:00`)
    for (const [staffId, from, to] of shifts) {
      await duty(staffId, date, 'sign_in', from)
      if (to) await duty(staffId, date, 'sign_out', to)
    }
  }
  await day('2026-09-10', [
    [zhao.staffId, '16:20', '18:05'],
    [qian.staffId, '16:25', '18:00'],
  ])
  await day('2026-09-11', [
    [zhao.staffId, '16:20', '18:00'],
    [qian.staffId, '16:25', '18:00'],
  ])
  await day('2026-09-14', [[zhao.staffId, '16:20', null]])
  // Dismissed from the 15th.
  await expectOk(
    200,
    ta.as(w.tokens.chair).post(`/api/v1/contracts/${hourly.id}/terminate`, { effectiveOn: '2026-09-15', ground: 'not_competent', reason: '多次未按规定交接学生' }),
  )
  ta.clock.set('2026-09-16T20:00:00+08:00')
  const refused = await ta
    .as(w.tokens.chair)
    .post(`/api/v1/plans/${planId}/sessions/2026-09-16/staff-duty`, { staffId: zhao.staffId, event: 'sign_in', at: at('2026-09-16', '16:20') })
  t.equal(refused.json().code, 'staff-not-eligible', 'no duty after the termination')
  // A record that got in anyway (written straight into the table, as an import of old records
  // could): it is shown as unpaid, never paid.
  await ta.db
    .insertInto('staff_duty_records')
    .values({
      committee_id: w.committeeId,
      plan_id: planId,
      service_date: '2026-09-16',
      staff_id: zhao.staffId,
      event: 'sign_in',
      at: new Date(at('2026-09-16', '16:20')),
      recorded_by: w.userIds.chair!,
      created_at: new Date(),
    })
    .execute()

  ta.clock.set('2026-10-02')
  const pay = await expectOk(200, ta.as(w.tokens.treasurer).get(`/api/v1/committees/${w.committeeId}/staff-pay?month=2026-09`))
  t.equal(pay.monthComplete, true)
  const of = (id: string) => pay.contracts.find((c: { contractId: string }) => c.contractId === id)
  t.match(of(hourly.id), {
    staffName: '赵敏',
    payType: 'hourly',
    period: { from: '2026-09-01', to: '2026-09-14' },
    sessions: 2,
    minutes: 205,
    totalFen: 17254, // 50.50 yuan × 205 / 60 = 172.5417 → 172.54
    totalInCapitals: '人民币壹佰柒拾贰元伍角肆分',
  })
  t.same(
    of(hourly.id).lines.map((l: { date: string; quantity: number; amountFen: number }) => [l.date, l.quantity, l.amountFen]),
    [
      ['2026-09-10', 105, 8837],
      ['2026-09-11', 100, 8417],
    ],
    'the lines share the total by their minutes and add up to it',
  )
  t.same(
    of(hourly.id).pending.map((p: { date: string }) => p.date),
    ['2026-09-14'],
    'a shift not signed out waits',
  )
  t.match(of(session.id), { payType: 'session', sessions: 2, totalFen: 16000 })
  t.match(of(monthly.id), { payType: 'monthly', period: { from: '2026-09-10', to: '2026-09-30' }, days: 21, totalFen: 129535 }) // 1850.50 × 21/30
  t.equal(pay.totalFen, 17254 + 16000 + 129535)
  t.same(
    pay.unpaidDuty.map((u: { date: string; staffId: string }) => [u.date, u.staffId]),
    [['2026-09-16', zhao.staffId]],
    'the day after the termination is not paid',
  )
  t.notOk(
    of(hourly.id).lines.some((l: { date: string }) => l.date >= '2026-09-15'),
    'no line after the termination',
  )

  const october = await expectOk(200, ta.as(w.tokens.reviewer).get(`/api/v1/committees/${w.committeeId}/staff-pay?month=2026-10`))
  t.same(
    october.contracts.map((c: { contractId: string; totalFen: number }) => [c.contractId, c.totalFen]).sort(),
    [
      [session.id, 0],
      [monthly.id, 185050],
    ].sort(),
    'the dismissed staff member has no pay in October; the monthly contract a whole month',
  )
  t.equal(october.monthComplete, false)

  // Who sees it.
  t.equal((await ta.as(w.tokens.parent1).get(`/api/v1/committees/${w.committeeId}/staff-pay?month=2026-09`)).statusCode, 403)
  for (const month of ['0000-10', '0999-12', '2101-01']) {
    const odd = await ta.as(w.tokens.treasurer).get(`/api/v1/committees/${w.committeeId}/staff-pay?month=${month}`)
    t.match(odd.json(), { status: 400, code: 'validation-failed', errors: [{ path: 'querystring.month' }] }, `${month} is refused as input, not a 500`)
  }
  t.equal((await ta.as(zhao.token).get(`/api/v1/committees/${w.committeeId}/staff-pay?month=2026-09`)).statusCode, 404)
  const other = await seedWorld(ta, 'pay-x', { term: TERM })
  t.equal((await ta.as(other.tokens.chair).get(`/api/v1/committees/${w.committeeId}/staff-pay?month=2026-09`)).statusCode, 404)
  t.equal((await ta.as(w.tokens.chair).get(`/api/v1/committees/${w.committeeId}/staff-pay?month=2026-13`)).statusCode, 400)

  // The seam for issue 16's expenses: what the expense will say, nothing written yet.
  const ctx = { actor: { userId: w.userIds.treasurer! } as never, requestId: 'test', now: ta.clock.now() }
  const proposal = await proposeStaffPayExpense(ta.db, ctx, { committeeId: w.committeeId, month: '2026-09', contractId: session.id, category: '人员劳务' })
  t.same(proposal, {
    committeeId: w.committeeId,
    planId,
    category: '人员劳务',
    amountFen: 16000,
    payee: '钱芳',
    dueOn: '2026-10-10',
    description: `2026-09 托管服务人员劳务费（${session.contractNo}）`,
    source: { kind: 'staff-contract', contractId: session.id, contractNo: session.contractNo, month: '2026-09' },
  })
  await t.rejects(proposeStaffPayExpense(ta.db, ctx, { committeeId: w.committeeId, month: '2026-09', contractId: hourly.id, category: '人员劳务' }), { code: 'shifts-open' })
  await t.rejects(proposeStaffPayExpense(ta.db, ctx, { committeeId: w.committeeId, month: '2026-10', contractId: monthly.id, category: '人员劳务' }), { code: 'month-not-over' })
})

t.test("staff pay names one of its plan's hiring contracts, never another committee's", async (t) => {
  const ta = await build(t, {}, { now: '2026-08-20' })
  const w = await seedWorld(ta, 'payc', { term: TERM })
  const planId = await insertApprovedPlan(ta.db, { committeeId: w.committeeId, termId: w.termId, createdBy: w.userIds.chair! })
  const mine = await hire(ta, w, await createStaffUser(ta, w, 'payc-qian', '钱芳'), planId, { startsOn: '2026-09-01', endsOn: '2026-12-31', payType: 'session', rateFen: 8000 })
  const other = await seedWorld(ta, 'payc-x', { term: TERM })
  const otherPlan = await insertApprovedPlan(ta.db, { committeeId: other.committeeId, termId: other.termId, createdBy: other.userIds.chair! })
  const theirs = await hire(ta, other, await createStaffUser(ta, other, 'payc-x-li', '李华'), otherPlan, { startsOn: '2026-09-01', endsOn: '2026-12-31' })
  ta.clock.set('2026-10-09T18:00:00+08:00')
  const expense = (contractId: string) =>
    ta.as(w.tokens.treasurer).post(`/api/v1/committees/${w.committeeId}/expenses`, {
      planId,
      category: '人员劳务',
      amountFen: 16000,
      method: 'bank',
      spentOn: '2026-10-09',
      payee: { kind: 'person', role: '托管服务人员劳务费' },
      description: '9月托管服务人员劳务费',
      contractId,
    })
  for (const [contractId, what] of [
    [theirs.id, "another committee's contract"],
    ['00000000-0000-4000-8000-000000000000', 'a contract that does not exist'],
  ]) {
    const refused = await expense(contractId!)
    t.equal(refused.statusCode, 422, what)
    t.match(refused.json(), { code: 'contract-not-of-plan', errors: [{ path: 'body.contractId' }] })
  }
  t.equal(
    Number((await ta.db.selectFrom('expenses').select(ta.db.fn.countAll<number>().as('n')).where('committee_id', '=', w.committeeId).executeTakeFirstOrThrow()).n),
    0,
    'nothing recorded',
  )
  t.match((await expectOk(201, expense(mine.id))) as object, { contractId: mine.id })
  // The database holds the reference too, whoever writes the row.
  await t.rejects(
    ta.db
      .insertInto('expenses')
      .values({
        committee_id: w.committeeId,
        plan_id: planId,
        category: '人员劳务',
        amount_fen: 100,
        method: 'bank',
        payee: 'x',
        payee_kind: 'organisation',
        spent_on: '2026-10-09',
        description: 'x',
        recorded_by: w.userIds.treasurer!,
        contract_id: '00000000-0000-4000-8000-000000000000',
      } as never)
      .execute(),
    { code: '23503' },
  )
})

t.test("proposeStaffPayExpense: a month's pay under a contract becomes one expense awaiting approval, once", async (t) => {
  const ta = await build(t, {}, { now: '2026-08-20' })
  const w = await seedWorld(ta, 'payx', { term: TERM })
  const planId = await insertApprovedPlan(ta.db, { committeeId: w.committeeId, termId: w.termId, createdBy: w.userIds.chair! })
  const qian = await createStaffUser(ta, w, 'payx-qian', '钱芳')
  const contract = await hire(ta, w, qian, planId, { startsOn: '2026-09-01', endsOn: '2026-12-31', payType: 'session', rateFen: 8000 })
  for (const date of ['2026-09-10', '2026-09-11']) {
    ta.clock.set(`${date}T20:00:00+08:00`)
    for (const [event, hm] of [
      ['sign_in', '16:25'],
      ['sign_out', '18:00'],
    ] as const)
      await expectOk(201, ta.as(w.tokens.chair).post(`/api/v1/plans/${planId}/sessions/${date}/staff-duty`, { staffId: qian.staffId, event, at: at(date, hm) }))
  }
  const url = `/api/v1/committees/${w.committeeId}/staff-pay/expenses`
  const body = { month: '2026-09', contractId: contract.id }
  ta.clock.set('2026-09-30T12:00:00+08:00')
  t.equal((await ta.as(w.tokens.treasurer).post(url, body)).json().code, 'month-not-over')
  ta.clock.set('2026-10-09T18:00:00+08:00')
  const other = await seedWorld(ta, 'payx-o', { term: TERM })
  t.equal((await ta.as(other.tokens.treasurer).post(url, body)).statusCode, 404, "another committee's treasurer: 404")
  t.equal((await ta.as(w.tokens.parent1).post(url, body)).statusCode, 403, 'a parent: 403')
  t.equal((await ta.as(w.tokens.chair).post(url, body)).statusCode, 403, 'the chair approves, the treasurer proposes')
  const headers = { 'idempotency-key': 'pay-2026-09-qian' }
  const expense = await expectOk(201, ta.as(w.tokens.treasurer).post(url, body, { headers }))
  t.match(expense, {
    planId,
    category: '人员劳务',
    amountFen: 16000,
    contractId: contract.id,
    payMonth: '2026-09',
    spentOn: '2026-10-09',
    status: 'pending',
    payee: { kind: 'person', role: '托管服务人员劳务费', name: '钱芳' },
  })
  t.equal((await ta.as(w.tokens.treasurer).post(url, body, { headers })).json().id, expense.id, 'a retry with its key replays it')
  const again = await ta.as(w.tokens.treasurer).post(url, body)
  t.equal(again.statusCode, 409)
  t.equal(again.json().code, 'pay-already-proposed', 'a month is paid once')
  await expectOk(200, ta.as(w.tokens.auditor).post(`/api/v1/expenses/${expense.id}/reject`, { reason: '金额待核对' }))
  const second = await expectOk(201, ta.as(w.tokens.treasurer).post(url, body))
  t.not(second.id, expense.id, 'a rejected proposal may be made again')
  const approved = await expectOk(200, ta.as(w.tokens.auditor).post(`/api/v1/expenses/${second.id}/approve`))
  t.equal(approved.status, 'approved', 'approved like any other expense: posted')
  t.equal((await ta.as(w.tokens.treasurer).post(url, body)).json().code, 'pay-already-proposed', 'and once approved, it stands')
})

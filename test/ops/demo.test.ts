import t from 'tap'
import { MovableClock } from '../../src/china-time.js'
import { loadConfig } from '../../src/config.js'
import { DEMO_PASSWORD, loadDemoData } from '../../src/demo.js'
import { build, loginAs } from '../helpers/app.js'

const config = loadConfig({ LOG_LEVEL: 'silent' })

t.test('demo data: loaded once into an empty database, every printed login works, a term in progress on 1 December 2026', async (t) => {
  const ta = await build(t, {}, { now: '2026-12-01T12:00:00+08:00' })
  const demo = await loadDemoData({ config, db: ta.db, realClock: new MovableClock('2026-12-01T12:00:00+08:00') })
  t.ok(demo)
  for (const u of demo!.users) {
    const token = await loginAs(ta, u.login, DEMO_PASSWORD)
    t.equal((await ta.as(token).get('/api/v1/me')).statusCode, 200, `${u.login} signs in`)
  }
  const { planId } = demo as unknown as { planId: string }
  const treasurer = ta.as(await loginAs(ta, 'treasurer', DEMO_PASSWORD))
  const plan = (await treasurer.get(`/api/v1/plans/${planId}`)).json()
  t.equal(plan.approvedVersion, 1, 'the demo plan is approved by the school')
  const enrollments = (await treasurer.get(`/api/v1/plans/${planId}/enrollments`)).json().items
  t.same(enrollments.map((e: { status: string }) => e.status).sort(), ['active', 'active', 'active', 'active', 'awaiting_agreement'], 'four families signed, one still to sign')
  const accounts = new Map<string, { balance: { owesFen: number }; charges: unknown[]; leaveCredits: unknown[]; payments: { method: string }[] }>()
  for (const e of enrollments) accounts.set(e.student.name, (await treasurer.get(`/api/v1/enrollments/${e.id}/account`)).json())
  t.equal(accounts.get('刘小明')!.charges.length, 4, 'September to December billed')
  t.equal(accounts.get('刘小明')!.balance.owesFen, 0, 'paid up by WeChat')
  t.ok(accounts.get('刘小明')!.payments.every((p) => p.method === 'wechat'))
  t.ok(
    accounts.get('孙小刚')!.payments.every((p) => p.method === 'bank'),
    'another family pays by bank transfer',
  )
  t.equal(accounts.get('孙小刚')!.leaveCredits.length, 1, 'with a leave credit for September')
  t.equal(accounts.get('赵小红')!.balance.owesFen, 0, 'the low-income family owes nothing')
  t.equal(accounts.get('周小丽')!.balance.owesFen, 120000, 'one family owes four months')
  const arrears = (await treasurer.get(`/api/v1/plans/${planId}/arrears`)).json()
  t.same(
    arrears.items.map((i: { student: { name: string } }) => i.student.name),
    ['周小丽'],
    'and is in arrears',
  )
  t.ok((await treasurer.get(`/api/v1/plans/${planId}/trial-balance`)).json().balanced, 'the books balance')
  const published = (await ta.as(null).get(`/p/${demo!.slug}/statements`)).json()
  t.same(
    published.items.map((i: { period: string }) => i.period),
    ['2026-09', '2026-10', '2026-11'],
    'the past months are published: the public page shows a real ledger',
  )
  t.match((await ta.as(null).get(`/p/${demo!.slug}/statements/verify`)).json(), { valid: true, statements: 3 })

  // The staff chapters: a contract signed by both, her duty paid each month as an expense, a closed survey, renewal.
  const chair = ta.as(await loginAs(ta, 'chair', DEMO_PASSWORD))
  const { staff } = demo as unknown as { staff: { contractId: string; surveyId: string } }
  const contract = (await chair.get(`/api/v1/contracts/${staff.contractId}`)).json()
  t.match(contract, { staffName: '周老师', status: 'active' }, 'in force this term')
  t.same(contract.signatures.map((s: { party: string }) => s.party).sort(), ['chair', 'staff'], 'signed by both')
  const results = (await chair.get(`/api/v1/surveys/${staff.surveyId}/results`)).json()
  t.match(results, { status: 'closed', shown: true, answers: 6 }, 'three families and three of the four students answered')
  const decisions = (await chair.get(`/api/v1/contracts/${staff.contractId}/renewal-decisions`)).json()
  t.match(decisions.items, [{ decision: 'renew', surveyId: staff.surveyId }])
  const pay = (await chair.get(`/api/v1/committees/${plan.committeeId}/staff-pay?month=2026-10`)).json()
  t.ok(pay.contracts[0].sessions >= 15, `${pay.contracts[0].sessions} sessions in October`)
  t.equal(pay.contracts[0].totalFen, 2000 * pay.contracts[0].sessions, '20 yuan a session')
  const expenses = (await treasurer.get(`/api/v1/plans/${planId}/expenses?limit=100`)).json().items as {
    category: string
    amountFen: number
    contractId: string | null
    status: string
  }[]
  const staffPay = expenses.filter((e) => e.contractId === staff.contractId)
  t.equal(staffPay.length, 2, 'September and October paid (November is paid on the 9th)')
  t.ok(
    staffPay.some((e) => e.amountFen === pay.totalFen && e.status === 'approved'),
    "October's pay is what her duty records say",
  )

  const page = await ta.as(null).get(`/p/${demo!.slug}`)
  t.equal(page.statusCode, 200, 'the printed public page exists')
  const before = await ta.db.selectFrom('users').select(ta.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  await loadDemoData({ config, db: ta.db, realClock: ta.clock })
  const after = await ta.db.selectFrom('users').select(ta.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  t.equal(Number(after.n), Number(before.n), 'a second start adds nothing')
})

t.test('demo data loads on whatever day it is started', async (t) => {
  const ta = await build(t)
  t.ok(await loadDemoData({ config, db: ta.db, realClock: ta.clock }))
})

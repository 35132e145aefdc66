import t from 'tap'
import { MovableClock } from '../../src/china-time.js'
import { loadConfig } from '../../src/config.js'
import { DEMO_PASSWORD, loadDemoData } from '../../src/demo.js'
import { ensureAdmin } from '../../src/modules/accounts/service.js'
import { build, loginAs } from '../helpers/app.js'

const config = loadConfig({ LOG_LEVEL: 'silent' })
// Each test tells the whole story (two terms, through the API): minutes on a loaded machine.
t.setTimeout(300_000)

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
  const { spring } = demo as unknown as { spring: { planId: string; settled: boolean; refundsPaid: number } }
  t.same(
    published.items.map((i: { kind: string; period: string }) => (i.kind === 'settlement' ? 'settlement' : i.period)),
    ['2026-03', '2026-04', '2026-05', '2026-06', '2026-07', 'settlement', '2026-08', '2026-09', '2026-10', '2026-11'],
    'the past months are published, and the spring term settled among them: the public page shows a real ledger',
  )
  t.match((await ta.as(null).get(`/p/${demo!.slug}/statements/verify`)).json(), { valid: true, statements: 10 })

  // The past term: settled, the surplus shared among the three families who paid, two refunds paid.
  t.match(spring, { settled: true, refundsPaid: 2 })
  const refunds = (await treasurer.get(`/api/v1/plans/${spring.planId}/refunds`)).json()
  t.equal(refunds.items.length, 3, 'the three families who paid get a share; the waived family paid nothing')
  t.equal(refunds.unpaid, 1, 'one refund still to pay')
  const settlement = (await ta.as(null).get(`/p/${demo!.slug}/statements/settlement-${spring.planId}`)).json()
  t.notMatch(JSON.stringify(settlement), /刘小明|孙小刚|周小丽|赵小红/, 'the public settlement names no family')
  const springTrial = (await treasurer.get(`/api/v1/plans/${spring.planId}/trial-balance`)).json()
  t.ok(springTrial.balanced, 'the spring books balance')
  const shares = refunds.items.reduce((s: number, r: { amountFen: number }) => s + r.amountFen, 0)
  // 3 × 1,300 yuan paid − 2 days' leave (6.72) − 3,646 yuan spent = 247.28 shared, plus the leave credit returned.
  t.equal(shares, 24728 + 672, 'the surplus and the held leave credit, to the fen')

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
  t.match(page.body, '2026年春季学期结算</strong> 结余 247.28 元 · 退还 3 户 254.00 元', 'the settled term on the public page, with what went back to families')
  const before = await ta.db.selectFrom('users').select(ta.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  await loadDemoData({ config, db: ta.db, realClock: ta.clock })
  const after = await ta.db.selectFrom('users').select(ta.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  t.equal(Number(after.n), Number(before.n), 'a second start adds nothing')
})

t.test('demo data loads on whatever day it is started', async (t) => {
  const ta = await build(t)
  t.ok(await loadDemoData({ config, db: ta.db, realClock: ta.clock }))
})

// Issue 14 item 9: loading demo data never stops a running server.
t.test('a demo that cannot load is logged, and the server keeps serving', async (t) => {
  const { spawn } = await import('node:child_process')
  const { mkdtempSync, rmSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const { createServer } = await import('node:net')
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port
      s.close(() => resolve(p))
    })
  })
  const dataDir = mkdtempSync(join(tmpdir(), 'jiawei-demo-fails-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  // The container bootstrap takes the login the demo's reviewer needs: the demo's POST /users
  // for "reviewer" answers 409, and the story stops half-way.
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      DEMO_DATA: 'auto',
      ADMIN_LOGIN: 'reviewer',
      ADMIN_PASSWORD: 'a-long-password',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  server.stdout.on('data', (b) => (output += b))
  server.stderr.on('data', (b) => (output += b))
  const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)))
  t.teardown(() => void server.kill('SIGKILL'))
  const deadline = Date.now() + 90_000
  while (!output.includes('is running on') && Date.now() < deadline && server.exitCode === null) await new Promise((r) => setTimeout(r, 200))
  t.match(output, /demo data could not be loaded/, 'the failure is logged')
  t.match(output, /POST \/users answered 409/, 'with what went wrong')
  t.match(output, /is running on/, 'and start-up finishes')
  await new Promise((r) => setTimeout(r, 500))
  t.equal(server.exitCode, null, 'the process is still running')
  const health = await fetch(`http://127.0.0.1:${port}/health`)
  t.equal(health.status, 200)
  const ready = await fetch(`http://127.0.0.1:${port}/ready`)
  t.equal(ready.status, 200, 'and the database answers')
  const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'reviewer', password: 'a-long-password' }),
  })
  t.equal(login.status, 200, 'the API serves what there is')
  server.kill('SIGTERM')
  t.equal(await exited, 0, 'and shuts down cleanly when asked')
})

// Issue 14 items 5 and 9: the demo's admin creates its accounts quickly; that is no stranger.
t.test('quick admin POST /users are not rate-limited, and the demo loads at any limit', async (t) => {
  const ta = await build(t, { LOGIN_RATE_LIMIT_PER_MINUTE: '1' })
  await ensureAdmin(ta.db, { login: 'boss', password: 'a-long-password' }, ta.clock.now())
  const token = await loginAs(ta, 'boss', 'a-long-password')
  const codes: number[] = []
  for (let i = 0; i < 4; i++) codes.push((await ta.as(token).post('/api/v1/users', { login: `quick-${i}`, password: 'a-long-password', name: `用户${i}` })).statusCode)
  t.same(codes, [201, 201, 201, 201], 'four quick admin POST /users')
  const other = await build(t, { LOGIN_RATE_LIMIT_PER_MINUTE: '1' })
  const demo = await loadDemoData({ config: loadConfig({ LOG_LEVEL: 'silent', LOGIN_RATE_LIMIT_PER_MINUTE: '1' }), db: other.db, realClock: other.clock })
  t.ok(demo, 'the demo loads with a limit of one a minute')
})

// Issue 14 item 14: what a new user sees of 2027 is a real year, and says whose dates they are.
t.test('the demo confirms 2027 with the structure of a real year, and says the dates are the school’s', async (t) => {
  const ta = await build(t)
  await loadDemoData({ config: loadConfig({ LOG_LEVEL: 'silent' }), db: ta.db, realClock: ta.clock })
  const reviewer = await loginAs(ta, 'reviewer', DEMO_PASSWORD)
  const school = (await ta.as(reviewer).get('/api/v1/schools')).json().items[0]
  const years = (await ta.as(reviewer).get(`/api/v1/schools/${school.id}/calendar-years`)).json()
  const y2027 = years.confirmed.find((y: { year: number }) => y.year === 2027)
  t.ok(y2027, '2027 is confirmed')
  const names = new Set(y2027.holidays.map((h: { name: string }) => h.name))
  for (const name of ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节']) t.ok(names.has(name), `${name} is there`)
  const spring = y2027.holidays.filter((h: { name: string }) => h.name === '春节').map((h: { date: string }) => h.date)
  t.ok(spring.includes('2027-02-06'), '春节 includes the lunar new year, 6 February')
  t.ok(y2027.holidays.length >= 25 && y2027.holidays.length <= 35, `a plausible number of days off (${y2027.holidays.length})`)
  t.ok(y2027.makeupWorkdays.length >= 3, '调休 working weekends')
  for (const m of y2027.makeupWorkdays) t.ok([0, 6].includes(new Date(`${m.date}T00:00:00Z`).getUTCDay()), `${m.date} is a weekend day`)
  t.match(y2027.source, /学校确认/, 'the confirmation says the dates are the school’s')
  t.match(y2027.source, /通知/, 'until the State Council notice')
})

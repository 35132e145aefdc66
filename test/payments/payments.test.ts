import t from 'tap'
import { PASSWORD } from '../helpers/app.js'
import { expectStatus, moneyWorld } from '../money/world.js'
import { extractText } from '../pdf/extract-text.js'

const pay = (body: Record<string, unknown>) => ({ method: 'wechat', paidAt: '2026-09-03T19:20:00+08:00', ...body })

t.test('payments pay the oldest charges, the rest is credit that pays the next month; receipts are numbered without gaps', async (t) => {
  const m = await moneyWorld(t)
  const { ta, w, planId, families } = m
  const [wang, li, zhang] = families as [(typeof families)[0], (typeof families)[0], (typeof families)[0]]
  await m.at('2026-09-01')
  await expectStatus(201, ta.as(w.tokens.treasurer).post(`/api/v1/plans/${planId}/billing-runs`, { period: '2026-09' }))
  await m.at('2026-09-04')
  const url = `/api/v1/committees/${w.committeeId}/payments`
  const treasurer = () => ta.as(w.tokens.treasurer)

  const first = await expectStatus(201, treasurer().post(url, pay({ enrollmentId: wang.enrollmentId, amountFen: 30000, reference: '4200001234202609031920' })))
  t.match(first, { receiptNo: '2026-000001', amountFen: 30000, creditFen: 0, status: 'recorded' })
  t.equal(first.allocations.length, 1, 'it paid September')
  const second = await expectStatus(201, treasurer().post(url, pay({ enrollmentId: li.enrollmentId, amountFen: 60000, method: 'bank', reference: 'ICBC-778899' })))
  t.match(second, { receiptNo: '2026-000002', creditFen: 30000 }, 'the rest is the family’s credit')
  const account = async (f: (typeof families)[0]) => expectStatus(200, ta.as(f.token).get(`/api/v1/enrollments/${f.enrollmentId}/account`))
  t.match((await account(li)).balance, { owesFen: 0, creditFen: 30000, netFen: -30000 })

  // The most a family can pay: what it owes plus the rest of the term (October–December) less what it holds.
  const tooMuch = await treasurer().post(url, pay({ enrollmentId: li.enrollmentId, amountFen: 60001, reference: 'ICBC-X' }))
  t.match(tooMuch.json(), { code: 'payment-exceeds-term', errors: [{ path: 'body.amountFen', message: 'at most 60000' }] }, 'no prepaying beyond the term')
  const waived = await treasurer().post(url, pay({ enrollmentId: zhang.enrollmentId, amountFen: 100, reference: 'W-1' }))
  t.match(waived.json(), { code: 'payment-exceeds-term' }, 'a low-income family owes nothing and pays nothing')

  // A phone's double tap: the same family, amount and channel within a day.
  const twice = await treasurer().post(url, pay({ enrollmentId: wang.enrollmentId, amountFen: 30000, paidAt: '2026-09-03T21:00:00+08:00' }))
  t.equal(twice.statusCode, 409)
  t.match(twice.json(), { code: 'possible-duplicate', detail: /2026-000001/ })
  const sameRef = await treasurer().post(url, pay({ enrollmentId: li.enrollmentId, amountFen: 100, method: 'bank', reference: 'ICBC-778899' }))
  t.match(sameRef.json(), { code: 'possible-duplicate', detail: /ICBC-778899/ }, 'a transaction number recorded on the channel before')
  const confirmed = await expectStatus(
    201,
    treasurer().post(url, pay({ enrollmentId: wang.enrollmentId, amountFen: 30000, paidAt: '2026-09-03T21:00:00+08:00', confirmDuplicate: true })),
  )
  t.match(confirmed, { receiptNo: '2026-000003', creditFen: 30000, confirmedDuplicate: true }, 'unless the treasurer confirms it')
  t.equal((await ta.db.selectFrom('payments').select('id').execute()).length, 3, 'refusals wrote nothing')

  // October: credit pays the new charge as it is billed.
  await m.at('2026-09-28')
  await expectStatus(201, ta.as(w.tokens.treasurer).post(`/api/v1/plans/${planId}/billing-runs`, { period: '2026-10' }))
  t.match((await account(li)).balance, { owesFen: 0, creditFen: 0 }, 'the credit paid October')
  t.match((await account(wang)).balance, { owesFen: 0, creditFen: 0 })

  // The confirmed "duplicate" was a mistake after all: reversed, its receipt void, October owed again.
  const reversed = await expectStatus(200, treasurer().post(`/api/v1/payments/${confirmed.id}/reverse`, { reason: '家长重复转账，已原路退回' }))
  t.match(reversed, { status: 'reversed', receiptNo: '2026-000003', reversal: { reason: '家长重复转账，已原路退回' } })
  t.equal((await treasurer().post(`/api/v1/payments/${confirmed.id}/reverse`, { reason: '再次' })).statusCode, 409, 'reversed once')
  t.match((await account(wang)).balance, { owesFen: 30000, creditFen: 0 }, 'what it paid is owed again')
  const next = await expectStatus(201, treasurer().post(url, pay({ enrollmentId: wang.enrollmentId, amountFen: 30000, paidAt: '2026-09-28T08:00:00+08:00', method: 'cash' })))
  t.equal(next.receiptNo, '2026-000004', 'a void receipt number is never given again')

  const receipt = await ta.as(wang.token).get(`/api/v1/payments/${first.id}/receipt.pdf`)
  t.equal(receipt.statusCode, 200)
  t.equal(receipt.headers['content-type'], 'application/pdf')
  const text = await extractText(receipt.rawPayload)
  for (const s of ['2026-000001', '300.00', '人民币叁佰元整', '王小明', '4200001234202609031920']) t.ok(text.includes(s), `the receipt shows ${s}`)
  t.equal((await ta.as(li.token).get(`/api/v1/payments/${first.id}/receipt.pdf`)).statusCode, 404, "another family's receipt is 404")
  const voided = await extractText((await ta.as(wang.token).get(`/api/v1/payments/${confirmed.id}/receipt.pdf`)).rawPayload)
  t.ok(voided.includes('作废'), 'a reversed payment’s receipt is marked void')

  const trial = await expectStatus(200, ta.as(w.tokens.auditor).get(`/api/v1/plans/${planId}/trial-balance`))
  t.ok(trial.balanced, 'the books balance')
  const journal = await ta.as(w.tokens.auditor).get(`/api/v1/plans/${planId}/journal.csv`)
  t.equal(journal.headers['content-type'], 'text/csv; charset=utf-8')
  t.ok(journal.body.startsWith('\uFEFF'), 'CSV with a BOM for Excel and WPS')
  const sums = new Map<string, number>()
  for (const line of journal.body.slice(1).trim().split('\r\n').slice(1)) {
    const cells = line.split(',')
    sums.set(cells[0]!, (sums.get(cells[0]!) ?? 0) + Number(cells[11]))
  }
  t.ok(
    [...sums.values()].every((s) => s === 0),
    'every entry of the exported journal sums to zero',
  )
})

t.test('who records payments: the collector only; a retry with the same key records nothing twice', async (t) => {
  const m = await moneyWorld(t, { students: ['王小明'] })
  const { ta, w, families } = m
  const wang = families[0]!
  await m.at('2026-09-01')
  await expectStatus(201, ta.as(w.tokens.treasurer).post(`/api/v1/plans/${m.planId}/billing-runs`, { period: '2026-09' }))
  const url = `/api/v1/committees/${w.committeeId}/payments`
  const body = pay({ enrollmentId: wang.enrollmentId, amountFen: 30000, paidAt: '2026-09-01T08:00:00+08:00' })
  t.equal((await ta.as(w.tokens.chair).post(url, body)).statusCode, 403, 'the chair does not take money')
  t.equal((await ta.as(wang.token).post(url, body)).statusCode, 403, 'nor does a parent')
  t.equal((await ta.as(w.tokens.treasurer).post(url, { ...body, paidAt: '2026-09-02T08:00:00+08:00' })).json().code, 'paid-in-future')
  const other = await ta.as(w.tokens.treasurer).post(`/api/v1/committees/${w.committeeId}/payments`, { ...body, enrollmentId: '00000000-0000-4000-8000-000000000000' })
  t.equal(other.statusCode, 404, 'an unknown family')

  const headers = { 'idempotency-key': 'pay-wang-2026-09-01' }
  const a = await ta.as(w.tokens.treasurer).post(url, body, { headers })
  const b = await ta.as(w.tokens.treasurer).post(url, body, { headers })
  t.equal(a.statusCode, 201)
  t.equal(b.statusCode, 201)
  t.equal(b.headers['idempotent-replayed'], 'true', 'the retry replays the first answer')
  t.same(b.json(), a.json())
  t.equal((await ta.as(w.tokens.treasurer).post(url, { ...body, amountFen: 100 }, { headers })).json().code, 'idempotency-key-reused', 'the same key with another body')
  t.equal((await ta.db.selectFrom('payments').select('id').execute()).length, 1, 'one payment')
  const doc = (await ta.as(null).get('/docs/json')).json()
  t.ok(
    doc.paths['/api/v1/committees/{committeeId}/payments'].post.parameters.some((p: { in: string; name: string }) => p.in === 'header' && p.name === 'idempotency-key'),
    'the OpenAPI document shows the header',
  )
})

t.test('where the school collects, its finance office records the payments', async (t) => {
  const m = await moneyWorld(t, { students: ['王小明'], plan: { collector: 'school' } })
  const { ta, w, families } = m
  const admin = ta.as(w.admin)
  const officer = await expectStatus(201, admin.post('/api/v1/users', { login: 'm-finance', password: PASSWORD, name: '学校财务室' }))
  await expectStatus(201, admin.post(`/api/v1/schools/${w.schoolId}/finance-officers`, { userId: officer.id }))
  await m.at('2026-09-01')
  await expectStatus(201, ta.as(w.tokens.treasurer).post(`/api/v1/plans/${m.planId}/billing-runs`, { period: '2026-09' }))
  const finance = (await ta.as(null).post('/api/v1/auth/login', { login: 'm-finance', password: PASSWORD })).json().token
  const body = pay({ enrollmentId: families[0]!.enrollmentId, amountFen: 30000, paidAt: '2026-09-01T08:00:00+08:00', method: 'bank' })
  const url = `/api/v1/committees/${w.committeeId}/payments`
  t.equal((await ta.as(w.tokens.treasurer).post(url, body)).statusCode, 403, 'not the committee’s treasurer')
  t.match(await expectStatus(201, ta.as(finance).post(url, body)), { receivedAs: 'school-finance', receiptNo: '2026-000001' })
  t.equal((await ta.as(finance).get(`/api/v1/plans/${m.planId}/arrears`)).statusCode, 200, 'the finance office sees arrears')
})

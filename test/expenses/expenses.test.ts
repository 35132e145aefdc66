import t from 'tap'
import { multipart } from '../helpers/multipart.js'
import { expectStatus, moneyWorld } from '../money/world.js'
import { planBody } from '../plans/helpers.js'

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)])
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 1)])

t.test('expenses: on the approved budget lines only, with receipts checked by content, posted only under four eyes', async (t) => {
  const m = await moneyWorld(t, { students: ['王小明'] })
  const { ta, w, planId } = m
  await m.at('2026-09-05')
  const url = `/api/v1/committees/${w.committeeId}/expenses`
  const body = {
    planId,
    category: '活动材料',
    amountFen: 120000,
    method: 'wechat',
    payee: { kind: 'organisation', name: '文具店' },
    spentOn: '2026-09-04',
    description: '作业本、彩笔',
  }
  const count = async () => (await ta.db.selectFrom('expenses').select('id').execute()).length

  const mp = multipart(body, [
    { name: '发票.jpg', type: 'image/jpeg', bytes: JPEG },
    { name: 'receipt.png', type: 'image/png', bytes: PNG },
  ])
  const recorded = await expectStatus(201, ta.as(w.tokens.treasurer).post(url, mp.payload, { headers: mp.headers }))
  t.match(recorded, { status: 'pending', category: '活动材料', amountFen: 120000, decision: null })
  t.same(
    recorded.attachments.map((a: { contentType: string }) => a.contentType),
    ['image/jpeg', 'image/png'],
  )
  const stored = await ta.db.selectFrom('expense_attachments').select(['sha256', 'bytes']).execute()
  t.equal(stored.length, 2, 'the receipts are stored in the database')

  const fake = multipart(body, [{ name: 'photo.jpg', type: 'image/jpeg', bytes: Buffer.from('GIF89a not a jpeg at all') }])
  const refused = await ta.as(w.tokens.treasurer).post(url, fake.payload, { headers: fake.headers })
  t.match(refused.json(), { code: 'attachment-type', errors: [{ path: 'body.receipts.0' }] }, 'a file that claims to be a JPEG but is not')
  const six = multipart(
    body,
    Array.from({ length: 6 }, (_, i) => ({ name: `${i}.jpg`, type: 'image/jpeg', bytes: JPEG })),
  )
  t.equal((await ta.as(w.tokens.treasurer).post(url, six.payload, { headers: six.headers })).statusCode, 413, 'at most five receipts')
  const big = multipart(body, [{ name: 'big.jpg', type: 'image/jpeg', bytes: Buffer.concat([JPEG, Buffer.alloc(5 * 1024 * 1024)]) }])
  t.equal((await ta.as(w.tokens.treasurer).post(url, big.payload, { headers: big.headers })).statusCode, 413, 'at most 5 MB each')

  const refusals: [string, Record<string, unknown>, string][] = [
    ['not a budget line', { category: '交通费' }, 'category-not-in-budget'],
    ['venue', { category: '场地租金' }, 'venue-or-utilities'],
    ['utilities in the description', { description: '九月电费' }, 'venue-or-utilities'],
    ['past what the line has left', { category: '保险', amountFen: 300_001 }, 'over-budget'],
    ['outside the term', { spentOn: '2026-08-30' }, 'date-outside-term'],
    ['in the future', { spentOn: '2026-09-06' }, 'date-in-future'],
  ]
  for (const [why, change, code] of refusals) {
    const res = await ta.as(w.tokens.treasurer).post(url, { ...body, ...change })
    t.equal(res.json().code, code, why)
  }
  t.match(
    (await ta.as(w.tokens.treasurer).post(url, { ...body, category: '保险', amountFen: 300_001 })).json().detail,
    /"保险" is 3000\.00 yuan, 0\.00 spent: 3000\.00 left/,
    'the refusal names the line, its budget and what is left',
  )
  t.equal(await count(), 1, 'nothing written by a refusal')
  t.equal((await ta.as(w.tokens.chair).post(url, body)).statusCode, 403, 'the chair does not record expenses')

  const approve = (token: string, id: string) => ta.as(token).post(`/api/v1/expenses/${id}/approve`)
  const self = await approve(w.tokens.treasurer, recorded.id)
  t.equal(self.statusCode, 403, 'the recorder never approves (four eyes)')
  const approved = await expectStatus(200, approve(w.tokens.chair, recorded.id))
  t.match(approved, { status: 'approved', decision: { decision: 'approved' } })
  t.equal((await approve(w.tokens.auditor, recorded.id)).statusCode, 409, 'decided once')
  const trial = await expectStatus(200, ta.as(w.tokens.auditor).get(`/api/v1/plans/${planId}/trial-balance`))
  t.ok(trial.balanced)
  t.match(
    trial.accounts.find((a: { account: string }) => a.account === 'expense'),
    { category: '活动材料', balanceFen: 120000 },
  )

  // Two expenses within the line each, not together: the second approval is refused.
  const a = await expectStatus(201, ta.as(w.tokens.treasurer).post(url, { ...body, category: '保险', amountFen: 200000 }))
  const b = await expectStatus(201, ta.as(w.tokens.treasurer).post(url, { ...body, category: '保险', amountFen: 150000 }))
  await expectStatus(200, approve(w.tokens.auditor, a.id))
  const over = await approve(w.tokens.auditor, b.id)
  t.match(over.json(), { code: 'over-budget', detail: /保险/ }, 'approval checks the line again')
  const rejected = await expectStatus(200, ta.as(w.tokens.auditor).post(`/api/v1/expenses/${b.id}/reject`, { reason: '超出保险预算，请核实' }))
  t.match(rejected, { status: 'rejected', decision: { reason: '超出保险预算，请核实' } })
  t.match(await expectStatus(200, ta.as(w.tokens.treasurer).get(`/api/v1/expenses/${b.id}`)), { decision: { reason: '超出保险预算，请核实' } }, 'the recorder sees why')

  const parent = m.families[0]!.token
  t.equal((await ta.as(parent).get(`/api/v1/plans/${planId}/expenses`)).statusCode, 404, 'parents read expenses in the statements, not here')
  const receipt = await ta.as(w.tokens.auditor).get(`/api/v1/expenses/${recorded.id}/attachments/${recorded.attachments[0].id}`)
  t.equal(receipt.headers['content-type'], 'image/jpeg')
  t.same(receipt.rawPayload, JPEG, 'the receipt comes back as uploaded')
  const declared = (await ta.as(null).get('/docs/json')).json().paths['/api/v1/expenses/{expenseId}/attachments/{attachmentId}'].get.responses['200'].content
  t.same(Object.keys(declared).sort(), ['application/pdf', 'image/jpeg', 'image/png'], 'the document declares every type a receipt may come back as')
})

t.test('no budget line for venue or utilities: the school provides rooms, water and electricity', async (t) => {
  const m = await moneyWorld(t, { students: ['王小明'] })
  const res = await m.ta.as(m.w.tokens.chair).post(
    `/api/v1/committees/${m.w.committeeId}/plans`,
    planBody(m.w.termId, {
      budget: [
        { category: '人员劳务', amountFen: 100 },
        { category: '水电费', amountFen: 100 },
      ],
    }),
  )
  t.match(res.json(), { code: 'venue-or-utilities', errors: [{ path: 'body.budget.1.category' }] })
})

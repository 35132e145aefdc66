import { createHash } from 'node:crypto'
import { gunzipSync } from 'node:zlib'
import { canonicalize } from 'json-canonicalize'
import { sql } from 'kysely'
import t from 'tap'
import { build, seedWorld } from '../helpers/app.js'
import { expectStatus, moneyWorld } from '../money/world.js'
import { extractText } from '../pdf/extract-text.js'

t.test('monthly statements: published in order once a month has ended, equal to the books, hash-chained, public without names', async (t) => {
  const m = await moneyWorld(t)
  const { ta, w, planId, families } = m
  const [wang, li] = families as [(typeof families)[0], (typeof families)[0]]
  const treasurer = () => ta.as(w.tokens.treasurer)
  const pay = (f: (typeof families)[0], amountFen: number, paidAt: string, method = 'wechat') =>
    expectStatus(201, treasurer().post(`/api/v1/committees/${w.committeeId}/payments`, { enrollmentId: f.enrollmentId, amountFen, method, paidAt }))
  await m.at('2026-08-27')
  await expectStatus(201, treasurer().post(`/api/v1/plans/${planId}/billing-runs`, { period: '2026-09' }))
  await pay(wang, 30000, '2026-08-27T08:00:00+08:00')
  await m.at('2026-09-10')
  await pay(li, 30000, '2026-09-09T20:00:00+08:00', 'bank')
  const expense = await expectStatus(
    201,
    treasurer().post(`/api/v1/committees/${w.committeeId}/expenses`, {
      planId,
      category: '人员劳务',
      amountFen: 50000,
      method: 'bank',
      payee: { kind: 'person', role: '托管服务人员劳务费', name: '周老师' },
      spentOn: '2026-09-10',
      description: '九月第一周劳务',
    }),
  )
  await expectStatus(200, ta.as(w.tokens.chair).post(`/api/v1/expenses/${expense.id}/approve`))

  const publish = (period: string) => treasurer().post(`/api/v1/committees/${w.committeeId}/statements`, { period })
  t.match((await publish('2026-09')).json(), { code: 'publish-in-order', detail: /2026-08/ }, 'the first month with money in the books comes first')
  const aug = await expectStatus(201, publish('2026-08'))
  t.match(aug, { seq: 1, kind: 'month', period: '2026-08', previousHash: '' })
  t.match((await publish('2026-09')).json(), { code: 'month-not-ended' }, 'September has not ended')
  t.equal((await publish('2026-08')).statusCode, 409, 'a month is published once')

  // A payment made on 31 August and recorded after August was published: an adjustment in September.
  const late = await treasurer().post(`/api/v1/committees/${w.committeeId}/payments`, {
    enrollmentId: wang.enrollmentId,
    amountFen: 30000,
    method: 'cash',
    paidAt: '2026-08-31T09:00:00+08:00',
    confirmDuplicate: true,
  })
  t.equal(late.statusCode, 201)
  await m.at('2026-10-02')
  const sep = await expectStatus(201, publish('2026-09'))
  t.equal(sep.previousHash, aug.hash, 'each statement chains to the one before')
  const list = await expectStatus(200, ta.as(null).get(`/p/${w.slug}/statements`))
  t.same(
    list.items.map((i: { period: string }) => i.period),
    ['2026-08', '2026-09'],
  )

  const json = await ta.as(null).get(`/p/${w.slug}/statements/2026-09.json`)
  t.equal(json.statusCode, 200)
  t.match(json.headers['cache-control'], /immutable/)
  const etag = json.headers.etag as string
  t.ok(etag.startsWith('"'), 'a strong ETag')
  t.equal((await ta.as(null).get(`/p/${w.slug}/statements/2026-09.json`, { headers: { 'if-none-match': etag } })).statusCode, 304, '304 when the client has it')
  // A phone asks for gzip: the same bytes compressed once, under an ETag of their own.
  const zipped = await ta.as(null).get(`/p/${w.slug}/statements/2026-09.json`, { headers: { 'accept-encoding': 'gzip, deflate, br' } })
  t.equal(zipped.headers['content-encoding'], 'gzip')
  t.equal(zipped.headers.vary, 'accept-encoding')
  t.equal(gunzipSync(zipped.rawPayload).toString('utf8'), json.body, 'the same document')
  t.ok(zipped.rawPayload.length < json.rawPayload.length, `${json.rawPayload.length} bytes as ${zipped.rawPayload.length}`)
  const zippedEtag = zipped.headers.etag as string
  t.not(zippedEtag, etag, 'each representation its own strong ETag')
  t.equal((await ta.as(null).get(`/p/${w.slug}/statements/2026-09.json`, { headers: { 'accept-encoding': 'gzip', 'if-none-match': zippedEtag } })).statusCode, 304)
  t.equal(
    (await ta.as(null).get(`/p/${w.slug}/statements/2026-09.json`, { headers: { 'accept-encoding': 'gzip;q=0' } })).headers['content-encoding'],
    undefined,
    'gzip;q=0 is a no',
  )
  t.equal(
    (await ta.as(null).get(`/p/${w.slug}/statements/2026-09.pdf`, { headers: { 'accept-encoding': 'gzip' } })).headers['content-encoding'],
    undefined,
    'a PDF is compressed already',
  )
  const doc = json.json()
  const api = (await ta.as(null).get('/docs/json')).json()
  for (const path of ['/p/{slug}/statements/{period}', '/p/{slug}/statements/{period}.json']) {
    const declared = api.paths[path].get.responses['200'].content['application/json'].schema
    t.equal(declared.type, 'object', `${path} is documented as the object it answers, not as a string`)
    t.same(Object.keys(declared.properties).sort(), Object.keys(doc).sort(), `${path} documents every field it answers`)
  }
  t.equal(
    createHash('sha256')
      .update(doc.previousHash + canonicalize(doc.statement))
      .digest('hex'),
    doc.hash,
    'anyone can recompute the hash: SHA-256(previous + RFC 8785 JSON)',
  )
  const fund = doc.statement.funds[0]
  t.match(fund, { openingFen: 30000, fees: { families: 1, amountFen: 30000 } }, 'August’s cash carried in; one family paid in September')
  t.same(
    fund.expenses,
    [{ spentOn: '2026-09-10', category: '人员劳务', payee: { kind: 'person', role: '托管服务人员劳务费' }, amountFen: 50000, receipts: 0 }],
    'a person paid appears by role only',
  )
  t.same(fund.adjustments, [{ kind: 'fee', originalDate: '2026-08-31', amountFen: 30000 }], 'the late August payment, with its date')
  t.equal(fund.closingFen, fund.openingFen + fund.fees.amountFen + fund.subsidyFen - 50000 - fund.refunds.amountFen + 30000, 'opening + received − paid out = closing')
  const cash = await sql<{
    cash: number
  }>`SELECT coalesce(sum(l.amount_fen), 0)::bigint AS cash FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.plan_id = ${planId} AND e.period <= '2026-09' AND l.account LIKE 'cash:%'`.execute(
    ta.db,
  )
  t.equal(fund.closingFen, Number(cash.rows[0]!.cash), 'closing cash is the ledger’s own')
  t.match(fund.charges, { families: 3, amountFen: 90000 })
  t.match(fund.waivers, { families: 1, amountFen: 30000 })

  // Nothing is ever booked into a published month, even written straight into the database.
  await t.rejects(
    sql`INSERT INTO journal_entries (committee_id, plan_id, entry_date, period, source_type, description, posted_at) VALUES (${w.committeeId}, ${planId}, '2026-09-15', '2026-09', 'adjustment', 'x', now())`.execute(
      ta.db,
    ),
    /is published/,
  )

  const csv = await ta.as(null).get(`/p/${w.slug}/statements/2026-09.csv`)
  t.ok(csv.body.startsWith('\uFEFF方案,项目'), 'CSV with a BOM')
  const pdf = await ta.as(null).get(`/p/${w.slug}/statements/2026-09.pdf`)
  t.equal(pdf.headers['content-type'], 'application/pdf')
  const pdfText = await extractText(pdf.rawPayload)
  t.ok(pdfText.includes(doc.hash.slice(0, 16)), 'the PDF prints the hash')

  // No child's or guardian's name or phone in anything public.
  const urls = [
    `/p/${w.slug}`,
    `/p/${w.slug}/statements`,
    `/p/${w.slug}/statements/verify`,
    ...['2026-08', '2026-09'].flatMap((p) => ['', '.json', '.csv'].map((x) => `/p/${w.slug}/statements/${p}${x}`)),
  ]
  const secrets = [...families.flatMap((f) => [f.name, f.guardian]), '13800138000', '周老师', 'JD2026']
  for (const url of urls) {
    const body = (await ta.as(null).get(url)).body
    for (const s of secrets) t.notOk(body.includes(s), `${url} does not show ${s}`)
  }
  for (const s of secrets) t.notOk(pdfText.includes(s), `the PDF does not show ${s}`)
  const page = await ta.as(null).get(`/p/${w.slug}`)
  t.match(page.body, /<svg[^>]+role="img"/, 'the public page draws income against expense')
  t.match(page.body, /2026-09\.pdf/, 'and links the downloads')

  // The chain: intact, then a month altered behind the service's back is named.
  t.match(await expectStatus(200, ta.as(null).get(`/p/${w.slug}/statements/verify`)), { valid: true, statements: 2, firstMismatch: null })
  await sql`ALTER TABLE statements DISABLE TRIGGER statements_append_only`.execute(ta.db)
  await sql`UPDATE statements SET canonical = replace(canonical, '"openingFen":0', '"openingFen":1') WHERE period = '2026-08'`.execute(ta.db)
  await sql`ALTER TABLE statements ENABLE TRIGGER statements_append_only`.execute(ta.db)
  t.match(await expectStatus(200, ta.as(null).get(`/p/${w.slug}/statements/verify`)), { valid: false, firstMismatch: { period: '2026-08' } }, 'verify names the altered month')
})

t.test('a committee with no fund in a month has nothing to publish for it (its statement could not even be drawn as a PDF)', async (t) => {
  const ta = await build(t, {}, { now: '2026-12-01T12:00:00+08:00' })
  const w = await seedWorld(ta, 'nofund')
  const res = await ta.as(w.tokens.treasurer).post(`/api/v1/committees/${w.committeeId}/statements`, { period: '2025-09' })
  t.match(res.json(), { status: 422, code: 'nothing-to-publish', errors: [{ path: 'body.period' }] })
  t.same((await ta.as(null).get(`/p/${w.slug}/statements`)).json().items, [], 'and nothing was chained')
})

t.test('a month between terms with no fund in it is published as a month with no money, so the chain goes on in order', async (t) => {
  const m = await moneyWorld(t, { prefix: 'gap', students: [], term: { name: '2026年秋季短学期', startsOn: '2026-09-01', endsOn: '2026-10-31' } })
  const { ta, w } = m
  await m.at('2026-12-02')
  const publish = (period: string) => ta.as(w.tokens.treasurer).post(`/api/v1/committees/${w.committeeId}/statements`, { period })
  await expectStatus(201, publish('2026-09'))
  await expectStatus(201, publish('2026-10'))
  const november = await expectStatus(201, publish('2026-11'))
  t.same(november.statement.funds, [], 'November: no term, no money held')
  const pdf = await ta.as(null).get(`/p/${w.slug}/statements/2026-11.pdf`)
  t.equal(pdf.statusCode, 200, 'its PDF is drawn')
  t.match(await extractText(pdf.rawPayload), '本月无收支')
  t.match(await expectStatus(200, ta.as(null).get(`/p/${w.slug}/statements/verify`)), { valid: true, statements: 3 })
  t.equal((await ta.as(null).get(`/p/${w.slug}`)).statusCode, 200, 'the public page shows it')
})

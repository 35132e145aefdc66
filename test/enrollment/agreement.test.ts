import { createHash } from 'node:crypto'
import t from 'tap'
import { build, seedWorld } from '../helpers/app.js'
import { extractPages } from '../pdf/extract-text.js'
import { addParent, applyAndApprove, approvedPlan, chinaDay, currentTerm, expectStatus } from '../plans/helpers.js'

const CERT = '410302201500123456'
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')

t.test('the guardian reads a stable agreement, signs it, and the evidence is kept', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta, 'a', { term: currentTerm() })
  const other = await seedWorld(ta, 'b')
  const plan = await approvedPlan(ta, w)
  const app = await applyAndApprove(ta, w, plan.id, w.tokens.parent1, '王小明', { lowIncome: { certificateNo: CERT } })
  const e = `/api/v1/enrollments/${app.enrollmentId}`
  const guardian = ta.as(w.tokens.parent1)

  const first = await guardian.get(`${e}/agreement.pdf`)
  t.equal(first.statusCode, 200)
  t.equal(first.headers['content-type'], 'application/pdf')
  const unsigned = first.rawPayload
  const hash = sha256(unsigned)
  t.equal(first.headers['x-document-sha256'], hash)
  t.equal((await guardian.get(`${e}/agreement.pdf`)).rawPayload.equals(unsigned), true, 'the same bytes on every request')
  t.equal((await ta.as(w.tokens.chair).get(`${e}/agreement.pdf`)).headers['x-document-sha256'], hash, 'the committee reads the same document')
  t.equal((await ta.as(w.tokens.reviewer).get(`${e}/agreement.pdf`)).statusCode, 200, 'and the school')
  t.equal((await ta.as(w.tokens.parent2).get(`${e}/agreement.pdf`)).statusCode, 404, "another family's agreement is not found")
  t.equal((await ta.as(other.tokens.reviewer).get(`${e}/agreement.pdf`)).statusCode, 404)
  const text = (await extractPages(unsigned)).join('\n')
  t.match(text, '王小明')
  t.match(text, '每月 300.00 元', 'the approved fee standard')
  t.match(text, '******3456', 'the certificate number, masked')
  t.notOk(text.includes(CERT), 'never in full')

  const refusals: [string, number, string, () => Promise<{ statusCode: number; json(): { code: string } }>][] = [
    ["another family's guardian", 404, 'not-found', () => ta.as(w.tokens.parent2).post(`${e}/agreement/sign`, { name: '王小明家长' })],
    ["the chair, on the family's behalf", 403, 'forbidden', () => ta.as(w.tokens.chair).post(`${e}/agreement/sign`, { name: '王小明家长' })],
    ["a name not the guardian's", 422, 'signature-mismatch', () => guardian.post(`${e}/agreement/sign`, { name: '王建国' })],
    [
      'a hash of another document',
      409,
      'document-changed',
      () => guardian.post(`${e}/agreement/sign`, { name: '王小明家长', documentSha256: 'ab'.repeat(32), startsOn: chinaDay(0) }),
    ],
    ['a start after the term', 422, 'start-outside-term', () => guardian.post(`${e}/agreement/sign`, { name: '王小明家长', startsOn: chinaDay(200) })],
    ['a start before the day of signing', 422, 'start-before-signing', () => guardian.post(`${e}/agreement/sign`, { name: '王小明家长', startsOn: chinaDay(-1) })],
  ]
  for (const [who, status, code, send] of refusals) {
    const res = await send()
    t.equal(res.statusCode, status, who)
    t.equal(res.json().code, code, who)
  }
  t.equal(await ta.db.selectFrom('agreement_signatures').select('enrollment_id').executeTakeFirst(), undefined, 'no signature written by the refusals')
  t.equal((await expectStatus(200, guardian.get(e))).status, 'awaiting_agreement', 'not active until signed')

  const signed = await guardian.post(
    `${e}/agreement/sign`,
    { name: '王小明家长', documentSha256: hash.toUpperCase(), startsOn: chinaDay(0) },
    { headers: { 'user-agent': 'Mozilla/5.0 MicroMessenger/8.0.50' } },
  )
  t.equal(signed.statusCode, 200)
  t.match(signed.json(), { status: 'active', startsOn: chinaDay(0), feeWaived: true, agreement: { signerName: '王小明家长', documentSha256: hash } })

  const row = await ta.db.selectFrom('agreement_signatures').selectAll().where('enrollment_id', '=', app.enrollmentId).executeTakeFirstOrThrow()
  t.equal(row.document_sha256, hash, 'the stored hash is that of the bytes served before signing')
  t.equal(row.signer_user_id, w.userIds.parent1)
  t.equal(row.user_agent, 'Mozilla/5.0 MicroMessenger/8.0.50')
  t.ok(row.ip)

  const after = await guardian.get(`${e}/agreement.pdf`)
  const signedPdf = after.rawPayload
  t.ok(Buffer.from(row.signed_pdf).equals(signedPdf), 'after signing the stored signed PDF is served')
  t.equal(after.headers['x-document-sha256'], sha256(signedPdf))
  const pages = await extractPages(signedPdf)
  const certificate = pages[pages.length - 1]!
  t.match(certificate, '电子签署证书')
  t.match(certificate, hash, 'the certificate page names the hash of the document read')
  t.match(certificate, 'MicroMessenger')
  t.match(pages.slice(0, -1).join(''), '王小明家长', 'the signature line is filled in')

  const again = await guardian.post(`${e}/agreement/sign`, { name: '王小明家长' })
  t.equal(again.json().code, 'already-signed')
  const tamper = await ta.db
    .updateTable('agreement_signatures')
    .set({ signer_name: 'x' })
    .execute()
    .then(
      () => 'updated',
      (err: Error) => err.message,
    )
  t.match(tamper, /append-only/, 'the evidence cannot be altered')
})

t.test('a newly approved version changes the document: a guardian who read the old one must read again', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta, 'a', { term: currentTerm() })
  const plan = await approvedPlan(ta, w)
  const p3 = await addParent(ta, w, 'a-parent3')
  const app = await applyAndApprove(ta, w, plan.id, p3.token, '李小红')
  const e = `/api/v1/enrollments/${app.enrollmentId}`
  const read = (await ta.as(p3.token).get(`${e}/agreement.pdf`)).headers['x-document-sha256'] as string

  const chair = ta.as(w.tokens.chair)
  await expectStatus(200, chair.post(`/api/v1/plans/${plan.id}/revise`))
  await expectStatus(200, chair.patch(`/api/v1/plans/${plan.id}`, { feeFen: 26000 }))
  await expectStatus(201, chair.post(`/api/v1/plans/${plan.id}/submit`))
  t.equal((await ta.as(p3.token).get(`${e}/agreement.pdf`)).headers['x-document-sha256'], read, 'an unapproved revision changes nothing')
  await expectStatus(200, ta.as(w.tokens.reviewer).post(`/api/v1/plans/${plan.id}/review`, { decision: 'approve' }))

  const stale = await ta.as(p3.token).post(`${e}/agreement/sign`, { name: '李小红家长', documentSha256: read, startsOn: chinaDay(14) })
  t.equal(stale.statusCode, 409)
  t.equal(stale.json().code, 'document-changed')
  t.equal(await ta.db.selectFrom('agreement_signatures').select('enrollment_id').executeTakeFirst(), undefined, 'nothing signed')

  const fresh = await ta.as(p3.token).get(`${e}/agreement.pdf`)
  t.match((await extractPages(fresh.rawPayload)).join(''), '每月 260.00 元', 'the agreement shows the fee now in force')
  const signed = await expectStatus(
    200,
    ta.as(p3.token).post(`${e}/agreement/sign`, { name: '李小红家长', documentSha256: fresh.headers['x-document-sha256'], startsOn: chinaDay(14) }),
  )
  t.match(signed, { status: 'active', planVersion: 2, startsOn: chinaDay(14), feeWaived: false })
})

t.test('care never starts before the agreement is signed', async (t) => {
  const ta = await build(t)
  // A term that began a month ago: the family signs today.
  const w = await seedWorld(ta, 'a', { term: { startsOn: chinaDay(-30), endsOn: chinaDay(110) } })
  const past = await seedWorld(ta, 'b')
  const plan = await approvedPlan(ta, w)
  const app = await applyAndApprove(ta, w, plan.id, w.tokens.parent1, '王小明')
  const sign = (body: Record<string, unknown>) => ta.as(w.tokens.parent1).post(`/api/v1/enrollments/${app.enrollmentId}/agreement/sign`, { name: '王小明家长', ...body })

  for (const startsOn of [chinaDay(-30), chinaDay(-1)]) {
    const res = await sign({ startsOn })
    t.equal(res.statusCode, 422, `from ${startsOn}, before today`)
    t.equal(res.json().code, 'start-before-signing')
    t.same(
      res.json().errors.map((e: { path: string }) => e.path),
      ['body.startsOn'],
    )
  }
  t.equal(await ta.db.selectFrom('agreement_signatures').select('enrollment_id').executeTakeFirst(), undefined, 'nothing signed by the refusals')
  t.match(await ta.db.selectFrom('enrollments').selectAll().where('id', '=', app.enrollmentId).executeTakeFirstOrThrow(), { status: 'awaiting_agreement', starts_on: null })
  t.match(await expectStatus(200, sign({})), { status: 'active', startsOn: chinaDay(0) }, 'without a date, care starts on the day of signing')

  // A term that is over by the machine's clock: nothing can start in it any more.
  const oldPlan = await approvedPlan(ta, past)
  const old = await applyAndApprove(ta, past, oldPlan.id, past.tokens.parent1, '李小红')
  const signOld = (body: Record<string, unknown>) => ta.as(past.tokens.parent1).post(`/api/v1/enrollments/${old.enrollmentId}/agreement/sign`, { name: '李小红家长', ...body })
  t.equal((await signOld({ startsOn: '2025-09-01' })).json().code, 'start-before-signing', 'the term start is long past')
  t.equal((await signOld({})).json().code, 'start-outside-term', 'from today is after the term')
  t.equal((await ta.db.selectFrom('agreement_signatures').select('enrollment_id').execute()).length, 1)
})

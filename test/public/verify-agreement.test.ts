import { createHash } from 'node:crypto'
import t from 'tap'
import { build, seedWorld } from '../helpers/app.js'
import { applyAndApprove, approvedPlan, chinaDay, currentTerm, expectStatus } from '../plans/helpers.js'

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')
const VERIFY = '/p/agreements/verify'

// Issue 14 item 19: anyone holding a care agreement can ask whether it is a genuine signed one,
// when it was signed, and for which committee and term — and learns no one's name.
t.test('a signed agreement is verified by its bytes or its SHA-256, without names', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta, 'vf', { term: currentTerm() })
  const plan = await approvedPlan(ta, w)
  const app = await applyAndApprove(ta, w, plan.id, w.tokens.parent1, '王小明')
  const e = `/api/v1/enrollments/${app.enrollmentId}`
  const unsigned = (await ta.as(w.tokens.parent1).get(`${e}/agreement.pdf`)).rawPayload
  const notYet = await expectStatus(200, ta.as(null).post(VERIFY, unsigned, { headers: { 'content-type': 'application/pdf' } }))
  t.same(notYet, { genuine: false }, 'an agreement nobody has signed is no signed agreement')

  const signed = await expectStatus(200, ta.as(w.tokens.parent1).post(`${e}/agreement/sign`, { name: '王小明家长', startsOn: chinaDay(0) }))
  const pdf = (await ta.as(w.tokens.parent1).get(`${e}/agreement.pdf`)).rawPayload
  const enrollment = await expectStatus(200, ta.as(w.tokens.parent1).get(e))

  const byBytes = await ta.as(null).post(VERIFY, pdf, { headers: { 'content-type': 'application/pdf' } })
  t.equal(byBytes.statusCode, 200, 'anyone, without signing in')
  const answer = byBytes.json()
  t.match(answer, {
    genuine: true,
    matched: 'signed-agreement',
    signedAt: new Date(signed.agreement.signedAt).toISOString(),
    agreementNo: enrollment.agreementNo,
    committee: { name: '三年级2班家委会' },
    school: { name: 'vf 实验小学' },
    term: { name: '本学期', startsOn: chinaDay(0), endsOn: chinaDay(140) },
    planVersion: 1,
    status: 'active',
  })
  for (const name of ['王小明', '王小明家长', '李秀英', 'chair vf']) t.notOk(byBytes.body.includes(name), `no name: ${name}`)
  t.notOk(byBytes.body.includes(app.enrollmentId), 'nor an id to look anything up with')

  const byHash = await expectStatus(200, ta.as(null).post(VERIFY, { sha256: sha256(pdf).toUpperCase() }))
  t.same(byHash, answer, 'the SHA-256 alone gives the same answer')
  const text = await expectStatus(200, ta.as(null).post(VERIFY, { sha256: signed.agreement.documentSha256 }))
  t.match(text, { genuine: true, matched: 'unsigned-text', agreementNo: enrollment.agreementNo }, 'the text the guardian read and signed is recognised too')

  const tampered = Buffer.from(pdf)
  const middle = Math.floor(tampered.length / 2)
  tampered[middle] = tampered[middle]! ^ 0x01
  t.same(await expectStatus(200, ta.as(null).post(VERIFY, tampered, { headers: { 'content-type': 'application/pdf' } })), { genuine: false }, 'one changed byte: not genuine')
  t.same(await expectStatus(200, ta.as(null).post(VERIFY, { sha256: 'ab'.repeat(32) })), { genuine: false })

  const notPdf = await ta.as(null).post(VERIFY, Buffer.from('hello'), { headers: { 'content-type': 'application/pdf' } })
  t.equal(notPdf.statusCode, 400)
  t.equal(notPdf.json().code, 'not-a-pdf')
  const badHash = await ta.as(null).post(VERIFY, { sha256: 'xyz' })
  t.equal(badHash.statusCode, 400)
  t.equal(badHash.json().errors[0].path, 'body.sha256')
  t.equal((await ta.as(null).post(VERIFY, {})).statusCode, 400, 'the PDF or its SHA-256')

  // A withdrawn child's agreement is still genuine, and says it no longer runs.
  await expectStatus(200, ta.as(w.tokens.parent1).post(`${e}/withdraw`, { effectiveOn: chinaDay(1), reason: '搬家' }))
  t.match(await expectStatus(200, ta.as(null).post(VERIFY, { sha256: sha256(pdf) })), { genuine: true, status: 'withdrawn' })
})

t.test('verifyAgreement is in the OpenAPI document as a public operation', async (t) => {
  const ta = await build(t)
  const doc = (await ta.as(null).get('/docs/json')).json()
  const op = doc.paths['/p/agreements/verify']?.post
  t.equal(op?.operationId, 'verifyAgreement')
  t.notOk(op?.security, 'no token needed')
  t.ok(op?.requestBody?.content?.['application/pdf'], 'takes the PDF')
  t.ok(op?.requestBody?.content?.['application/json'], 'or its SHA-256')
})

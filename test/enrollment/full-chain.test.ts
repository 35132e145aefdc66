import { createHash } from 'node:crypto'
import t from 'tap'
import { getPlanForService } from '../../src/modules/plans/service.js'
import { build, seedWorld } from '../helpers/app.js'
import { extractPages } from '../pdf/extract-text.js'
import { addParent, applicationBody, chinaDay, confirmTermYears, currentTerm, expectStatus, planBody } from '../plans/helpers.js'

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')

t.test('plan → demand → review → applications → admission → agreement → active → withdrawal → wait list moves up', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta, 'a', { term: currentTerm() })
  const chair = ta.as(w.tokens.chair)
  const reviewer = ta.as(w.tokens.reviewer)
  const p3 = await addParent(ta, w, 'a-parent3')
  const p4 = await addParent(ta, w, 'a-parent4')
  const p5 = await addParent(ta, w, 'a-parent5')

  // The committee drafts a plan with three places and asks parents first.
  const plan = await expectStatus(201, chair.post(`/api/v1/committees/${w.committeeId}/plans`, planBody(w.termId, { capacity: 3, expectedParticipants: 3 })))
  const p = `/api/v1/plans/${plan.id}`
  await expectStatus(200, chair.post(`${p}/demand/open`))
  for (const token of [w.tokens.parent1, w.tokens.parent2, p3.token, p4.token])
    await expectStatus(200, ta.as(token).put(`${p}/demand/responses/me`, { need: true, preferredWeekdays: [1, 2, 3, 4, 5] }))
  await expectStatus(200, ta.as(p5.token).put(`${p}/demand/responses/me`, { need: false }))

  // Submit, returned with a comment, edited, resubmitted, approved: the approval names version 2.
  t.match(await expectStatus(201, chair.post(`${p}/submit`)), { version: 1, demandCount: 5, demandNeeded: 4 })
  await expectStatus(200, reviewer.post(`${p}/review`, { decision: 'return', comment: '预计人数与收费标准不符，请核算' }))
  await expectStatus(200, chair.patch(p, { feeFen: 28000 }))
  t.equal((await expectStatus(201, chair.post(`${p}/submit`))).version, 2)
  // Where the term runs past the built-in calendar, the school confirms those years first.
  await confirmTermYears(ta, w, w.termId)
  t.match(await expectStatus(200, reviewer.post(`${p}/review`, { decision: 'approve', version: 2 })), { version: 2, review: { decision: 'approve' } })
  t.match(await getPlanForService(ta.db, plan.id), { status: 'approved', approvedVersion: { version: 2, feeFen: 28000, capacity: 3 } })

  // Five families apply; one is low-income, one a migrant family; the migrant family applies last.
  const apply = (token: string, student: string, extra: Record<string, unknown> = {}) => expectStatus(201, ta.as(token).post(`${p}/applications`, applicationBody(student, extra)))
  const a1 = await apply(w.tokens.parent1, '张一')
  const a2 = await apply(w.tokens.parent2, '李二', { lowIncome: { certificateNo: '410302201500123456' } })
  const a3 = await apply(p3.token, '王三')
  const a5 = await apply(p5.token, '赵五')
  const a4 = await apply(p4.token, '刘四', { priority: ['migrant'] })
  t.equal(a2.lowIncome.certificateNoMasked, '******3456')

  // Committee first review of all, then the school's approval of each, the migrant family's last.
  for (const a of [a1, a2, a3, a5, a4]) await expectStatus(200, ta.as(w.tokens.member).post(`/api/v1/applications/${a.id}/review`, { decision: 'accept' }))
  const approved = []
  for (const a of [a1, a2, a3, a5, a4]) approved.push(await expectStatus(200, reviewer.post(`/api/v1/applications/${a.id}/review`, { decision: 'accept' })))
  t.same(
    approved.map((a) => a.status),
    ['approved', 'approved', 'waitlisted', 'waitlisted', 'approved'],
    'three places: the migrant family, still in review, had the third reserved (rule 4); the rest wait',
  )
  t.equal((await expectStatus(200, ta.as(p3.token).get(`/api/v1/applications/${a3.id}`))).waitlistPosition, 1, 'the first to apply waits first')
  t.equal((await expectStatus(200, ta.as(p5.token).get(`/api/v1/applications/${a5.id}`))).waitlistPosition, 2)
  const [e1, e2] = [approved[0].enrollmentId, approved[1].enrollmentId]

  // The low-income family reads and signs its agreement; it is billed nothing.
  const pdf = await ta.as(w.tokens.parent2).get(`/api/v1/enrollments/${e2}/agreement.pdf`)
  const served = sha256(pdf.rawPayload)
  t.match((await extractPages(pdf.rawPayload)).join(''), '每月 280.00 元', "the agreement prints the approved version's fee")
  const signed = await expectStatus(
    200,
    ta.as(w.tokens.parent2).post(`/api/v1/enrollments/${e2}/agreement/sign`, { name: '李二家长', documentSha256: served, startsOn: chinaDay(0) }),
  )
  t.match(signed, { status: 'active', feeWaived: true, planVersion: 2, agreement: { documentSha256: served } })
  const stored = await ta.db.selectFrom('agreement_signatures').select(['document_sha256', 'signed_pdf']).where('enrollment_id', '=', e2).executeTakeFirstOrThrow()
  t.equal(stored.document_sha256, served, 'stored hash = SHA-256 of the bytes served before signing')
  const certificatePage = (await extractPages(Buffer.from(stored.signed_pdf))).at(-1)!
  t.match(certificatePage, '电子签署证书')
  t.match(certificatePage, served)

  await expectStatus(200, ta.as(w.tokens.parent1).post(`/api/v1/enrollments/${e1}/agreement/sign`, { name: '张一家长', startsOn: chinaDay(0) }))
  const roster = await expectStatus(200, chair.get(`${p}/enrollments`))
  t.same(
    roster.items.map((e: { student: { name: string }; status: string }) => [e.student.name, e.status]),
    [
      ['张一', 'active'],
      ['李二', 'active'],
      ['刘四', 'awaiting_agreement'],
    ],
  )
  const own = await expectStatus(200, ta.as(w.tokens.parent1).get(`${p}/enrollments`))
  t.same(
    own.items.map((e: { id: string }) => e.id),
    [e1],
    'a family sees only its own',
  )

  // Withdrawal from today; the place goes to the head of the wait list at once.
  t.equal(
    (await chair.post(`/api/v1/enrollments/${e1}/withdraw`, { effectiveOn: chinaDay(0), reason: '家长要求' })).statusCode,
    403,
    "nobody withdraws a child on the family's behalf",
  )
  const early = await ta.as(w.tokens.parent1).post(`/api/v1/enrollments/${e1}/withdraw`, { effectiveOn: chinaDay(-1), reason: '搬家' })
  t.equal(early.json().code, 'withdraw-date-in-past')
  const withdrawn = await expectStatus(200, ta.as(w.tokens.parent1).post(`/api/v1/enrollments/${e1}/withdraw`, { effectiveOn: chinaDay(0), reason: '搬家' }))
  t.match(withdrawn, { status: 'withdrawn', withdrawnOn: chinaDay(0), withdrawReason: '搬家' })
  t.equal((await expectStatus(200, ta.as(w.tokens.parent1).get(`/api/v1/applications/${a1.id}`))).status, 'withdrawn')
  const movedUp = await expectStatus(200, ta.as(p3.token).get(`/api/v1/applications/${a3.id}`))
  t.match(movedUp, { status: 'approved', waitlistPosition: null })
  t.equal((await expectStatus(200, ta.as(p5.token).get(`/api/v1/applications/${a5.id}`))).waitlistPosition, 1)
  const e3 = await expectStatus(200, ta.as(p3.token).get(`/api/v1/enrollments/${movedUp.enrollmentId}`))
  t.equal(e3.status, 'awaiting_agreement')
  await expectStatus(200, ta.as(p3.token).post(`/api/v1/enrollments/${e3.id}/agreement/sign`, { name: '王三家长', startsOn: chinaDay(3) }))

  const places = await ta.db.selectFrom('enrollments').select('status').where('plan_id', '=', plan.id).where('status', '<>', 'withdrawn').execute()
  t.equal(places.length, 3, 'never more places than capacity')
  const trail = await ta.db.selectFrom('audit_events').select('action').orderBy('at').execute()
  for (const action of [
    'plan.submitted',
    'plan.returned',
    'plan.approved',
    'application.submitted',
    'application.first-review',
    'application.approval',
    'enrollment.created',
    'enrollment.agreement-signed',
    'enrollment.withdrawn',
  ]) {
    t.ok(
      trail.some((a) => a.action === action),
      `audited: ${action}`,
    )
  }
})

import t from 'tap'
import { build, seedWorld } from '../helpers/app.js'
import { addParent, applicationBody, applyAndApprove, approvedPlan, expectStatus } from '../plans/helpers.js'

t.test('the committee reviews first, then the school approves: no step is skipped', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const other = await seedWorld(ta, 'b')
  const plan = await approvedPlan(ta, w)
  const app = await expectStatus(201, ta.as(w.tokens.parent1).post(`/api/v1/plans/${plan.id}/applications`, applicationBody('王小明')))
  const review = `/api/v1/applications/${app.id}/review`

  const skip = await ta.as(w.tokens.reviewer).post(review, { decision: 'accept' })
  t.equal(skip.statusCode, 422, 'the school cannot approve before the committee\'s first review')
  t.equal(skip.json().code, 'first-review-required')
  t.equal((await ta.as(w.tokens.treasurer).post(review, { decision: 'accept' })).statusCode, 403, 'first review is the chair\'s or a member\'s')
  t.equal((await ta.as(w.tokens.parent1).post(review, { decision: 'accept' })).statusCode, 403, 'a family does not review itself')
  t.equal((await ta.as(other.tokens.chair).post(review, { decision: 'accept' })).statusCode, 404)
  t.equal(await ta.db.selectFrom('application_reviews').select('id').executeTakeFirst(), undefined, 'no review written by the refusals')
  t.equal((await ta.db.selectFrom('applications').select('status').executeTakeFirstOrThrow()).status, 'submitted')
  t.equal(await ta.db.selectFrom('enrollments').select('id').executeTakeFirst(), undefined)

  const first = await expectStatus(200, ta.as(w.tokens.member).post(review, { decision: 'accept', comment: '材料齐全' }))
  t.equal(first.status, 'first_accepted')
  t.equal((await ta.as(w.tokens.chair).post(review, { decision: 'accept' })).statusCode, 403, 'approval is the school\'s')
  t.equal((await ta.as(other.tokens.reviewer).post(review, { decision: 'accept' })).statusCode, 404)
  const approved = await expectStatus(200, ta.as(w.tokens.reviewer).post(review, { decision: 'accept' }))
  t.match(approved, { status: 'approved', waitlistPosition: null })
  t.same(approved.reviews.map((r: { stage: string; decision: string }) => [r.stage, r.decision]), [['first', 'accept'], ['approval', 'accept']])
  const enrollment = await expectStatus(200, ta.as(w.tokens.parent1).get(`/api/v1/enrollments/${approved.enrollmentId}`))
  t.match(enrollment, { status: 'awaiting_agreement', planVersion: 1, feeWaived: false, startsOn: null, agreement: null, student: { name: '王小明' } })
  const done = await ta.as(w.tokens.reviewer).post(review, { decision: 'accept' })
  t.equal(done.statusCode, 409)
  t.equal(done.json().code, 'application-decided')
})

t.test('a rejection gives the family a reason', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const plan = await approvedPlan(ta, w)
  const app = await expectStatus(201, ta.as(w.tokens.parent1).post(`/api/v1/plans/${plan.id}/applications`, applicationBody('王小明')))
  const review = `/api/v1/applications/${app.id}/review`
  t.equal((await ta.as(w.tokens.chair).post(review, { decision: 'reject' })).statusCode, 400)
  const rejected = await expectStatus(200, ta.as(w.tokens.chair).post(review, { decision: 'reject', comment: '非本班学生' }))
  t.equal(rejected.status, 'rejected')
  const seen = await expectStatus(200, ta.as(w.tokens.parent1).get(`/api/v1/applications/${app.id}`))
  t.match(seen.reviews, [{ stage: 'first', decision: 'reject', comment: '非本班学生' }], 'the family sees the status and the reason')
  await expectStatus(201, ta.as(w.tokens.parent1).post(`/api/v1/plans/${plan.id}/applications`, applicationBody('王小明')))
})

t.test('never past capacity: approvals beyond it wait, priority groups first, and move up on withdrawal', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const plan = await approvedPlan(ta, w, { capacity: 2, expectedParticipants: 2 })
  const p3 = await addParent(ta, w, 'a-parent3')
  const p4 = await addParent(ta, w, 'a-parent4')

  const a = await applyAndApprove(ta, w, plan.id, w.tokens.parent1, '甲')
  const b = await applyAndApprove(ta, w, plan.id, w.tokens.parent2, '乙')
  const c = await applyAndApprove(ta, w, plan.id, p3.token, '丙')
  const d = await applyAndApprove(ta, w, plan.id, p4.token, '丁', { priority: ['left_behind'] })
  t.same([a.status, b.status], ['approved', 'approved'])
  t.match(c, { status: 'waitlisted', enrollmentId: null })
  t.match(d, { status: 'waitlisted', enrollmentId: null })
  const enrollments = () => ta.db.selectFrom('enrollments').select(['application_id', 'status']).where('status', '<>', 'withdrawn').execute()
  t.equal((await enrollments()).length, 2, 'no enrollment beyond capacity')

  const cNow = await expectStatus(200, ta.as(p3.token).get(`/api/v1/applications/${c.id}`))
  const dNow = await expectStatus(200, ta.as(p4.token).get(`/api/v1/applications/${d.id}`))
  t.equal(dNow.waitlistPosition, 1, 'the left-behind child is first in line although they applied later')
  t.equal(cNow.waitlistPosition, 2)

  await expectStatus(200, ta.as(w.tokens.parent1).post(`/api/v1/enrollments/${a.enrollmentId}/withdraw`, { effectiveOn: '2025-10-01', reason: '搬家' }))
  const dAfter = await expectStatus(200, ta.as(p4.token).get(`/api/v1/applications/${d.id}`))
  t.match(dAfter, { status: 'approved', waitlistPosition: null })
  t.ok(dAfter.enrollmentId, 'the freed place went to the head of the wait list')
  t.equal((await expectStatus(200, ta.as(p3.token).get(`/api/v1/applications/${c.id}`))).waitlistPosition, 1)
  t.same((await enrollments()).map((e) => e.application_id).sort(), [b.id, d.id].sort())

  // A waiting family may give up; the place-holders are untouched.
  await expectStatus(200, ta.as(p3.token).post(`/api/v1/applications/${c.id}/withdraw`, {}))
  const enrolledWithdraw = await ta.as(w.tokens.parent2).post(`/api/v1/applications/${b.id}/withdraw`, {})
  t.equal(enrolledWithdraw.json().code, 'enrolled', 'a place is given up through the enrollment')
  t.equal((await enrollments()).length, 2)
  const audit = await ta.db.selectFrom('audit_events').select('action').where('action', 'like', 'enrollment.%').execute()
  t.same(audit.map((e) => e.action).sort(), ['enrollment.created', 'enrollment.created', 'enrollment.created', 'enrollment.withdrawn'])
})

t.test('two approvals racing for the last place: one is admitted, one waits', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const plan = await approvedPlan(ta, w, { capacity: 1, expectedParticipants: 1 })
  const ids = []
  for (const [token, student] of [[w.tokens.parent1, '甲'], [w.tokens.parent2, '乙']] as const) {
    const app = await expectStatus(201, ta.as(token).post(`/api/v1/plans/${plan.id}/applications`, applicationBody(student)))
    await expectStatus(200, ta.as(w.tokens.chair).post(`/api/v1/applications/${app.id}/review`, { decision: 'accept' }))
    ids.push(app.id)
  }
  // On PostgreSQL these run in two connections at once; the plan row lock serializes them.
  const results = await Promise.all(ids.map((id) => expectStatus(200, ta.as(w.tokens.reviewer).post(`/api/v1/applications/${id}/review`, { decision: 'accept' }))))
  t.same(results.map((r) => r.status).sort(), ['approved', 'waitlisted'])
  t.equal((await ta.db.selectFrom('enrollments').select('id').execute()).length, 1, 'exactly one enrollment for one place')
})

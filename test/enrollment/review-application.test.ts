import t from 'tap'
import { build, loginAs, PASSWORD, seedWorld } from '../helpers/app.js'
import { addParent, applicationBody, applyAndApprove, approvedPlan, chinaDay, currentTerm, expectStatus } from '../plans/helpers.js'

t.test('the committee reviews first, then the school approves: no step is skipped', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const other = await seedWorld(ta, 'b')
  const plan = await approvedPlan(ta, w)
  const app = await expectStatus(201, ta.as(w.tokens.parent1).post(`/api/v1/plans/${plan.id}/applications`, applicationBody('王小明')))
  const review = `/api/v1/applications/${app.id}/review`

  const skip = await ta.as(w.tokens.reviewer).post(review, { decision: 'accept' })
  t.equal(skip.statusCode, 422, "the school cannot approve before the committee's first review")
  t.equal(skip.json().code, 'first-review-required')
  t.equal((await ta.as(w.tokens.treasurer).post(review, { decision: 'accept' })).statusCode, 403, "first review is the chair's or a member's")
  t.equal((await ta.as(w.tokens.parent1).post(review, { decision: 'accept' })).statusCode, 403, 'a family does not review itself')
  t.equal((await ta.as(other.tokens.chair).post(review, { decision: 'accept' })).statusCode, 404)
  t.equal(await ta.db.selectFrom('application_reviews').select('id').executeTakeFirst(), undefined, 'no review written by the refusals')
  t.equal((await ta.db.selectFrom('applications').select('status').executeTakeFirstOrThrow()).status, 'submitted')
  t.equal(await ta.db.selectFrom('enrollments').select('id').executeTakeFirst(), undefined)

  const first = await expectStatus(200, ta.as(w.tokens.member).post(review, { decision: 'accept', comment: '材料齐全' }))
  t.equal(first.status, 'first_accepted')
  t.equal((await ta.as(w.tokens.chair).post(review, { decision: 'accept' })).statusCode, 403, "approval is the school's")
  t.equal((await ta.as(other.tokens.reviewer).post(review, { decision: 'accept' })).statusCode, 404)
  const approved = await expectStatus(200, ta.as(w.tokens.reviewer).post(review, { decision: 'accept' }))
  t.match(approved, { status: 'approved', waitlistPosition: null })
  t.same(
    approved.reviews.map((r: { stage: string; decision: string }) => [r.stage, r.decision]),
    [
      ['first', 'accept'],
      ['approval', 'accept'],
    ],
  )
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
  const w = await seedWorld(ta, 'a', { term: currentTerm() })
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

  // Never signed, so never in care: the place frees at once, whatever the date given.
  await expectStatus(200, ta.as(w.tokens.parent1).post(`/api/v1/enrollments/${a.enrollmentId}/withdraw`, { effectiveOn: chinaDay(7), reason: '搬家' }))
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

t.test('a rejection racing an approval for the last place: the place is never lost', async (t) => {
  // Capacity 1; A applied first, so while A is in review it reserves the place (decideAdmission).
  // The committee rejects A while the school approves B, at the same moment. Serialized by the
  // plan's row lock, B gets the place whichever runs first. Without the lock (checked by removing
  // lockPlan from loadApplicationForUpdate in enrollment/access.ts: this test then fails on
  // PostgreSQL in most rounds) each transaction sees the other's application as it was: the
  // rejection sees B pending, the approval sees A still reserving, and B waits for a place nobody
  // holds. PGlite has one connection, so there the requests simply run one after the other.
  const ta = await build(t)
  const w = await seedWorld(ta)
  for (let round = 1; round <= 6; round++) {
    const plan = await approvedPlan(ta, w, { capacity: 1, expectedParticipants: 1, title: `方案 ${round}` })
    const ids: string[] = []
    for (const [token, student] of [
      [w.tokens.parent1, `甲${round}`],
      [w.tokens.parent2, `乙${round}`],
    ] as const) {
      const app = await expectStatus(201, ta.as(token).post(`/api/v1/plans/${plan.id}/applications`, applicationBody(student)))
      await expectStatus(200, ta.as(w.tokens.chair).post(`/api/v1/applications/${app.id}/review`, { decision: 'accept' }))
      ids.push(app.id)
    }
    const [a, b] = ids as [string, string]
    await Promise.all([
      expectStatus(200, ta.as(w.tokens.reviewer).post(`/api/v1/applications/${a}/review`, { decision: 'reject', comment: '不符合条件' })),
      expectStatus(200, ta.as(w.tokens.reviewer).post(`/api/v1/applications/${b}/review`, { decision: 'accept' })),
    ])
    const after = await expectStatus(200, ta.as(w.tokens.reviewer).get(`/api/v1/applications/${b}`))
    t.equal(after.status, 'approved', `round ${round}: B holds the place A's rejection freed`)
    t.equal((await ta.db.selectFrom('enrollments').select('id').where('plan_id', '=', plan.id).execute()).length, 1, `round ${round}: one enrollment for one place`)
  }
})

t.test("nobody reviews their own child's application, whatever hats they wear", async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const plan = await approvedPlan(ta, w)
  const apps = `/api/v1/plans/${plan.id}/applications`
  // The chair and the school reviewer are also parents of the class.
  for (const who of ['chair', 'reviewer'] as const) await expectStatus(200, ta.as(w.tokens[who]).post('/api/v1/me/committees', { inviteCode: w.inviteCode }))
  const chairs = await expectStatus(201, ta.as(w.tokens.chair).post(apps, applicationBody('主任之子')))
  const reviewers = await expectStatus(201, ta.as(w.tokens.reviewer).post(apps, applicationBody('审核人之女')))
  const reviewsOf = (id: string) => ta.db.selectFrom('application_reviews').select(['stage', 'reviewer_id']).where('application_id', '=', id).execute()
  const statusOf = (id: string) =>
    ta.db
      .selectFrom('applications')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
      .then((r) => r.status)

  for (const decision of ['accept', 'reject'] as const) {
    const own = await ta.as(w.tokens.chair).post(`/api/v1/applications/${chairs.id}/review`, { decision, comment: '自审' })
    t.equal(own.statusCode, 403, `the chair does not first-review their own child (${decision})`)
    t.match(own.json(), { code: 'forbidden', detail: /guardian who made this application/ })
  }
  t.same(await reviewsOf(chairs.id), [], 'no review written')
  t.equal(await statusOf(chairs.id), 'submitted')
  t.equal(
    (await expectStatus(200, ta.as(w.tokens.member).post(`/api/v1/applications/${chairs.id}/review`, { decision: 'accept' }))).status,
    'first_accepted',
    'a fellow member reviews it',
  )
  t.equal(
    (await expectStatus(200, ta.as(w.tokens.reviewer).post(`/api/v1/applications/${chairs.id}/review`, { decision: 'accept' }))).status,
    'approved',
    "and the school approves the chair's child like any other",
  )

  await expectStatus(200, ta.as(w.tokens.chair).post(`/api/v1/applications/${reviewers.id}/review`, { decision: 'accept' }))
  const ownApproval = await ta.as(w.tokens.reviewer).post(`/api/v1/applications/${reviewers.id}/review`, { decision: 'accept' })
  t.equal(ownApproval.statusCode, 403, 'the school reviewer does not approve their own child')
  t.match(ownApproval.json().detail, /another school reviewer/)
  t.same(
    (await reviewsOf(reviewers.id)).map((r) => r.stage),
    ['first'],
    'no approval written',
  )
  t.equal(await statusOf(reviewers.id), 'first_accepted')
  t.equal(await ta.db.selectFrom('enrollments').select('id').where('application_id', '=', reviewers.id).executeTakeFirst(), undefined, 'no place given')

  // Another reviewer of the school approves it.
  const colleague = await expectStatus(201, ta.as(w.admin).post('/api/v1/users', { login: 'a-reviewer2', password: PASSWORD, name: '另一位审核人' }))
  await expectStatus(201, ta.as(w.admin).post(`/api/v1/schools/${w.schoolId}/reviewers`, { userId: colleague.id }))
  const approved = await expectStatus(200, ta.as(await loginAs(ta, 'a-reviewer2')).post(`/api/v1/applications/${reviewers.id}/review`, { decision: 'accept' }))
  t.match(approved, { status: 'approved' })
  t.same(
    (await reviewsOf(reviewers.id)).map((r) => [r.stage, r.reviewer_id]),
    [
      ['first', w.userIds.chair],
      ['approval', colleague.id],
    ],
  )
})

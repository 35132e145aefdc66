import t from 'tap'
import { build, seedWorld } from '../helpers/app.js'
import { addParent, applicationBody, approvedPlan, expectStatus } from '../plans/helpers.js'

// Issue 14 item 20: disabled, left-behind and migrant priority is self-declared. At first review
// or at the school's approval a reviewer strikes an unsupported claim with a reason; the family
// sees it, and admission order follows.
t.test('a struck priority claim loses its place in the admission order, and the family sees why', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta, 'sp')
  const plan = await approvedPlan(ta, w, { capacity: 1, expectedParticipants: 1 })
  const url = `/api/v1/plans/${plan.id}/applications`
  // The family without priority applied first; the one claiming migrant priority second.
  const plain = await expectStatus(201, ta.as(w.tokens.parent2).post(url, applicationBody('李小红')))
  const claimed = await expectStatus(201, ta.as(w.tokens.parent1).post(url, applicationBody('王小明', { priority: ['migrant'] })))
  const review = (token: string, id: string, body: object) => ta.as(token).post(`/api/v1/applications/${id}/review`, body)

  // Refusals first; none writes anything.
  const notClaimed = await review(w.tokens.member, claimed.id, { decision: 'accept', strikePriority: [{ group: 'disabled', reason: '未提供证明' }] })
  t.equal(notClaimed.statusCode, 422)
  t.equal(notClaimed.json().code, 'priority-not-claimed')
  t.equal(
    (await review(w.tokens.member, claimed.id, { decision: 'reject', comment: '材料不全', strikePriority: [{ group: 'migrant', reason: '无居住证' }] })).statusCode,
    400,
    'a strike goes with an acceptance',
  )
  t.equal((await review(w.tokens.member, claimed.id, { decision: 'accept', strikePriority: [{ group: 'migrant', reason: '' }] })).statusCode, 400, 'and has a reason')
  t.equal((await expectStatus(200, ta.as(w.tokens.member).get(`/api/v1/applications/${claimed.id}`))).status, 'submitted', 'nothing written')
  t.equal(await ta.db.selectFrom('application_priority_strikes').select('id').executeTakeFirst(), undefined)

  const struck = await expectStatus(
    200,
    review(w.tokens.member, claimed.id, { decision: 'accept', strikePriority: [{ group: 'migrant', reason: '未提供居住证，无法认定随迁子女' }] }),
  )
  t.same(struck.priority, [], 'the claim no longer counts')
  t.match(struck.struckPriority, [{ group: 'migrant', reason: '未提供居住证，无法认定随迁子女', stage: 'first' }])
  const seen = await expectStatus(200, ta.as(w.tokens.parent1).get(`/api/v1/applications/${claimed.id}`))
  t.match(seen.struckPriority, [{ group: 'migrant', reason: '未提供居住证，无法认定随迁子女', stage: 'first', struckAt: String }], 'the family sees the reason')
  await expectStatus(200, review(w.tokens.member, plain.id, { decision: 'accept' }))

  // The school approves the struck family first: its place in the order is after the other
  // family's now, so it waits, and the other family takes the one place.
  const waiting = await expectStatus(200, review(w.tokens.reviewer, claimed.id, { decision: 'accept' }))
  t.equal(waiting.status, 'waitlisted', 'without the priority, the family that applied first ranks first')
  const admitted = await expectStatus(200, review(w.tokens.reviewer, plain.id, { decision: 'accept' }))
  t.equal(admitted.status, 'approved')
  const audit = await ta.db.selectFrom('audit_events').select(['data', 'actor_user_id']).where('action', '=', 'application.priority-struck').executeTakeFirstOrThrow()
  t.match(audit, { actor_user_id: w.userIds.member, data: { group: 'migrant', stage: 'first' } })
  await t.rejects(ta.db.deleteFrom('application_priority_strikes').execute(), /append-only/)
})

t.test('the school strikes a claim at approval: a low-income claim not on the register loses its waiver too', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta, 'sq')
  const plan = await approvedPlan(ta, w)
  const p3 = await addParent(ta, w, 'sq-parent3')
  const url = `/api/v1/plans/${plan.id}/applications`
  const a = await expectStatus(201, ta.as(p3.token).post(url, applicationBody('赵小刚', { priority: ['left_behind'], lowIncome: { certificateNo: '410302201500999999' } })))
  t.same(a.priority, ['left_behind', 'low_income'])
  await expectStatus(200, ta.as(w.tokens.member).post(`/api/v1/applications/${a.id}/review`, { decision: 'accept' }))
  const approved = await expectStatus(
    200,
    ta.as(w.tokens.reviewer).post(`/api/v1/applications/${a.id}/review`, { decision: 'accept', strikePriority: [{ group: 'low_income', reason: '建档立卡系统中查无此证号' }] }),
  )
  t.equal(approved.status, 'approved', 'still admitted: there is a place')
  t.same(approved.priority, ['left_behind'], 'the other claim stands')
  t.match(approved.struckPriority, [{ group: 'low_income', stage: 'approval', reason: '建档立卡系统中查无此证号' }])
  const enrollment = await expectStatus(200, ta.as(p3.token).get(`/api/v1/enrollments/${approved.enrollmentId}`))
  t.equal(enrollment.feeWaived, false, 'no waiver on a struck low-income claim')
  t.equal((await ta.as(w.tokens.reviewer).post(`/api/v1/applications/${a.id}/review`, { decision: 'accept' })).json().code, 'application-decided')
})

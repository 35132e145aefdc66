import t from 'tap'
import { build, seedWorld, type TestApp, type World } from '../helpers/app.js'
import { applicationBody, approvedPlan, expectStatus } from '../plans/helpers.js'

// Rule 4: priority groups are admitted first when places are short, whatever order the school
// happens to approve applications in. One place; the left-behind child's family (parent2) applies
// first, a family with no priority (parent1) second.
async function lastPlace(t: Parameters<typeof build>[0]) {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const plan = await approvedPlan(ta, w, { capacity: 1, expectedParticipants: 1 })
  const apply = (token: string, student: string, extra: Record<string, unknown> = {}) =>
    expectStatus(201, ta.as(token).post(`/api/v1/plans/${plan.id}/applications`, applicationBody(student, extra)))
  const priority = await apply(w.tokens.parent2, '留守儿童', { priority: ['left_behind'] })
  const normal = await apply(w.tokens.parent1, '普通学生')
  return { ta, w, planId: plan.id as string, priority, normal }
}

const review = (ta: TestApp, token: string, id: string, body: Record<string, unknown>) => expectStatus(200, ta.as(token).post(`/api/v1/applications/${id}/review`, body))
const enrolled = (ta: TestApp, planId: string) =>
  ta.db
    .selectFrom('enrollments')
    .select('application_id')
    .where('plan_id', '=', planId)
    .execute()
    .then((rows) => rows.map((r) => r.application_id))
const statusOf = (ta: TestApp, id: string) =>
  ta.db
    .selectFrom('applications')
    .select('status')
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
    .then((r) => r.status)

t.test('the school approves the non-priority family first: the last place stays reserved for the priority family still in review', async (t) => {
  const { ta, w, planId, priority, normal } = await lastPlace(t)
  await review(ta, w.tokens.member, priority.id, { decision: 'accept' })
  await review(ta, w.tokens.member, normal.id, { decision: 'accept' })

  const first = await review(ta, w.tokens.reviewer, normal.id, { decision: 'accept' })
  t.match(first, { status: 'waitlisted', enrollmentId: null, waitlistPosition: 1 }, 'approved, but the place is reserved for the priority family ranking ahead')
  t.same(await enrolled(ta, planId), [], 'nobody holds the place yet')

  const second = await review(ta, w.tokens.reviewer, priority.id, { decision: 'accept' })
  t.match(second, { status: 'approved', waitlistPosition: null })
  t.ok(second.enrollmentId)
  t.same(await enrolled(ta, planId), [priority.id], 'the priority family has the one place')
  t.equal(await statusOf(ta, normal.id), 'waitlisted')
  t.equal((await expectStatus(200, ta.as(w.tokens.parent1).get(`/api/v1/applications/${normal.id}`))).waitlistPosition, 1)
})

t.test('while the priority application is still with the committee, it reserves the place too', async (t) => {
  const { ta, w, planId, priority, normal } = await lastPlace(t)
  await review(ta, w.tokens.member, normal.id, { decision: 'accept' })
  t.match(await review(ta, w.tokens.reviewer, normal.id, { decision: 'accept' }), { status: 'waitlisted' })
  t.equal(await statusOf(ta, priority.id), 'submitted')
  t.same(await enrolled(ta, planId), [])
})

t.test('a reservation frees when the pending application is rejected, and the wait list moves up', async (t) => {
  for (const [how, decide] of [
    ['the committee rejects it', (ta: TestApp, w: World, id: string) => review(ta, w.tokens.chair, id, { decision: 'reject', comment: '非本班学生' })],
    [
      'the school rejects it',
      async (ta: TestApp, w: World, id: string) => {
        await review(ta, w.tokens.member, id, { decision: 'accept' })
        return review(ta, w.tokens.reviewer, id, { decision: 'reject', comment: '材料不实' })
      },
    ],
    [
      'the family withdraws it',
      (ta: TestApp, w: World, id: string) => expectStatus(200, ta.as(w.tokens.parent2).post(`/api/v1/applications/${id}/withdraw`, { reason: '不需要了' })),
    ],
  ] as const) {
    await t.test(how, async (t) => {
      const { ta, w, planId, priority, normal } = await lastPlace(t)
      await review(ta, w.tokens.member, normal.id, { decision: 'accept' })
      t.match(await review(ta, w.tokens.reviewer, normal.id, { decision: 'accept' }), { status: 'waitlisted' })
      await decide(ta, w, priority.id)
      t.equal(await statusOf(ta, normal.id), 'approved', 'the waiting family moved up')
      t.same(await enrolled(ta, planId), [normal.id], 'and holds the place')
      const seen = await expectStatus(200, ta.as(w.tokens.parent1).get(`/api/v1/applications/${normal.id}`))
      t.match(seen, { status: 'approved', waitlistPosition: null })
      t.ok(seen.enrollmentId)
    })
  }
})

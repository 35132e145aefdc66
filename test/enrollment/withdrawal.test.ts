import t, { type Test } from 'tap'
import { build, loginAs, seedWorld, type TestApp } from '../helpers/app.js'
import { applyAndApprove, approvedPlan, chinaDay, currentTerm, expectStatus } from '../plans/helpers.js'

/** Children of the plan in care on `date`, counted in the database the way the roster counts them. */
async function inCareOn(ta: TestApp, planId: string, date: string): Promise<number> {
  const rows = await ta.db
    .selectFrom('enrollments')
    .select('id')
    .where('plan_id', '=', planId)
    .where('status', 'in', ['active', 'withdrawn'])
    .where('starts_on', '<=', date)
    .where((eb) => eb.or([eb('withdrawn_on', 'is', null), eb('withdrawn_on', '>', date)]))
    .execute()
  return rows.length
}

/** One place: parent1's child holds it and is in care from today; parent2's child waits. */
async function onePlaceTaken(t: Test) {
  const ta = await build(t)
  const w = await seedWorld(ta, 'a', { term: currentTerm() })
  const plan = await approvedPlan(ta, w, { capacity: 1, expectedParticipants: 1 })
  const holder = await applyAndApprove(ta, w, plan.id, w.tokens.parent1, '张一')
  await expectStatus(200, ta.as(w.tokens.parent1).post(`/api/v1/enrollments/${holder.enrollmentId}/agreement/sign`, { name: '张一家长' }))
  const waiting = await applyAndApprove(ta, w, plan.id, w.tokens.parent2, '李二')
  t.match(waiting, { status: 'waitlisted', waitlistPosition: 1 })
  return { ta, w, planId: plan.id as string, holder, waiting }
}

const enrollmentOf = (ta: TestApp, applicationId: string) => ta.db.selectFrom('enrollments').selectAll().where('application_id', '=', applicationId).executeTakeFirst()

t.test('a withdrawal from a later date keeps the place until that date; the wait list moves up on it', async (t) => {
  const { ta, w, planId, holder, waiting } = await onePlaceTaken(t)
  const lastDay = chinaDay(6)
  const leaves = chinaDay(7)
  const withdrawn = await expectStatus(200, ta.as(w.tokens.parent1).post(`/api/v1/enrollments/${holder.enrollmentId}/withdraw`, { effectiveOn: leaves, reason: '搬家' }))
  t.match(withdrawn, { status: 'withdrawn', withdrawnOn: leaves })

  t.equal(await enrollmentOf(ta, waiting.id), undefined, 'no enrollment for the waiting family while the child is still in care')
  t.match(await expectStatus(200, ta.as(w.tokens.parent2).get(`/api/v1/applications/${waiting.id}`)), { status: 'waitlisted', waitlistPosition: 1, enrollmentId: null })
  t.equal(await inCareOn(ta, planId, chinaDay(0)), 1)
  t.equal(await inCareOn(ta, planId, lastDay), 1, 'the leaving child is in care until the last day')

  const run = `/api/v1/plans/${planId}/admissions/run`
  t.equal((await ta.as(w.tokens.parent2).post(run)).statusCode, 403, 'a family does not run admission')
  t.equal((await ta.as(w.tokens.member).post(run)).statusCode, 403)
  t.match(
    await expectStatus(200, ta.as(w.tokens.chair).post(run)),
    { today: chinaDay(0), capacity: 1, placesHeld: 1, admitted: [], waiting: [waiting.id] },
    'the place is still held today',
  )
  t.equal(await enrollmentOf(ta, waiting.id), undefined)

  // A week later, by the app's clock: the first day without care.
  ta.clock.advance({ days: 7 })
  {
    t.equal(chinaDay(0, ta.clock.now()), leaves, 'a week later, on the first day without care')
    const chair = await loginAs(ta, 'a-chair')
    t.match(await expectStatus(200, ta.as(chair).post(run)), { today: leaves, placesHeld: 1, admitted: [waiting.id], waiting: [] }, 'the place is given from the effective date')
    const e = await enrollmentOf(ta, waiting.id)
    t.match(e, { status: 'awaiting_agreement', plan_id: planId })
    t.same((await expectStatus(200, ta.as(chair).post(run))).admitted, [], 'running it again changes nothing')
    const parent2 = await loginAs(ta, 'a-parent2')
    const signed = await expectStatus(200, ta.as(parent2).post(`/api/v1/enrollments/${e!.id}/agreement/sign`, { name: '李二家长' }))
    t.equal(signed.startsOn, leaves, 'care starts for the new child on the day the other leaves')
  }
  for (let d = 0; d <= 10; d++) t.equal(await inCareOn(ta, planId, chinaDay(d)), 1, `never more children than places on ${chinaDay(d)}`)
  t.equal((await ta.db.selectFrom('enrollments').select('id').where('plan_id', '=', planId).execute()).length, 2)
})

t.test('a withdrawal from today frees the place at once', async (t) => {
  const { ta, planId, holder, waiting } = await onePlaceTaken(t)
  // Three days of care later, the family withdraws from today: the place is free now.
  ta.clock.advance({ days: 3 })
  const today = (days = 0) => chinaDay(days, ta.clock.now())
  const parent1 = await loginAs(ta, 'a-parent1')
  await expectStatus(200, ta.as(parent1).post(`/api/v1/enrollments/${holder.enrollmentId}/withdraw`, { effectiveOn: today(), reason: '转学' }))
  t.match(await enrollmentOf(ta, waiting.id), { status: 'awaiting_agreement' }, 'the wait list moved up at once')
  t.equal(await inCareOn(ta, planId, today(-1)), 1, 'the leaving child was in care until yesterday')
  t.equal(await inCareOn(ta, planId, today()), 0)
})

t.test('withdrawal is never backdated', async (t) => {
  const { ta, w, holder } = await onePlaceTaken(t)
  const url = `/api/v1/enrollments/${holder.enrollmentId}/withdraw`
  const before = await ta.db.selectFrom('enrollments').selectAll().where('id', '=', holder.enrollmentId).executeTakeFirstOrThrow()
  const yesterday = await ta.as(w.tokens.parent1).post(url, { effectiveOn: chinaDay(-1), reason: '搬家' })
  t.equal(yesterday.statusCode, 422)
  t.equal(yesterday.json().code, 'withdraw-date-in-past')
  t.same(
    yesterday.json().errors.map((e: { path: string }) => e.path),
    ['body.effectiveOn'],
  )
  const lastYear = await ta.as(w.tokens.parent1).post(url, { effectiveOn: '2025-10-01', reason: '搬家' })
  t.equal(lastYear.json().code, 'withdraw-date-in-past')
  const afterTerm = await ta.as(w.tokens.parent1).post(url, { effectiveOn: chinaDay(200), reason: '搬家' })
  t.equal(afterTerm.json().code, 'withdraw-date-invalid', 'and not after the term')
  t.same(await ta.db.selectFrom('enrollments').selectAll().where('id', '=', holder.enrollmentId).executeTakeFirstOrThrow(), before, 'the enrollment is unchanged')
  t.equal((await ta.db.selectFrom('audit_events').select('id').where('action', '=', 'enrollment.withdrawn').execute()).length, 0, 'nothing audited')
})

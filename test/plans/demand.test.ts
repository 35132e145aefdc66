import t from 'tap'
import { build, seedWorld } from '../helpers/app.js'
import { expectStatus, planBody } from './helpers.js'

t.test('demand first: no submission before demand is asked and answered', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const chair = ta.as(w.tokens.chair)
  const plan = await expectStatus(201, chair.post(`/api/v1/committees/${w.committeeId}/plans`, planBody(w.termId)))

  const early = await chair.post(`/api/v1/plans/${plan.id}/submit`)
  t.equal(early.statusCode, 422)
  t.equal(early.json().code, 'demand-not-asked')

  t.equal((await ta.as(w.tokens.member).post(`/api/v1/plans/${plan.id}/demand/open`)).statusCode, 403, 'a member does not open the survey')
  const opened = await expectStatus(200, ta.as(w.tokens.treasurer).post(`/api/v1/plans/${plan.id}/demand/open`))
  t.equal(opened.status, 'demand_open')
  t.ok(opened.demandOpenedAt)
  const again = await chair.post(`/api/v1/plans/${plan.id}/demand/open`)
  t.equal(again.statusCode, 409)
  t.equal(again.json().code, 'demand-already-open')

  const unanswered = await chair.post(`/api/v1/plans/${plan.id}/submit`)
  t.equal(unanswered.statusCode, 422)
  t.equal(unanswered.json().code, 'no-demand-responses')
  t.equal(await ta.db.selectFrom('plan_versions').select('version').executeTakeFirst(), undefined, 'no version frozen by a refused submission')
  t.equal((await ta.db.selectFrom('plans').select('status').where('id', '=', plan.id).executeTakeFirstOrThrow()).status, 'demand_open')

  // Parents answer; answering again replaces the earlier answer.
  const url = `/api/v1/plans/${plan.id}/demand/responses/me`
  await expectStatus(200, ta.as(w.tokens.parent1).put(url, { need: false }))
  const changed = await expectStatus(200, ta.as(w.tokens.parent1).put(url, { need: true, preferredWeekdays: [5, 1, 3], students: 2, note: '双胞胎' }))
  t.same(changed.preferredWeekdays, [1, 3, 5])
  await expectStatus(200, ta.as(w.tokens.parent2).put(url, { need: true, preferredWeekdays: [1, 2] }))
  t.equal((await ta.as(w.tokens.chair).put(url, { need: true })).statusCode, 403, 'an officer who is not a parent of the class does not answer')
  const weekend = await ta.as(w.tokens.parent2).put(url, { need: true, preferredWeekdays: [6] })
  t.equal(weekend.statusCode, 400)
  t.equal((await ta.db.selectFrom('demand_responses').select('user_id').execute()).length, 2, 'one answer per family')

  const summary = await expectStatus(200, chair.get(`/api/v1/plans/${plan.id}/demand`))
  t.match(summary, { responses: 2, familiesNeeding: 2, studentsNeeding: 3, byWeekday: { 1: 3, 2: 1, 3: 2, 4: 0, 5: 2 }, mine: null })
  const mine = await expectStatus(200, ta.as(w.tokens.parent2).get(`/api/v1/plans/${plan.id}/demand`))
  t.same(mine.mine.preferredWeekdays, [1, 2], 'a parent sees their own answer')

  const version = await expectStatus(201, chair.post(`/api/v1/plans/${plan.id}/submit`))
  t.match(version, { version: 1, demandCount: 2, demandNeeded: 3, feeFen: 30000, review: null })
  await expectStatus(200, ta.as(w.tokens.reviewer).post(`/api/v1/plans/${plan.id}/review`, { decision: 'approve' }))
  const late = await ta.as(w.tokens.parent1).put(url, { need: false })
  t.equal(late.statusCode, 409)
  t.equal(late.json().code, 'demand-closed')
  t.equal((await ta.db.selectFrom('demand_responses').select('need').where('user_id', '=', w.userIds.parent1!).executeTakeFirstOrThrow()).need, true, 'the answer stands')
})

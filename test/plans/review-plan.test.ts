import { sql } from 'kysely'
import t from 'tap'
import { getPlanForService } from '../../src/modules/plans/service.js'
import { build, seedWorld } from '../helpers/app.js'
import { expectStatus, planBody } from './helpers.js'

t.test('submit, return with a comment, resubmit, approve: every submission is a frozen version', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const other = await seedWorld(ta, 'b')
  const chair = ta.as(w.tokens.chair)
  const reviewer = ta.as(w.tokens.reviewer)
  const plan = await expectStatus(201, chair.post(`/api/v1/committees/${w.committeeId}/plans`, planBody(w.termId)))
  const p = `/api/v1/plans/${plan.id}`
  await expectStatus(200, chair.post(`${p}/demand/open`))
  await expectStatus(200, ta.as(w.tokens.parent1).put(`${p}/demand/responses/me`, { need: true }))

  t.equal((await ta.as(w.tokens.treasurer).post(`${p}/submit`)).statusCode, 403, "submitting is the chair's")
  const v1 = await expectStatus(201, chair.post(`${p}/submit`))
  t.equal(v1.version, 1)
  const locked = await chair.patch(p, { feeFen: 1 })
  t.equal(locked.statusCode, 409, 'no edits while the school reviews')
  t.equal(locked.json().code, 'plan-locked')
  const twice = await chair.post(`${p}/submit`)
  t.equal(twice.json().code, 'already-submitted')

  t.equal((await chair.post(`${p}/review`, { decision: 'approve' })).statusCode, 403, 'the committee does not approve its own plan')
  t.equal((await ta.as(other.tokens.reviewer).post(`${p}/review`, { decision: 'approve' })).statusCode, 404, "another school's reviewer learns nothing")
  const bare = await reviewer.post(`${p}/review`, { decision: 'return' })
  t.equal(bare.statusCode, 400, 'a return says what to change')
  t.same(
    bare.json().errors.map((e: { path: string }) => e.path),
    ['body.comment'],
  )
  t.equal(await ta.db.selectFrom('plan_reviews').select('id').executeTakeFirst(), undefined, 'no review written by a refusal')

  const returned = await expectStatus(200, reviewer.post(`${p}/review`, { decision: 'return', comment: '收费标准偏高，请说明人员劳务的测算依据' }))
  t.match(returned, { version: 1, review: { decision: 'return', comment: '收费标准偏高，请说明人员劳务的测算依据' } })
  t.equal((await chair.get(p)).json().status, 'returned')
  const edited = await expectStatus(200, chair.patch(p, { feeFen: 28000 }))
  t.equal(edited.feeFen, 28000)
  const v2 = await expectStatus(201, chair.post(`${p}/submit`))
  t.equal(v2.version, 2)
  t.equal(v2.feeFen, 28000)

  const stale = await reviewer.post(`${p}/review`, { decision: 'approve', version: 1 })
  t.equal(stale.statusCode, 409, 'approving a version other than the one submitted is refused')
  t.equal(stale.json().code, 'version-changed')
  const approved = await expectStatus(200, reviewer.post(`${p}/review`, { decision: 'approve', version: 2, comment: '同意' }))
  t.match(approved, { version: 2, feeFen: 28000, review: { decision: 'approve', reviewerId: w.userIds.reviewer } })
  const after = await expectStatus(200, chair.get(p))
  t.match(after, { status: 'approved', approvedVersion: 2, latestVersion: 2, takesApplications: true })

  const history = await expectStatus(200, chair.get(`${p}/versions`))
  t.same(
    history.items.map((v: { version: number; feeFen: number; review: { decision: string } }) => [v.version, v.feeFen, v.review.decision]),
    [
      [1, 30000, 'return'],
      [2, 28000, 'approve'],
    ],
  )
  t.equal((await ta.as(w.tokens.parent1).get(`${p}/versions`)).statusCode, 403, 'the review correspondence is between committee and school')

  const tamper = await sql`UPDATE plan_versions SET fee_fen = 1 WHERE plan_id = ${plan.id}`.execute(ta.db).then(
    () => 'updated',
    (e: Error) => e.message,
  )
  t.match(tamper, /append-only/, 'the database refuses to change a submitted version')
  const actions = await ta.db.selectFrom('audit_events').select('action').where('entity_id', '=', plan.id).orderBy('at').execute()
  t.same(
    actions.map((a) => a.action),
    ['plan.created', 'plan.demand-opened', 'plan.demand-answered', 'plan.submitted', 'plan.returned', 'plan.updated', 'plan.submitted', 'plan.approved'],
  )
})

t.test('an approved plan changes only through a new, approved version; billing keeps the old one meanwhile', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const chair = ta.as(w.tokens.chair)
  const plan = await expectStatus(201, chair.post(`/api/v1/committees/${w.committeeId}/plans`, planBody(w.termId)))
  const p = `/api/v1/plans/${plan.id}`
  await expectStatus(200, chair.post(`${p}/demand/open`))
  await expectStatus(200, ta.as(w.tokens.parent1).put(`${p}/demand/responses/me`, { need: true }))
  await expectStatus(201, chair.post(`${p}/submit`))
  await expectStatus(200, ta.as(w.tokens.reviewer).post(`${p}/review`, { decision: 'approve' }))
  const before = await ta.db.selectFrom('plans').selectAll().where('id', '=', plan.id).executeTakeFirstOrThrow()

  for (const change of [{ feeFen: 40000 }, { billing: 'term' }, { capacity: 60 }, { schedule: { weekdays: [1, 3], startTime: '16:30', endTime: '18:00' } }]) {
    const res = await chair.patch(p, change)
    t.equal(res.statusCode, 409, `editing ${Object.keys(change)[0]} of an approved plan is refused`)
    t.equal(res.json().code, 'plan-locked')
    t.match(res.json().detail, /new version/)
  }
  t.same(await ta.db.selectFrom('plans').selectAll().where('id', '=', plan.id).executeTakeFirstOrThrow(), before, 'nothing written')
  const resubmit = await chair.post(`${p}/submit`)
  t.equal(resubmit.json().code, 'already-approved')

  t.equal((await ta.as(w.tokens.parent1).post(`${p}/revise`)).statusCode, 403)
  const revising = await expectStatus(200, chair.post(`${p}/revise`))
  t.match(revising, { status: 'demand_open', approvedVersion: 1, takesApplications: true })
  await expectStatus(200, chair.patch(p, { feeFen: 32000, capacity: 40 }))
  const billed = await getPlanForService(ta.db, plan.id)
  t.match(billed?.approvedVersion, { version: 1, feeFen: 30000, capacity: 30 }, 'billing keeps using version 1 while version 2 is drafted')

  await expectStatus(201, chair.post(`${p}/submit`))
  t.match((await getPlanForService(ta.db, plan.id))?.approvedVersion, { version: 1, feeFen: 30000 }, '…and while it is reviewed')
  await expectStatus(200, ta.as(w.tokens.reviewer).post(`${p}/review`, { decision: 'approve' }))
  const now = await getPlanForService(ta.db, plan.id)
  t.match(now, {
    id: plan.id,
    committeeId: w.committeeId,
    schoolId: w.schoolId,
    termId: w.termId,
    termStartsOn: '2025-09-01',
    termEndsOn: '2026-01-16',
    status: 'approved',
    approvedVersion: { version: 2, weekdays: [1, 2, 3, 4, 5], startTime: '16:30', endTime: '18:00', feeFen: 32000, billing: 'monthly', capacity: 40 },
  })
})

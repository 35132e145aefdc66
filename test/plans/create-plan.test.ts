import t from 'tap'
import { getPlanForService } from '../../src/modules/plans/service.js'
import { build, seedWorld } from '../helpers/app.js'
import { expectStatus, planBody } from './helpers.js'

t.test('a committee drafts a plan; the cost per student its budget implies is shown beside the fee', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const res = await ta.as(w.tokens.treasurer).post(`/api/v1/committees/${w.committeeId}/plans`, planBody(w.termId))
  t.equal(res.statusCode, 201)
  const plan = res.json()
  t.equal(plan.status, 'draft')
  t.equal(plan.feeFen, 30000)
  t.equal(plan.approvedVersion, null)
  t.equal(plan.takesApplications, false)
  t.same(plan.schedule, { weekdays: [1, 2, 3, 4, 5], startTime: '16:30', endTime: '18:00', place: '教学楼三楼 302 教室' })
  t.match(plan.cost, { budgetTotalFen: 4_500_000, months: 5, perStudentPerMonthFen: 30000, perStudentPerTermFen: 150000, feePerStudentPerTermFen: 150000, feeAboveCost: false })
  t.match(plan.cost.explanation, /预算合计 45000\.00 元 ÷ 预计 30 人 ÷ 5 个月（2025-09 至 2026-01） = 每生每月 300\.00 元/)

  // 45,001.00 yuan cannot be split evenly: the share rounds up to the fen, and a 300-yuan fee is now below cost.
  const odd = await ta.as(w.tokens.chair).patch(`/api/v1/plans/${plan.id}`, { budget: [{ category: '人员劳务', amountFen: 4_500_100 }] })
  t.equal(odd.statusCode, 200)
  t.match(odd.json().cost, { budgetTotalFen: 4_500_100, perStudentPerMonthFen: 30001, perStudentPerTermFen: 150004, feeAboveCost: false })
  const high = await ta.as(w.tokens.chair).patch(`/api/v1/plans/${plan.id}`, { feeFen: 35000 })
  t.equal(high.json().cost.feeAboveCost, true, 'a fee above the budgeted cost is flagged for the reviewer')

  const audit = await ta.db.selectFrom('audit_events').select('action').where('entity_id', '=', plan.id).orderBy('at').execute()
  t.same(
    audit.map((a) => a.action),
    ['plan.created', 'plan.updated', 'plan.updated'],
  )
  t.equal(await getPlanForService(ta.db, plan.id).then((p) => p?.approvedVersion), null, 'no approved version: nothing can be billed')
  t.equal(await getPlanForService(ta.db, '00000000-0000-4000-8000-000000000000'), null)
})

t.test('the schedule must fit the school policy window', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const chair = ta.as(w.tokens.chair)
  const url = `/api/v1/committees/${w.committeeId}/plans`
  const cases: [string, Record<string, unknown>, string[]][] = [
    ['ends before 18:00', { weekdays: [1, 2, 3, 4, 5], startTime: '16:30', endTime: '17:30' }, ['body.schedule.endTime']],
    ['runs on Saturday', { weekdays: [1, 6], startTime: '16:30', endTime: '18:00' }, ['body.schedule.weekdays']],
    ['starts during lessons', { weekdays: [1], startTime: '14:00', endTime: '18:00' }, ['body.schedule.startTime']],
    ['runs past evening study', { weekdays: [1], startTime: '18:30', endTime: '22:00' }, ['body.schedule.endTime']],
  ]
  for (const [why, schedule, paths] of cases) {
    const res = await chair.post(url, planBody(w.termId, { schedule }))
    t.equal(res.statusCode, 422, why)
    t.equal(res.json().code, 'schedule-outside-policy', why)
    t.same(
      res.json().errors.map((e: { path: string }) => e.path),
      paths,
      why,
    )
  }
  const evening = await chair.post(url, planBody(w.termId, { schedule: { weekdays: [1, 2, 3, 4, 5], startTime: '18:30', endTime: '21:30' } }))
  t.equal(evening.statusCode, 201, 'evening study 18:30–21:30 fits')

  const malformed = await chair.post(url, planBody(w.termId, { schedule: { weekdays: [1, 1], startTime: '4:30pm', endTime: '16:00' } }))
  t.equal(malformed.statusCode, 400)
  t.same(
    malformed
      .json()
      .errors.map((e: { path: string }) => e.path)
      .sort(),
    ['body.schedule.startTime', 'body.schedule.weekdays'],
  )
  const inverted = await chair.post(url, planBody(w.termId, { schedule: { weekdays: [1], startTime: '19:00', endTime: '18:30' } }))
  t.equal(inverted.statusCode, 400)
  t.same(
    inverted.json().errors.map((e: { path: string }) => e.path),
    ['body.schedule.endTime'],
  )

  const overfull = await chair.post(url, planBody(w.termId, { capacity: 20, expectedParticipants: 30 }))
  t.equal(overfull.statusCode, 422)
  t.equal(overfull.json().code, 'expected-over-capacity')
  const fractional = await chair.post(url, planBody(w.termId, { feeFen: 300.5 }))
  t.equal(fractional.statusCode, 400, 'money is whole fen')
  const dupCategory = await chair.post(
    url,
    planBody(w.termId, {
      budget: [
        { category: '保险', amountFen: 1 },
        { category: '保险', amountFen: 2 },
      ],
    }),
  )
  t.equal(dupCategory.statusCode, 400)

  const plans = await ta.db.selectFrom('plans').select('id').execute()
  t.equal(plans.length, 1, 'only the valid plan was written')
})

t.test('who may draft, edit and see plans', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const other = await seedWorld(ta, 'b')
  const url = `/api/v1/committees/${w.committeeId}/plans`

  t.equal((await ta.as(w.tokens.parent1).post(url, planBody(w.termId))).statusCode, 403, 'a parent does not draft plans')
  t.equal((await ta.as(w.tokens.auditor).post(url, planBody(w.termId))).statusCode, 403, 'the auditor checks, does not draft')
  t.equal((await ta.as(other.tokens.chair).post(url, planBody(w.termId))).statusCode, 404, "another school's chair learns nothing")
  const foreignTerm = await ta.as(w.tokens.chair).post(url, planBody(other.termId))
  t.equal(foreignTerm.statusCode, 404, "a plan cannot name another school's term")
  t.equal(await ta.db.selectFrom('plans').select('id').executeTakeFirst(), undefined, 'nothing written')

  const plan = await expectStatus(201, ta.as(w.tokens.chair).post(url, planBody(w.termId)))
  t.equal((await ta.as(w.tokens.parent1).get(`/api/v1/plans/${plan.id}`)).statusCode, 404, 'a draft is not shown to parents')
  t.same((await ta.as(w.tokens.parent1).get(url)).json().items, [], 'nor listed')
  t.equal((await ta.as(w.tokens.reviewer).get(`/api/v1/plans/${plan.id}`)).statusCode, 200, 'the school sees drafts')
  t.equal((await ta.as(other.tokens.reviewer).get(`/api/v1/plans/${plan.id}`)).statusCode, 404, "another school's reviewer does not")
  t.equal((await ta.as(w.tokens.member).patch(`/api/v1/plans/${plan.id}`, { title: 'x' })).statusCode, 403)
  const empty = await ta.as(w.tokens.chair).patch(`/api/v1/plans/${plan.id}`, {})
  t.equal(empty.statusCode, 400, 'an edit changes something')

  await expectStatus(200, ta.as(w.tokens.chair).post(`/api/v1/plans/${plan.id}/demand/open`))
  t.equal((await ta.as(w.tokens.parent1).get(`/api/v1/plans/${plan.id}`)).statusCode, 200, 'parents see the plan once demand is asked')
  const listed = (await ta.as(w.tokens.parent2).get(url)).json()
  t.same(
    listed.items.map((p: { id: string }) => p.id),
    [plan.id],
  )
  t.equal(listed.nextCursor, null)
})

import t from 'tap'
import { chinaDateOf } from '../../src/china-time.js'
import { build, seedWorld } from '../helpers/app.js'
import { applicationBody, approvedPlan, expectStatus } from '../plans/helpers.js'

t.test("the app's clock decides every now and today: moved a month, the China date moves with it", async (t) => {
  // 23:30 in Beijing is 15:30 UTC: the date in China is already the next day's in some zones and not in others.
  const ta = await build(t, {}, { now: '2026-09-15T23:30:00+08:00' })
  const w = await seedWorld(ta, 'clk', { term: { startsOn: '2026-09-01', endsOn: '2026-12-31' } })
  const plan = await approvedPlan(ta, w)
  const run = () => expectStatus(200, ta.as(w.tokens.chair).post(`/api/v1/plans/${plan.id}/admissions/run`))
  t.equal((await run()).today, '2026-09-15', 'today in China, whatever the server’s own zone')

  ta.clock.advance({ minutes: 40 })
  t.equal((await run()).today, '2026-09-16', 'past midnight in China it is the next day')

  ta.clock.advance({ days: 30 })
  t.equal((await run()).today, '2026-10-16', 'a month later')
  const application = await expectStatus(201, ta.as(w.tokens.parent1).post(`/api/v1/plans/${plan.id}/applications`, applicationBody('钟小表')))
  t.equal(chinaDateOf(new Date(application.createdAt)), '2026-10-16', 'what a rule reads (the submission time admission orders by) is written from the clock')
  const audit = await ta.db.selectFrom('audit_events').select('at').where('action', '=', 'application.submitted').executeTakeFirstOrThrow()
  t.equal(chinaDateOf(audit.at), '2026-10-16', 'and so is the audit trail')
})

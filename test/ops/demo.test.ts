import t from 'tap'
import { loadConfig } from '../../src/config.js'
import { DEMO_PASSWORD, loadDemoData } from '../../src/demo.js'
import { build, loginAs } from '../helpers/app.js'

t.test('demo data: loaded once into an empty database, and every printed login works', async (t) => {
  const ta = await build(t)
  const demo = await loadDemoData({ config: loadConfig({ LOG_LEVEL: 'silent' }), db: ta.db, realClock: ta.clock })
  t.ok(demo)
  for (const u of demo!.users) {
    const token = await loginAs(ta, u.login, DEMO_PASSWORD)
    t.equal((await ta.as(token).get('/api/v1/me')).statusCode, 200, `${u.login} signs in`)
  }
  const chair = await loginAs(ta, 'chair', DEMO_PASSWORD)
  const plan = (await ta.as(chair).get(`/api/v1/plans/${(demo as unknown as { planId: string }).planId}`)).json()
  t.equal(plan.approvedVersion, 1, 'the demo plan is approved by the school')
  const enrollments = (await ta.as(chair).get(`/api/v1/plans/${plan.id}/enrollments`)).json().items
  t.same(enrollments.map((e: { status: string }) => e.status).sort(), ['active', 'active', 'active', 'awaiting_agreement'], 'three families signed, one still to sign')

  // The staff chapter: a signed contract, a closed survey with results, a month's pay.
  const staffStory = demo as unknown as { contractId: string; surveyId: string }
  const contract = (await ta.as(chair).get(`/api/v1/contracts/${staffStory.contractId}`)).json()
  t.match(contract, { staffName: '周老师', status: /^(active|expired)$/ }, 'in force this term (expired once the term is over)')
  t.same(contract.signatures.map((s: { party: string }) => s.party).sort(), ['chair', 'staff'], 'signed by both')
  const results = (await ta.as(chair).get(`/api/v1/surveys/${staffStory.surveyId}/results`)).json()
  t.match(results, { status: 'closed', shown: true, answers: 5 })
  t.equal(results.staff[0].flagged, false)
  const pay = (await ta.as(chair).get(`/api/v1/committees/${plan.committeeId}/staff-pay?month=2026-09`)).json()
  t.equal(pay.contracts.length, 1)
  t.ok(pay.contracts[0].sessions >= 19, `${pay.contracts[0].sessions} sessions in September`)
  t.equal(pay.contracts[0].totalFen, Math.round((4000 * 110 * pay.contracts[0].sessions) / 60), '40 yuan an hour, 110 minutes a session')
  const decisions = (await ta.as(chair).get(`/api/v1/contracts/${staffStory.contractId}/renewal-decisions`)).json()
  t.match(decisions.items, [{ decision: 'renew', surveyId: staffStory.surveyId }])
  const page = await ta.as(null).get(`/p/${demo!.slug}`)
  t.equal(page.statusCode, 200, 'the printed public page exists')
  const before = await ta.db.selectFrom('users').select(ta.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  await loadDemoData({ config: loadConfig({ LOG_LEVEL: 'silent' }), db: ta.db, realClock: ta.clock })
  const after = await ta.db.selectFrom('users').select(ta.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  t.equal(Number(after.n), Number(before.n), 'a second start adds nothing')
})

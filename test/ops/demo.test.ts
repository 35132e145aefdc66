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
  t.same(enrollments.map((e: { status: string }) => e.status).sort(), ['active', 'awaiting_agreement'], 'one family signed, one still to sign')
  const page = await ta.as(null).get(`/p/${demo!.slug}`)
  t.equal(page.statusCode, 200, 'the printed public page exists')
  const before = await ta.db.selectFrom('users').select(ta.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  await loadDemoData({ config: loadConfig({ LOG_LEVEL: 'silent' }), db: ta.db, realClock: ta.clock })
  const after = await ta.db.selectFrom('users').select(ta.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  t.equal(Number(after.n), Number(before.n), 'a second start adds nothing')
})

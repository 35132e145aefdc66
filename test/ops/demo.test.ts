import t from 'tap'
import { DEMO_PASSWORD, loadDemoData } from '../../src/demo.js'
import { build, loginAs } from '../helpers/app.js'

t.test('demo data: loaded once into an empty database, and every printed login works', async (t) => {
  const ta = await build(t)
  const demo = await loadDemoData(ta.db)
  t.ok(demo)
  for (const u of demo!.users) {
    const token = await loginAs(ta, u.login, DEMO_PASSWORD)
    t.equal((await ta.as(token).get('/api/v1/me')).statusCode, 200, `${u.login} signs in`)
  }
  const page = await ta.as(null).get(`/p/${demo!.slug}`)
  t.equal(page.statusCode, 200, 'the printed public page exists')
  const before = await ta.db.selectFrom('users').select(ta.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  await loadDemoData(ta.db)
  const after = await ta.db.selectFrom('users').select(ta.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  t.equal(Number(after.n), Number(before.n), 'a second start adds nothing')
})

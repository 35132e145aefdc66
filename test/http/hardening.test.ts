import { Socket } from 'node:net'
import t from 'tap'
import { build, seedWorld } from '../helpers/app.js'

t.test('authentication follows the matched route, not the raw URL', async (t) => {
  const ta = await build(t)
  await seedWorld(ta)
  for (const url of ['/%61pi/v1/me', '/%61pi/v1/schools', '/api/v1/%73chools']) {
    const res = await ta.as(null).get(url)
    t.equal(res.statusCode, 401, `${url} without a token`)
  }
  const logout = await ta.as(null).post('/%61pi/v1/auth/logout')
  t.equal(logout.statusCode, 401, 'logout without a token is 401, not 500')
})

t.test('a public address that is no slug is not found, and never reaches the database (a NUL would be refused there)', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  for (const url of ['/p/%00/statements', '/p/a%00b/statements/2026-09.json', '/p/%00/statements/verify', '/p/%00', `/p/${w.slug.toUpperCase()}x%00/statements`]) {
    const res = await ta.as(null).get(url)
    t.equal(res.statusCode, 404, url)
    t.match(res.json(), { status: 404, code: 'not-found' }, `${url} is a not-found problem`)
  }
  t.equal((await ta.as(null).get(`/p/${w.slug.toUpperCase()}/statements`)).statusCode, 200, 'an address typed in capitals still finds its committee')
})

t.test('input PostgreSQL would refuse is a 400, never a 500', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const admin = ta.as(w.admin)

  const forged = Buffer.from(JSON.stringify(['not-a-time', '00000000-0000-4000-8000-000000000000'])).toString('base64url')
  const cursor = await admin.get(`/api/v1/schools?cursor=${forged}`)
  t.equal(cursor.statusCode, 400)
  t.equal(cursor.json().errors[0].path, 'querystring.cursor')

  const year0 = await admin.post(`/api/v1/schools/${w.schoolId}/terms`, { name: '远古学期', startsOn: '0000-01-01', endsOn: '0000-06-01' })
  t.equal(year0.statusCode, 400)
  t.same(
    year0
      .json()
      .errors.map((e: { path: string }) => e.path)
      .sort(),
    ['body.endsOn', 'body.startsOn'],
  )

  const nul = await admin.post('/api/v1/schools', { name: 'a\u0000b' })
  t.equal(nul.statusCode, 400)
  t.equal(nul.json().code, 'validation-failed')
  t.equal(await ta.db.selectFrom('schools').select('id').where('name', 'like', 'a%b').executeTakeFirst(), undefined, 'nothing written')
})

async function redisUp(): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket()
    s.setTimeout(300)
    s.once('connect', () => {
      s.destroy()
      resolve(true)
    })
    s.once('error', () => resolve(false))
    s.once('timeout', () => {
      s.destroy()
      resolve(false)
    })
    s.connect(6379, '127.0.0.1')
  })
}

const redis = await redisUp()
// This machine kind runs Redis; a newcomer's laptop may not, and there the test is skipped.
t.test('with REDIS_URL, instances share one login rate limit', { skip: redis || process.env.CI === 'true' ? false : 'no Redis at 127.0.0.1:6379' }, async (t) => {
  if (!redis) {
    t.fail('Redis at 127.0.0.1:6379 is expected on CI')
    return
  }
  const env = { REDIS_URL: 'redis://127.0.0.1:6379', LOGIN_RATE_LIMIT_PER_MINUTE: '3' }
  const a = await build(t, env)
  const b = await build(t, env)
  const ip = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`
  const attempt = (x: typeof a) => x.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'nobody', password: 'wrong-password' }, remoteAddress: ip })
  const codes = [(await attempt(a)).statusCode, (await attempt(b)).statusCode, (await attempt(a)).statusCode, (await attempt(b)).statusCode]
  t.same(codes, [401, 401, 401, 429], 'the fourth attempt is refused whichever instance it reaches')
})

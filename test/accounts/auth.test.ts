import t from 'tap'
import { build, loginAs, PASSWORD, seedWorld } from '../helpers/app.js'

t.test('login, me, logout and token expiry', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)

  const wrong = await ta.as(null).post('/api/v1/auth/login', { login: 'a-chair', password: 'not-the-password' })
  t.equal(wrong.statusCode, 401)
  t.equal(wrong.json().code, 'unauthorized')
  const unknown = await ta.as(null).post('/api/v1/auth/login', { login: 'nobody-here', password: 'whatever-pass' })
  t.equal(unknown.statusCode, 401)
  t.equal(unknown.json().detail, wrong.json().detail, 'an unknown login reads the same as a wrong password')

  const me = await ta.as(w.tokens.chair).get('/api/v1/me')
  t.equal(me.statusCode, 200)
  t.equal(me.json().user.login, 'a-chair')
  t.notOk('passwordHash' in me.json().user, 'no hash leaves')
  t.same(me.json().roles, [{ kind: 'committee', committeeId: w.committeeId, schoolId: w.schoolId, role: 'chair' }])

  const reviewerMe = (await ta.as(w.tokens.reviewer).get('/api/v1/me')).json()
  t.same(reviewerMe.roles, [{ kind: 'reviewer', schoolId: w.schoolId }])
  const parentMe = (await ta.as(w.tokens.parent1).get('/api/v1/me')).json()
  t.same(parentMe.roles, [{ kind: 'committee', committeeId: w.committeeId, schoolId: w.schoolId, role: 'parent' }])

  const stored = await ta.db.selectFrom('sessions').select('token_hash').execute()
  t.notOk(
    stored.some((s) => s.token_hash === w.tokens.chair),
    'tokens are stored hashed',
  )

  t.equal((await ta.as(null).get('/api/v1/me')).statusCode, 401, 'no token: 401')
  const bogus = await ta.as('made-up-token').get('/api/v1/me')
  t.equal(bogus.statusCode, 401)
  t.match(bogus.json().detail, /invalid or has expired/)

  // Expire the chair's session in the database: the token stops working.
  await ta.db
    .updateTable('sessions')
    .set({ expires_at: new Date(Date.now() - 1000) })
    .where('user_id', '=', w.userIds.chair!)
    .execute()
  t.equal((await ta.as(w.tokens.chair).get('/api/v1/me')).statusCode, 401, 'expired token: 401')

  const out = await ta.as(w.tokens.treasurer).post('/api/v1/auth/logout')
  t.equal(out.statusCode, 204)
  t.equal((await ta.as(w.tokens.treasurer).get('/api/v1/me')).statusCode, 401, 'logged-out token: 401')
})

t.test('session TTL comes from config', async (t) => {
  const ta = await build(t, { SESSION_TTL_HOURS: '2' })
  await seedWorld(ta)
  const res = await ta.as(null).post('/api/v1/auth/login', { login: 'a-chair', password: PASSWORD })
  const ttl = new Date(res.json().expiresAt).getTime() - Date.now()
  t.ok(ttl > 1.9 * 3600_000 && ttl <= 2 * 3600_000, `expires in about 2 h (${ttl} ms)`)
})

t.test('accounts: admin creates, parents self-register with an invite code', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const anon = ta.as(null)

  const noCode = await anon.post('/api/v1/users', { login: 'walk-in', password: PASSWORD, name: '路人' })
  t.equal(noCode.statusCode, 401, 'anonymous without invite code')
  const notAdmin = await ta.as(w.tokens.chair).post('/api/v1/users', { login: 'walk-in', password: PASSWORD, name: '路人' })
  t.equal(notAdmin.statusCode, 403, 'a chair cannot create arbitrary accounts')
  const badCode = await anon.post('/api/v1/users', { login: 'walk-in', password: PASSWORD, name: '路人', inviteCode: 'NOPE1234' })
  t.equal(badCode.statusCode, 422)
  t.equal(badCode.json().code, 'invite-code-invalid')
  t.equal(await ta.db.selectFrom('users').where('login', '=', 'walk-in').select('id').executeTakeFirst(), undefined, 'nothing written on refusal')

  const ok = await anon.post('/api/v1/users', { login: 'New-Parent', password: PASSWORD, name: '新家长', phone: '13912345678', inviteCode: w.inviteCode })
  t.equal(ok.statusCode, 201)
  t.equal(ok.json().login, 'new-parent', 'logins are case-insensitive')
  const token = await loginAs(ta, 'new-parent')
  t.equal((await ta.as(token).get(`/api/v1/committees/${w.committeeId}`)).statusCode, 200, 'the new parent sees their committee')

  const dup = await anon.post('/api/v1/users', { login: 'new-parent', password: PASSWORD, name: 'x', inviteCode: w.inviteCode })
  t.equal(dup.statusCode, 409)
  t.equal(dup.json().code, 'login-taken')

  const weak = await anon.post('/api/v1/users', { login: 'weak-one', password: 'short', name: 'x', inviteCode: w.inviteCode })
  t.equal(weak.statusCode, 400)
  t.same(
    weak.json().errors.map((e: { path: string }) => e.path),
    ['body.password'],
  )

  const audit = await ta.db.selectFrom('audit_events').selectAll().where('action', '=', 'user.created').where('entity_id', '=', ok.json().id).execute()
  t.equal(audit.length, 1, 'self-registration is audited')
})

t.test('login is rate-limited', async (t) => {
  const ta = await build(t, { LOGIN_RATE_LIMIT_PER_MINUTE: '3' })
  const codes: number[] = []
  for (let i = 0; i < 5; i++) codes.push((await ta.as(null).post('/api/v1/auth/login', { login: 'someone', password: 'guess-guess' })).statusCode)
  t.same(codes, [401, 401, 401, 429, 429])
  const limited = await ta.as(null).post('/api/v1/auth/login', { login: 'someone', password: 'guess-guess' })
  t.equal(limited.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.equal(limited.json().code, 'rate-limited')
})

import t from 'tap'
import { build, PASSWORD, seedWorld } from '../helpers/app.js'

// Issue 14 items 4 and 5: self-registration tells nobody which logins exist, invite codes are
// rate-limited like login, and the rate limit is for strangers, not for an admin at work.
t.test('an unknown invite code gets the same answer whether the login is taken or free', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const register = (login: string, inviteCode: string) => ta.as(null).post('/api/v1/users', { login, password: PASSWORD, name: '陌生人', inviteCode })
  const taken = await register('a-parent1', 'NO-SUCH-CODE')
  const free = await register('nobody-has-this', 'NO-SUCH-CODE')
  t.equal(taken.statusCode, 422, 'a taken login with an unknown code')
  t.equal(free.statusCode, 422, 'a free login with an unknown code')
  const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined })
  t.same(strip(taken.json()), strip(free.json()), 'the same problem either way')
  t.equal(taken.json().code, 'invite-code-invalid')
  t.equal(await ta.db.selectFrom('users').select('id').where('login', '=', 'nobody-has-this').executeTakeFirst(), undefined, 'nothing written')

  // With the committee's real code, a parent is told to choose another login.
  const real = await register('a-parent1', w.inviteCode)
  t.equal(real.statusCode, 409)
  t.equal(real.json().code, 'login-taken')
})

t.test('joining a committee with an invite code is rate-limited like login', async (t) => {
  const ta = await build(t, { LOGIN_RATE_LIMIT_PER_MINUTE: '3' })
  const w = await seedWorld(ta)
  const codes: number[] = []
  for (let i = 0; i < 4; i++) codes.push((await ta.as(w.tokens.parent1).post('/api/v1/me/committees', { inviteCode: `GUESS${i}` })).statusCode)
  t.same(codes, [422, 422, 422, 429], 'guessing invite codes stops at the limit')
})

t.test('the rate limit is for strangers: an admin creates accounts freely', async (t) => {
  const ta = await build(t, { LOGIN_RATE_LIMIT_PER_MINUTE: '3' })
  const w = await seedWorld(ta)
  const admin = ta.as(w.admin)
  const created: number[] = []
  for (let i = 0; i < 6; i++) created.push((await admin.post('/api/v1/users', { login: `staff-${i}`, password: PASSWORD, name: `员工${i}` })).statusCode)
  t.same(created, [201, 201, 201, 201, 201, 201], 'six quick admin POST /users, none limited')

  const strangers: number[] = []
  for (let i = 0; i < 4; i++)
    strangers.push((await ta.as(null).post('/api/v1/users', { login: `self-${i}`, password: PASSWORD, name: '家长', inviteCode: w.inviteCode })).statusCode)
  t.same(strangers, [201, 201, 201, 429], 'self-registration is limited')

  const logins: number[] = []
  for (let i = 0; i < 4; i++) logins.push((await ta.as(null).post('/api/v1/auth/login', { login: 'nobody', password: 'wrong-password' })).statusCode)
  t.same(logins, [401, 401, 401, 429], 'login is limited')

  // A bad token is no admin: it does not lift the limit.
  const forged = await ta.as('not-a-token').post('/api/v1/users', { login: 'self-9', password: PASSWORD, name: '家长', inviteCode: w.inviteCode })
  t.equal(forged.statusCode, 429)
})

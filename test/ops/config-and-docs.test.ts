import { spawnSync } from 'node:child_process'
import t from 'tap'
import { ConfigError, loadConfig } from '../../src/config.js'
import { build, seedWorld } from '../helpers/app.js'

t.test('config: defaults, and a bad value names the variable', async (t) => {
  const c = loadConfig({})
  t.equal(c.port, 3000)
  t.equal(c.databaseUrl, undefined, 'no DATABASE_URL means embedded PGlite')
  t.equal(c.dataDir, './data')
  t.equal(c.sessionTtlMs, 12 * 3600_000)
  t.equal(loadConfig({ DATABASE_URL: '' }).databaseUrl, undefined, 'an empty variable counts as unset')
  for (const [env, name] of [
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ PUBLIC_BASE_URL: 'not a url' }, 'PUBLIC_BASE_URL'],
    [{ SESSION_TTL_HOURS: '-1' }, 'SESSION_TTL_HOURS'],
    [{ ADMIN_LOGIN: 'root' }, 'ADMIN_LOGIN'],
  ] as const) {
    let caught: unknown
    try {
      loadConfig(env)
    } catch (e) {
      caught = e
    }
    t.ok(caught instanceof ConfigError && caught.message.includes(name), `${JSON.stringify(env)} → names ${name}`)
  }
})

t.test('the server refuses to start on bad config, with the variable in the message', async (t) => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env: { ...process.env, PORT: 'abc', DATABASE_URL: '' }, encoding: 'utf8', timeout: 60_000 })
  t.equal(run.status, 2)
  t.match(run.stderr, /PORT/)
})

t.test('health, readiness, OpenAPI and the public page', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  t.same((await ta.as(null).get('/health')).json(), { status: 'ok' })
  t.same((await ta.as(null).get('/ready')).json(), { status: 'ready' })
  const doc = (await ta.as(null).get('/docs/json')).json()
  const ops = Object.values(doc.paths as Record<string, Record<string, { operationId?: string; tags?: string[]; summary?: string }>>).flatMap((p) => Object.values(p))
  const ids = ops.map((o) => o.operationId)
  for (const id of [
    'login',
    'getMe',
    'createSchool',
    'getSchool',
    'listSchools',
    'addSchoolReviewer',
    'createUser',
    'createCommittee',
    'getCommittee',
    'listCommittees',
    'addCommitteeMember',
    'createTerm',
    'listTerms',
  ]) {
    t.ok(ids.includes(id), `OpenAPI lists ${id}`)
  }
  t.notOk(
    ops.some((o) => !o.operationId || !o.tags?.length || !o.summary),
    'every operation has an id, a tag and a summary',
  )
  t.equal(new Set(ids).size, ids.length, 'operationIds are unique')
  t.ok((await ta.as(null).get('/docs')).statusCode < 400, 'Swagger UI answers')

  const page = await ta.as(null).get(`/p/${w.slug}`)
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /text\/html/)
  t.match(page.body, '三年级2班家委会')
  t.notMatch(page.body, w.inviteCode, 'the invite code is not public')
  t.equal((await ta.as(null).get('/p/no-such-committee')).statusCode, 404)
})

t.test('the audit trail is written for changes and cannot be edited', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const events = await ta.db.selectFrom('audit_events').select(['action', 'entity_id', 'actor_user_id', 'request_id']).where('entity_id', '=', w.committeeId).execute()
  t.same(events.map((e) => e.action).sort(), ['committee.created', 'committee.member-added', 'committee.member-added', 'committee.member-added', 'committee.member-added'])
  t.ok(
    events.every((e) => e.actor_user_id && e.request_id),
    'actor and request id recorded',
  )
  await t.rejects(ta.db.updateTable('audit_events').set({ action: 'forged' }).execute(), /append-only/)
  await t.rejects(ta.db.deleteFrom('audit_events').execute(), /append-only/)
})

import t from 'tap'
import { build, seedWorld } from '../helpers/app.js'

const PROBLEM = 'application/problem+json; charset=utf-8'

t.test('every error is a problem+json with a useful detail and no stack', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const admin = ta.as(w.admin)

  const malformed = await admin.post('/api/v1/schools', '{"name": "x",', { headers: { 'content-type': 'application/json' } })
  t.equal(malformed.statusCode, 400)
  t.equal(malformed.headers['content-type'], PROBLEM)
  t.equal(malformed.json().code, 'malformed-json')
  t.match(malformed.json().detail, /not valid JSON/)

  const wrongType = await admin.post(`/api/v1/schools/${w.schoolId}/committees`, { name: 'x', slug: 'ok-slug', level: 'class', grade: 'three', className: '1班' })
  t.equal(wrongType.statusCode, 400)
  t.equal(wrongType.json().code, 'validation-failed')
  t.same(
    wrongType.json().errors.map((e: { path: string }) => e.path),
    ['body.grade'],
  )
  t.match(wrongType.json().detail, /body\.grade/)

  const missing = await admin.post(`/api/v1/schools/${w.schoolId}/terms`, { name: '春季' })
  t.equal(missing.statusCode, 400)
  t.same(
    missing
      .json()
      .errors.map((e: { path: string }) => e.path)
      .sort(),
    ['body.endsOn', 'body.startsOn'],
  )

  const crossField = await admin.post(`/api/v1/schools/${w.schoolId}/committees`, { name: 'x', slug: 'ok-slug', level: 'class', grade: 3 })
  t.equal(crossField.statusCode, 400)
  t.same(
    crossField.json().errors.map((e: { path: string }) => e.path),
    ['body.className'],
  )

  const badParam = await admin.get('/api/v1/committees/not-a-uuid')
  t.equal(badParam.statusCode, 400)
  t.same(
    badParam.json().errors.map((e: { path: string }) => e.path),
    ['params.committeeId'],
  )

  const badQuery = await admin.get('/api/v1/schools?limit=5000')
  t.equal(badQuery.statusCode, 400)
  t.same(
    badQuery.json().errors.map((e: { path: string }) => e.path),
    ['querystring.limit'],
  )

  const badCursor = await admin.get('/api/v1/schools?cursor=garbage')
  t.equal(badCursor.statusCode, 400)
  t.equal(badCursor.json().errors[0].path, 'querystring.cursor')

  const unknownCommittee = await admin.get('/api/v1/committees/00000000-0000-4000-8000-000000000000')
  t.equal(unknownCommittee.statusCode, 404)
  t.equal(unknownCommittee.headers['content-type'], PROBLEM)
  t.match(unknownCommittee.json().detail, /Committee .* not found/)

  const route = await admin.get('/api/v1/nothing-here')
  t.equal(route.statusCode, 404)
  t.equal(route.json().code, 'route-not-found')

  const noToken = await ta.as(null).get(`/api/v1/committees/${w.committeeId}`)
  t.equal(noToken.statusCode, 401)
  t.equal(noToken.headers['content-type'], PROBLEM)

  const huge = await admin.post('/api/v1/schools', { name: 'x'.repeat(1024 * 1024 + 10) })
  t.equal(huge.statusCode, 413)
  t.equal(huge.json().code, 'body-too-large')

  const media = await admin.post('/api/v1/schools', 'name=x', { headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  t.equal(media.statusCode, 415)
  t.equal(media.headers['content-type'], PROBLEM)

  const dupSlug = await admin.post(`/api/v1/schools/${w.schoolId}/committees`, { name: 'x', slug: w.slug, level: 'school' })
  t.equal(dupSlug.statusCode, 409)
  t.equal(dupSlug.json().code, 'slug-taken')

  for (const res of [malformed, wrongType, missing, unknownCommittee, route, noToken, huge, media, dupSlug]) {
    const body = res.json()
    t.match(body, { type: String, title: String, status: res.statusCode, detail: String, code: String })
    t.notMatch(res.body, /at .*\.ts:\d+/, 'no stack trace leaves')
  }
  t.ok(malformed.headers['x-request-id'], 'every answer names its request id')
})

import t from 'tap'
import { build } from '../helpers/app.js'

const PROBLEM = 'application/problem+json; charset=utf-8'

// Issue 14 item 3: the errors Fastify answers itself, before any route runs, are problems too.
t.test('a path parameter over the length limit answers 414 as a problem', async (t) => {
  const ta = await build(t)
  for (const url of [`/api/v1/committees/${'a'.repeat(150)}`, `/p/${'x'.repeat(101)}`]) {
    const res = await ta.as(null).get(url)
    t.equal(res.statusCode, 414, url.slice(0, 30))
    t.equal(res.headers['content-type'], PROBLEM)
    t.match(res.json(), { type: 'https://jiawei.app/problems/uri-too-long', status: 414, code: 'uri-too-long', title: 'URI Too Long' })
    t.notMatch(res.body, /FST_ERR|statusCode/, "no trace of Fastify's own body")
    t.ok(res.headers['x-request-id'], 'the request id comes back, as on every answer')
    t.equal(res.headers['x-content-type-options'], 'nosniff')
  }
})

t.test('a bad percent-encoding in the path answers 400 as a problem', async (t) => {
  const ta = await build(t)
  for (const url of ['/api/v1/committees/%ZZ', '/p/%E4%ZZ', '/api/v1/schools/%']) {
    const res = await ta.as(null).get(url)
    t.equal(res.statusCode, 400, url)
    t.equal(res.headers['content-type'], PROBLEM)
    t.match(res.json(), { status: 400, code: 'bad-url', title: 'Bad Request' })
    t.notMatch(res.body, /FST_ERR|statusCode/)
    t.ok(res.headers['x-request-id'])
  }
})

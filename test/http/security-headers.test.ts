import t from 'tap'
import { ConfigError, loadConfig } from '../../src/config.js'
import { build, seedWorld } from '../helpers/app.js'

// Issue 14 item 2: helmet's headers everywhere, a CSP for the HTML pages that Swagger UI still
// works under, and CORS closed unless CORS_ORIGINS lists an origin.
t.test('every answer carries the security headers', async (t) => {
  const ta = await build(t)
  for (const url of ['/health', '/api/v1/me', '/api/v1/no-such-route', '/docs/json']) {
    const res = await ta.as(null).get(url)
    t.equal(res.headers['x-content-type-options'], 'nosniff', `${url}: nosniff`)
    t.equal(res.headers['referrer-policy'], 'no-referrer', `${url}: no referrer`)
    t.match(res.headers['content-security-policy'], /frame-ancestors 'none'/, `${url}: never framed`)
    t.equal(res.headers['x-frame-options'], 'DENY', `${url}: never framed (old browsers)`)
  }
})

t.test('the public page runs under a CSP that allows its own style and nothing else', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const res = await ta.as(null).get(`/p/${w.slug}`)
  t.equal(res.statusCode, 200)
  const csp = String(res.headers['content-security-policy'])
  t.match(csp, /default-src 'none'/)
  t.notMatch(csp, /unsafe-inline|unsafe-eval/, 'no inline script or style by blanket permission')
  t.match(csp, /style-src 'sha256-[A-Za-z0-9+/=]+'/, 'the page’s one style block, by its hash')
  t.notMatch(csp, /script-src/, 'no script at all (default-src none)')
})

t.test('Swagger UI at /docs has its own policy, and its assets load', async (t) => {
  const ta = await build(t)
  const page = await ta.as(null).get('/docs/')
  t.equal(page.statusCode, 200)
  const csp = String(page.headers['content-security-policy'])
  t.match(csp, /script-src 'self'/, 'its scripts come from this server')
  t.match(csp, /frame-ancestors 'none'/)
  for (const asset of [...page.body.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1])) {
    const res = await ta.as(null).get(`/docs/${asset}`)
    t.equal(res.statusCode, 200, `/docs/${asset} loads`)
  }
})

t.test('CORS is closed by default and opens only to the listed origins', async (t) => {
  const preflight = (x: Awaited<ReturnType<typeof build>>, origin: string) =>
    x.app.inject({ method: 'OPTIONS', url: '/api/v1/auth/login', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } })
  const closed = await build(t)
  const res = await preflight(closed, 'https://school.example')
  t.equal(res.headers['access-control-allow-origin'], undefined, 'no origin is allowed without CORS_ORIGINS')
  const simple = await closed.app.inject({ method: 'GET', url: '/health', headers: { origin: 'https://school.example' } })
  t.equal(simple.headers['access-control-allow-origin'], undefined)

  const open = await build(t, { CORS_ORIGINS: 'https://school.example, https://jiawei.example:8443' })
  const allowed = await preflight(open, 'https://school.example')
  t.equal(allowed.headers['access-control-allow-origin'], 'https://school.example')
  t.match(String(allowed.headers['access-control-allow-headers']).toLowerCase(), /authorization/)
  t.equal((await preflight(open, 'https://jiawei.example:8443')).headers['access-control-allow-origin'], 'https://jiawei.example:8443')
  t.equal((await preflight(open, 'https://evil.example')).headers['access-control-allow-origin'], undefined, 'an unlisted origin gets nothing')
  const get = await open.app.inject({ method: 'GET', url: '/health', headers: { origin: 'https://school.example' } })
  t.equal(get.headers['access-control-allow-origin'], 'https://school.example')
  t.match(String(get.headers['access-control-expose-headers']).toLowerCase(), /x-request-id/)
})

t.test('CORS_ORIGINS takes origins only', async (t) => {
  t.same(loadConfig({}).corsOrigins, [])
  t.same(loadConfig({ CORS_ORIGINS: 'https://a.example,http://localhost:5173' }).corsOrigins, ['https://a.example', 'http://localhost:5173'])
  for (const bad of ['*', 'a.example', 'https://a.example/path', 'ftp://a.example']) {
    t.throws(() => loadConfig({ CORS_ORIGINS: bad }), ConfigError, bad)
    try {
      loadConfig({ CORS_ORIGINS: bad })
    } catch (e) {
      t.match((e as Error).message, /CORS_ORIGINS/, `${bad}: names the variable`)
    }
  }
})

import spectralCore from '@stoplight/spectral-core'
import spectralParsers from '@stoplight/spectral-parsers'
import spectralRulesets from '@stoplight/spectral-rulesets'
import t from 'tap'
import { build } from '../helpers/app.js'

// The packages are CommonJS; their ESM default export carries the classes.
const { Spectral, Document } = spectralCore as unknown as typeof import('@stoplight/spectral-core')
const { Json } = spectralParsers as unknown as typeof import('@stoplight/spectral-parsers')
const { oas } = spectralRulesets as unknown as typeof import('@stoplight/spectral-rulesets')

type Operation = { operationId: string; security?: unknown[]; responses: Record<string, { content?: Record<string, unknown> }> }
type Doc = { paths: Record<string, Record<string, Operation>> }

const operations = (doc: Doc) => Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })))

t.test("the OpenAPI document passes Spectral's oas ruleset with no warning", async (t) => {
  const ta = await build(t)
  const doc = (await ta.as(null).get('/docs/json')).json()
  const spectral = new Spectral()
  spectral.setRuleset({ extends: [[oas as never, 'recommended']] })
  const results = await spectral.run(new Document(JSON.stringify(doc), Json))
  t.same(
    results.map((r) => `${r.code} at ${r.path.join('.')}: ${r.message}`),
    [],
    'no errors, warnings or hints',
  )
})

t.test('the document and the auth rule say the same: a route with a bearer requirement answers 401 without a token, and only those', async (t) => {
  const ta = await build(t)
  const doc: Doc = (await ta.as(null).get('/docs/json')).json()
  const ops = operations(doc)
  t.ok(ops.length > 40, `${ops.length} operations`)
  const uuid = '00000000-0000-4000-8000-000000000000'
  for (const { path, method, op } of ops) {
    const url = path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'date' ? '2026-10-09' : name === 'slug' ? 'no-such-committee' : uuid))
    const res = await ta.as(null).post(url, {}, { method: method as 'POST' })
    const documented = (op.security?.length ?? 0) > 0
    if (documented) t.equal(res.statusCode, 401, `${op.operationId} needs a token`)
    else t.not(res.statusCode, 401, `${op.operationId} is public`)
    t.equal(documented, Boolean(op.responses['401']), `${op.operationId} documents its 401 exactly when it needs a token`)
    for (const [status, response] of Object.entries(op.responses)) {
      if (Number(status) >= 400) t.same(Object.keys(response.content ?? {}), ['application/problem+json'], `${op.operationId} ${status} is a problem`)
    }
  }
})

// Fuzzing from the app's own OpenAPI document (issue 19): every operation in /docs/json gets valid
// and hostile requests from its schemas, sent by the actors of a seeded world. Properties: nothing
// answers ≥ 500; every error is application/problem+json with its status and title (and, for a
// validation failure, the field paths); every 2xx is declared and its JSON body matches the
// declared schema; afterwards the books still balance, entry by entry and in total, and what was
// posted before is still there.
//
//   FUZZ_SEED=20261202   the seed (printed on failure, with a replay line)
//   FUZZ_RUNS=40         requests per operation (GETs: half before the writes, half after)
//   FUZZ_ONLY=a,b        only these operationIds (the world is the same; the state before them is not)
//   FUZZ_TRACE=<file>    append every request and its status to that file as it goes (a hang shows where)
import { createHash } from 'node:crypto'
import { appendFileSync } from 'node:fs'
import fc from 'fast-check'
import { sql } from 'kysely'
import t from 'tap'
import { trialBalance } from '../../src/modules/ledger/service.js'
import { FUZZ_NOW, fuzzWorld } from './fuzz-world.js'
import { type OpenApiDoc, type Operation, operationsOf, responseValidator } from './openapi.js'
import { describe, type FuzzRequest, requestsFor } from './requests.js'

const SEED = Number(process.env.FUZZ_SEED ?? 20261202)
const RUNS = Number(process.env.FUZZ_RUNS ?? 40)
const ONLY = process.env.FUZZ_ONLY ? new Set(process.env.FUZZ_ONLY.split(',')) : null

/** Operations that undo or close what others work on run after them; logout ends the actors' sessions, so it runs last. */
const CLOSING = new Set([
  'reversePayment',
  'terminateContract',
  'withdrawApplication',
  'withdrawEnrollment',
  'removeProvider',
  'commitSettlement',
  'confirmSettlement',
  'writeOffArrears',
  'markRefundPaid',
  'confirmImport',
])
const LAST = new Set(['logout'])

function seedFor(operationId: string, pass: number): number {
  const h = createHash('sha256').update(`${operationId}#${pass}`).digest().readInt32BE(0)
  return (SEED ^ h) | 0
}

interface Check {
  op: Operation
  validate: ReturnType<typeof responseValidator>
  problemSchema: Record<string, unknown>
}

type Res = { statusCode: number; headers: Record<string, unknown>; body: string }

/** Why a response breaks a property, or null. */
function violation({ op, validate, problemSchema }: Check, res: Res): string | null {
  const status = res.statusCode
  const type = String(res.headers['content-type'] ?? '')
  if (status >= 500) return `answered ${status}: ${res.body.slice(0, 800)}`
  // The pages a person opens in a browser (the survey form from a QR code) answer a person: an
  // error is a page saying what went wrong, and the entry page redirects to the form (303).
  const page = Object.values(op.responses).some((media) => 'text/html' in media)
  if (page && status >= 300 && status < 400) return res.headers.location ? null : `${status} without a Location`
  if (page && status >= 400 && type.startsWith('text/html')) return /\bat [\w.<>]+ \(|node_modules/.test(res.body) ? 'a stack trace left in an error page' : null
  if (status >= 400) {
    if (!type.startsWith('application/problem+json')) return `${status} as ${type || 'no content type'}, not application/problem+json: ${res.body.slice(0, 300)}`
    let problem: { status?: unknown; title?: unknown; code?: unknown; errors?: { path: string }[] }
    try {
      problem = JSON.parse(res.body)
    } catch {
      return `${status} problem is not JSON: ${res.body.slice(0, 300)}`
    }
    const invalid = validate(problemSchema, problem)
    if (invalid) return `${status} problem does not match the Problem schema: ${invalid}: ${res.body.slice(0, 300)}`
    if (problem.status !== status) return `problem says status ${String(problem.status)}, the response is ${status}`
    if (typeof problem.title !== 'string' || problem.title === '') return 'problem without a title'
    if (problem.code === 'validation-failed') {
      if (!problem.errors?.length) return `a validation failure names no field (errors[] empty): ${res.body.slice(0, 300)}`
      const bad = problem.errors.find((e) => !/^(body|params|querystring|headers)(\.|$)/.test(e.path))
      if (bad) return `validation error path ${JSON.stringify(bad.path)} is not body/params/querystring/headers.…`
    }
    if (/\bat [\w.<>]+ \(|node_modules|\/src\/[\w/-]+\.ts/.test(res.body)) return `a stack trace or source path left: ${res.body.slice(0, 300)}`
    return null
  }
  if (status >= 300) return `answered ${status}`
  const declared = op.responses[String(status)]
  if (!declared) return `answered ${status}, which is not declared (declared: ${Object.keys(op.responses).join(', ')})`
  if (status === 204) return res.body ? `204 with a body: ${res.body.slice(0, 100)}` : null
  const json = declared['application/json']
  if (json) {
    if (!type.startsWith('application/json')) return `${status} as ${type}, declared application/json`
    let body: unknown
    try {
      body = JSON.parse(res.body)
    } catch {
      return `${status} body is not JSON: ${res.body.slice(0, 200)}`
    }
    const invalid = validate(json, body)
    return invalid ? `${status} body does not match its declared schema: ${invalid}\n    body: ${res.body.slice(0, 600)}` : null
  }
  const media = Object.keys(declared)
  return media.some((m) => type.startsWith(m)) ? null : `${status} as ${type}, declared ${media.join(', ')}`
}

interface Stats {
  requests: number
  byOp: Map<string, Map<number, number>>
  undocumented: Map<string, Set<number>>
  /** Requests that took over a second: the slowest first, for the summary. */
  slow: { ms: number; what: string }[]
}

async function ledgerSnapshot(db: Parameters<typeof trialBalance>[0]) {
  const rows = await sql<{ id: string; total: string; lines: number }>`
    SELECT e.id::text AS id, coalesce(sum(l.amount_fen), 0)::text AS total, count(l.entry_id)::int AS lines
    FROM journal_entries e LEFT JOIN journal_lines l ON l.entry_id = e.id GROUP BY e.id`.execute(db)
  return new Map(rows.rows.map((r) => [r.id, r]))
}

t.test(`fuzzing every operation of /docs/json (seed ${SEED}, ${RUNS} requests per operation)`, async (t) => {
  const started = Date.now()
  const fw = await fuzzWorld(t)
  const { ta } = fw
  t.comment(`world built in ${((Date.now() - started) / 1000).toFixed(1)} s at ${FUZZ_NOW}${fw.gaps.length ? `; gaps: ${fw.gaps.join(' | ')}` : ''}`)
  const doc: OpenApiDoc = (await ta.as(null).get('/docs/json')).json()
  const validate = responseValidator(doc)
  const problemSchema = doc.components?.schemas?.Problem
  if (!problemSchema) throw new Error('no Problem schema in the document')
  const all = operationsOf(doc)
  const ops = all.filter((op) => !ONLY || ONLY.has(op.operationId))
  const before = await ledgerSnapshot(ta.db)
  const idempotencyKeys = Array.from({ length: 6 }, (_, i) => `fuzz-key-${SEED}-${i}`)
  const stats: Stats = { requests: 0, byOp: new Map(), undocumented: new Map(), slow: [] }

  const reads = ops.filter((o) => o.method === 'GET')
  const writes = ops.filter((o) => o.method !== 'GET' && !CLOSING.has(o.operationId) && !LAST.has(o.operationId))
  const closing = ops.filter((o) => CLOSING.has(o.operationId))
  const last = ops.filter((o) => LAST.has(o.operationId))
  const byId = (a: Operation, b: Operation) => (a.operationId < b.operationId ? -1 : 1)
  const firstHalf = Math.ceil(RUNS / 2)
  const schedule: [Operation, number, number][] = [
    ...reads.sort(byId).map((o): [Operation, number, number] => [o, 0, firstHalf]),
    ...writes.sort(byId).map((o): [Operation, number, number] => [o, 0, RUNS]),
    ...closing.sort(byId).map((o): [Operation, number, number] => [o, 0, RUNS]),
    ...reads.map((o): [Operation, number, number] => [o, 1, RUNS - firstHalf]),
    ...last.map((o): [Operation, number, number] => [o, 0, RUNS]),
  ]

  const send = async (op: Operation, r: FuzzRequest) => {
    stats.requests++
    const sent = Date.now()
    if (process.env.FUZZ_TRACE) appendFileSync(process.env.FUZZ_TRACE, `${new Date().toISOString()} sending ${describe(r).slice(0, 300)}\n`)
    const res = await ta.app.inject({
      method: r.method as 'GET',
      url: r.url,
      headers: r.headers,
      ...(r.payload === undefined ? {} : { payload: r.payload }),
      remoteAddress: `10.9.${stats.requests % 250}.${Math.floor(stats.requests / 250) % 250}`,
    })
    const ms = Date.now() - sent
    if (ms > 1000) stats.slow.push({ ms, what: `${res.statusCode} ${describe(r).slice(0, 200)}` })
    if (process.env.FUZZ_TRACE) appendFileSync(process.env.FUZZ_TRACE, `  ${ms} ms ${res.statusCode}\n`)
    const counts = stats.byOp.get(op.operationId) ?? new Map<number, number>()
    counts.set(res.statusCode, (counts.get(res.statusCode) ?? 0) + 1)
    stats.byOp.set(op.operationId, counts)
    if (!op.responses[String(res.statusCode)]) {
      const set = stats.undocumented.get(op.operationId) ?? new Set<number>()
      set.add(res.statusCode)
      stats.undocumented.set(op.operationId, set)
    }
    return res
  }

  for (const [op, pass, runs] of schedule) {
    if (runs <= 0) continue
    const seed = seedFor(op.operationId, pass)
    const property = fc.asyncProperty(requestsFor(op, fw, idempotencyKeys), async (r) => {
      const res = await send(op, r)
      const why = violation({ op, validate, problemSchema }, res as unknown as Res)
      if (why) throw new Error(`${why}\n    request: ${describe(r)}`)
    })
    const opStarted = Date.now()
    if (process.env.FUZZ_TRACE) appendFileSync(process.env.FUZZ_TRACE, `op ${op.operationId} pass ${pass} starts\n`)
    const details = await fc.check(property, { seed, numRuns: runs })
    if (process.env.FUZZ_TRACE) appendFileSync(process.env.FUZZ_TRACE, `op ${op.operationId} pass ${pass}: ${Date.now() - opStarted} ms\n`)
    if (details.failed) {
      const shown = details.counterexample ? describe(details.counterexample[0]) : '(none)'
      t.fail(
        `${op.operationId} (${op.method} ${op.path}), pass ${pass}: ${String((details.errorInstance as Error | undefined)?.message ?? 'interrupted or too many skips').split('\n    request:')[0]}`,
        {
          request: shown,
          seed: details.seed,
          path: details.counterexamplePath,
          replay: `FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} npx tap test/reliability/fuzz.test.ts  (alone, less faithfully: FUZZ_ONLY=${op.operationId})`,
        },
      )
    }
  }

  // The books after everything the fuzzer did: each entry sums to zero with two lines at least,
  // every fund and the whole ledger sum to zero, the funds' trial balances say balanced, and every
  // entry that was there before is still there, unchanged.
  const after = await ledgerSnapshot(ta.db)
  const unbalanced = [...after.values()].filter((e) => e.total !== '0' || e.lines < 2)
  t.same(unbalanced, [], 'every journal entry sums to zero and has two lines at least')
  const total = await sql<{ total: string }>`SELECT coalesce(sum(amount_fen), 0)::text AS total FROM journal_lines`.execute(ta.db)
  t.equal(total.rows[0]?.total, '0', 'the whole ledger sums to zero')
  const strays = await sql<{ n: number }>`SELECT count(*)::int AS n FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE l.plan_id <> e.plan_id`.execute(ta.db)
  t.equal(strays.rows[0]?.n, 0, "every line is in its entry's fund")
  const plans = await sql<{ id: string }>`SELECT plan_id::text AS id FROM funds ORDER BY plan_id`.execute(ta.db)
  for (const { id } of plans.rows) {
    const tb = await trialBalance(ta.db, { planId: id })
    t.ok(tb.balanced && tb.totalFen === 0, `the trial balance of fund ${id} is zero`, { totalFen: tb.totalFen, unbalancedEntries: tb.unbalancedEntries })
  }
  const lost = [...before.values()].filter((e) => {
    const now = after.get(e.id)
    return !now || now.total !== e.total || now.lines !== e.lines
  })
  t.same(lost, [], 'every entry posted before the fuzzing is still there, unchanged')

  // What the run reached, so a shallow run shows: requests, operations, and the statuses met.
  const covered = ops.filter((o) => stats.byOp.has(o.operationId))
  t.equal(covered.length, ops.length, 'every operation was called')
  if (!ONLY) t.ok(stats.requests >= 5000, `at least 5,000 requests (${stats.requests})`)
  const never2xx = ops.filter((o) => ![...(stats.byOp.get(o.operationId)?.keys() ?? [])].some((s) => s < 300)).map((o) => o.operationId)
  const statuses = new Map<number, number>()
  for (const m of stats.byOp.values()) for (const [s, n] of m) statuses.set(s, (statuses.get(s) ?? 0) + n)
  t.comment(
    `${stats.requests} requests to ${covered.length} operations in ${((Date.now() - started) / 1000).toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}; journal entries ${before.size} → ${after.size}`,
  )
  t.comment(
    `slow requests (${stats.slow.length}): ${stats.slow
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 10)
      .map((s) => `${s.ms} ms ${s.what}`)
      .join(' | ')}`,
  )
  t.comment(`operations never answering 2xx (${never2xx.length}): ${never2xx.join(', ')}`)
  t.comment(
    `undocumented statuses: ${[...stats.undocumented]
      .map(([id, s]) => `${id} ${[...s].sort().join('/')}`)
      .sort()
      .join('; ')}`,
  )
})

/**
 * Statements benchmark (issue 16): `npx tsx bench/statements.ts` (bench/README.md explains it). A
 * throwaway PostgreSQL database with one school plan of BENCH_FAMILIES families (default 2,000),
 * September billed through the API, a payment per family and BENCH_EXPENSES approved expenses
 * (default 200) written straight into the books, then:
 *  1. publishing September through the API (target < 1 s);
 *  2. reading the published statement's JSON with autocannon, against a hello-world route of the
 *     same app in the same run (target ≥ 60% of its throughput, p99 < 10 ms).
 * Env: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_SECONDS (5).
 */
import { randomBytes } from 'node:crypto'
import { cpus, loadavg } from 'node:os'
import autocannon from 'autocannon'
import { sql } from 'kysely'
import pg from 'pg'
import { buildApp } from '../src/app.js'
import { MovableClock } from '../src/china-time.js'
import { loadConfig } from '../src/config.js'
import { createPostgres } from '../src/db/index.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { hashPassword } from '../src/modules/accounts/passwords.js'
import { login } from '../src/modules/accounts/service.js'
import { insertApprovedPlan } from '../test/helpers/enrollment-fixtures.js'

const BASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const FAMILIES = Number(process.env.BENCH_FAMILIES ?? 2000)
const EXPENSES = Number(process.env.BENCH_EXPENSES ?? 200)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const name = `jiawei_bench_statements_${randomBytes(4).toString('hex')}`
const url = new URL(BASE_URL)
url.pathname = `/${name}`
const admin = new pg.Client({ connectionString: BASE_URL })
await admin.connect()
await admin.query(`CREATE DATABASE "${name}"`)
const database = createPostgres(url.toString(), 10)
const { db } = database
let failed = false
const verdict = (ok: boolean) => {
  if (!ok) failed = true
  return ok ? 'PASS' : 'FAIL'
}

try {
  await migrateToLatest(db)
  const now = new Date()
  const hash = await hashPassword('bench-password-1')
  const treasurer = await db.insertInto('users').values({ login: 'bench-treasurer', name: '会计', password_hash: hash, created_at: now }).returning('id').executeTakeFirstOrThrow()
  const school = await db.insertInto('schools').values({ name: '基准小学', created_at: now }).returning('id').executeTakeFirstOrThrow()
  const committee = await db
    .insertInto('committees')
    .values({ school_id: school.id, name: '校级家委会', slug: 'bench-ledger', level: 'school', invite_code: 'BENCHLEDGER', created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db.insertInto('committee_members').values({ committee_id: committee.id, user_id: treasurer.id, role: 'treasurer', created_at: now }).execute()
  const term = await db
    .insertInto('terms')
    .values({ school_id: school.id, name: '2026年秋季学期', starts_on: '2026-09-01', ends_on: '2026-12-31', created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
  const planId = await insertApprovedPlan(db, { committeeId: committee.id, termId: term.id, createdBy: treasurer.id })
  await sql`INSERT INTO users (login, name, password_hash) SELECT 'p-' || n, '家长' || n, 'x' FROM generate_series(1, ${FAMILIES}) n`.execute(db)
  await sql`WITH g AS (SELECT id, row_number() OVER (ORDER BY login) AS n FROM users WHERE login LIKE 'p-%')
    INSERT INTO applications (plan_id, plan_version, guardian_user_id, student, guardian, pickup, signature_name, status)
    SELECT ${planId}, 1, g.id, jsonb_build_object('name', '学生' || n, 'className', ((n % 12) + 1) || '班'), jsonb_build_object('name', '家长' || n, 'phone', '138', 'relation', '母亲'),
      '{"persons":[],"goesHomeAlone":false}'::jsonb, '家长' || n, 'approved' FROM g`.execute(db)
  await sql`INSERT INTO enrollments (application_id, plan_id, plan_version, guardian_user_id, status, starts_on) SELECT id, plan_id, 1, guardian_user_id, 'active', '2026-09-01' FROM applications`.execute(
    db,
  )

  const clock = new MovableClock('2026-09-01T09:00:00+08:00')
  const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), db, clock })
  app.get('/bench/hello', async () => ({ hello: 'world' }))
  await app.ready()
  const { token } = await login(db, { login: 'bench-treasurer', password: 'bench-password-1' }, 86_400_000 * 60, clock.now())
  const auth = { authorization: `Bearer ${token}` }
  const bill = await app.inject({ method: 'POST', url: `/api/v1/plans/${planId}/billing-runs`, headers: auth, payload: { period: '2026-09' } })
  if (bill.statusCode !== 201) throw new Error(`billing: ${bill.body}`)
  // A payment per family and the approved expenses, written straight into the books (each entry balanced).
  await sql`WITH e AS (
      INSERT INTO journal_entries (committee_id, plan_id, entry_date, period, source_type, description, posted_at)
      SELECT ${committee.id}::uuid, ${planId}::uuid, '2026-09-05'::date, '2026-09', 'payment', 'e' || id, now() FROM enrollments RETURNING id, description)
    INSERT INTO journal_lines (entry_id, line_no, plan_id, account, enrollment_id, amount_fen)
    SELECT e.id, 1, ${planId}::uuid, 'cash:wechat', NULL, 30000 FROM e
    UNION ALL SELECT e.id, 2, ${planId}::uuid, 'receivable', substring(e.description from 2)::uuid, -30000 FROM e`.execute(db)
  await sql`WITH x AS (
      INSERT INTO expenses (committee_id, plan_id, category, amount_fen, method, payee, payee_kind, spent_on, description, recorded_by)
      SELECT ${committee.id}::uuid, ${planId}::uuid, '人员劳务', 1000 + n, 'bank', '供应商' || n, 'organisation', '2026-09-20'::date, '支出' || n, ${treasurer.id}::uuid
      FROM generate_series(1, ${EXPENSES}) n RETURNING id, category, amount_fen),
    e AS (
      INSERT INTO journal_entries (committee_id, plan_id, entry_date, period, source_type, source_id, description, posted_at)
      SELECT ${committee.id}::uuid, ${planId}::uuid, '2026-09-20'::date, '2026-09', 'expense', x.id, x.category, now() FROM x RETURNING id, source_id),
    l AS (
      INSERT INTO journal_lines (entry_id, line_no, plan_id, account, category, amount_fen)
      SELECT e.id, 1, ${planId}::uuid, 'expense', x.category, x.amount_fen FROM e JOIN x ON x.id = e.source_id
      UNION ALL SELECT e.id, 2, ${planId}::uuid, 'cash:bank', NULL, -x.amount_fen FROM e JOIN x ON x.id = e.source_id)
    INSERT INTO expense_decisions (expense_id, decision, decided_by, entry_id) SELECT e.source_id, 'approved', ${treasurer.id}::uuid, e.id FROM e`.execute(db)
  await sql`ANALYZE`.execute(db)
  console.log(`PostgreSQL, ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(2)}; ${FAMILIES} families, ${EXPENSES} expenses`)

  clock.set('2026-10-02T09:00:00+08:00')
  const t0 = performance.now()
  const published = await app.inject({ method: 'POST', url: `/api/v1/committees/${committee.id}/statements`, headers: auth, payload: { period: '2026-09' } })
  const publishMs = performance.now() - t0
  if (published.statusCode !== 201) throw new Error(`publish: ${published.body}`)
  console.log(`publishing September: ${publishMs.toFixed(0)} ms (target < 1000 ms) — ${verdict(publishMs < 1000)}`)

  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as { port: number }).port
  const measure = async (path: string, headers: Record<string, string> = {}) => {
    const r = await autocannon({ url: `http://127.0.0.1:${port}${path}`, connections: 20, duration: SECONDS, headers })
    return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.non2xx }
  }
  const hello = await measure('/bench/hello')
  const url = '/p/bench-ledger/statements/2026-09.json'
  const plain = await measure(url)
  // What a phone's browser or a CDN sends: the document comes pre-compressed.
  const zipped = await measure(url, { 'accept-encoding': 'gzip, deflate, br' })
  console.log(`hello-world: ${hello.rps.toFixed(0)} req/s, p99 ${hello.p99} ms`)
  const chainHash = (published.json().hash as string).slice(0, 8)
  console.log(
    `published statement JSON (${chainHash}…), uncompressed: ${plain.rps.toFixed(0)} req/s, p99 ${plain.p99} ms, errors ${plain.errors}; ratio ${(plain.rps / hello.rps).toFixed(2)}`,
  )
  const ratio = zipped.rps / hello.rps
  console.log(
    `published statement JSON, gzip as browsers ask: ${zipped.rps.toFixed(0)} req/s, p99 ${zipped.p99} ms, errors ${zipped.errors}; ratio ${ratio.toFixed(2)} (target ≥ 0.60, p99 < 10 ms) — ${verdict(ratio >= 0.6 && zipped.p99 < 10 && zipped.errors === 0)}`,
  )
  await app.close()
} finally {
  await database.close()
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  await admin.end()
}
process.exit(failed ? 1 : 0)

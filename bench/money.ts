/**
 * Money benchmark (issue 15): `npx tsx bench/money.ts` (bench/README.md explains it). A throwaway
 * PostgreSQL database with one school plan of BENCH_FAMILIES active enrollments (default 2,000):
 *  1. one billing run of September for all of them (target < 2 s);
 *  2. recordPayment through the app, BENCH_CLIENTS at a time (default 10), one payment per family;
 *     then pgbench running the very statements one recordPayment issued (captured from Kysely's
 *     log, with the ids it returned carried by \gset) with as many clients, in the same run:
 *     the app's throughput must be at least 40% of pgbench's;
 *  3. the receipt PDF of a payment, warm p50 (target < 10 ms).
 * Env: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
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
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10)
const PASSWORD = 'bench-password-1'
const name = `jiawei_bench_money_${randomBytes(4).toString('hex')}`
const url = new URL(BASE_URL)
url.pathname = `/${name}`

const admin = new pg.Client({ connectionString: BASE_URL })
await admin.connect()
await admin.query(`CREATE DATABASE "${name}"`)
const database = createPostgres(url.toString(), CLIENTS)
const { db } = database
let failed = false
const verdict = (ok: boolean) => {
  if (!ok) failed = true
  return ok ? 'PASS' : 'FAIL'
}

try {
  await migrateToLatest(db)
  const now = new Date()
  const hash = await hashPassword(PASSWORD)
  const user = (login: string) => db.insertInto('users').values({ login, name: login, password_hash: hash, created_at: now }).returning('id').executeTakeFirstOrThrow()
  const treasurerUser = await user('bench-treasurer')
  const school = await db.insertInto('schools').values({ name: '基准小学', created_at: now }).returning('id').executeTakeFirstOrThrow()
  const committee = await db
    .insertInto('committees')
    .values({ school_id: school.id, name: '校级家委会', slug: 'bench-money', level: 'school', invite_code: 'BENCHMONEY', created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db.insertInto('committee_members').values({ committee_id: committee.id, user_id: treasurerUser.id, role: 'treasurer', created_at: now }).execute()
  const term = await db
    .insertInto('terms')
    .values({ school_id: school.id, name: '2026年秋季学期', starts_on: '2026-09-01', ends_on: '2026-12-31', created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
  const planId = await insertApprovedPlan(db, { committeeId: committee.id, termId: term.id, createdBy: treasurerUser.id })
  await sql`INSERT INTO users (login, name, password_hash) SELECT 'bench-parent-' || lpad(n::text, 6, '0'), '家长' || n, 'not-a-login' FROM generate_series(1, ${FAMILIES}) n`.execute(
    db,
  )
  await sql`WITH g AS (SELECT id, row_number() OVER (ORDER BY login) AS n FROM users WHERE login LIKE 'bench-parent-%')
    INSERT INTO applications (plan_id, plan_version, guardian_user_id, student, guardian, pickup, signature_name, status, low_income_certificate)
    SELECT ${planId}, 1, g.id, jsonb_build_object('name', '学生' || n, 'className', ((n % 12) + 1) || '班'),
      jsonb_build_object('name', '家长' || n, 'phone', '138' || lpad(n::text, 8, '0'), 'relation', '母亲'),
      '{"persons":[],"goesHomeAlone":false}'::jsonb, '家长' || n, 'approved', CASE WHEN n % 20 = 0 THEN 'JD-' || n END
    FROM g`.execute(db)
  await sql`INSERT INTO enrollments (application_id, plan_id, plan_version, guardian_user_id, status, starts_on, fee_waived)
    SELECT id, plan_id, 1, guardian_user_id, 'active', '2026-09-01', low_income_certificate IS NOT NULL FROM applications`.execute(db)
  await sql`ANALYZE`.execute(db)

  const clock = new MovableClock('2026-09-01T09:00:00+08:00')
  const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent', LOGIN_RATE_LIMIT_PER_MINUTE: '1000000' }), db, clock })
  await app.ready()
  const { token } = await login(db, { login: 'bench-treasurer', password: PASSWORD }, 3600_000, clock.now())
  const auth = { authorization: `Bearer ${token}` }
  console.log(`PostgreSQL, ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(2)}; ${FAMILIES} families`)

  // 1. The billing run.
  const t0 = performance.now()
  const run = await app.inject({ method: 'POST', url: `/api/v1/plans/${planId}/billing-runs`, headers: auth, payload: { period: '2026-09' } })
  const billMs = performance.now() - t0
  if (run.statusCode !== 201) throw new Error(`billing run: ${run.statusCode} ${run.body}`)
  console.log(`billing run of ${run.json().charged} families: ${billMs.toFixed(0)} ms (target < 2000 ms) — ${verdict(billMs < 2000)}`)

  // 2. recordPayment through the app, one per family (the waived families owe nothing: skipped).
  const families = await db.selectFrom('enrollments').select(['id', 'fee_waived']).where('plan_id', '=', planId).orderBy('id').execute()
  const payers = families.filter((f) => !f.fee_waived)
  const payment = (id: string, i: number) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/committees/${committee.id}/payments`,
      headers: auth,
      payload: { enrollmentId: id, amountFen: 30000, method: 'wechat', paidAt: '2026-09-01T08:00:00+08:00', reference: `BENCH-${i}` },
    })
  // One payment first, alone, with every statement it sends captured for pgbench.
  const captured: { sql: string; parameters: readonly unknown[] }[] = []
  const capturing = createPostgres(url.toString(), 1, (e) => {
    if (e.level === 'query') captured.push({ sql: e.query.sql, parameters: e.query.parameters })
  })
  const captureApp = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), db: capturing.db, clock })
  const first = await captureApp.inject({
    method: 'POST',
    url: `/api/v1/committees/${committee.id}/payments`,
    headers: auth,
    payload: { enrollmentId: payers[0]!.id, amountFen: 30000, method: 'wechat', paidAt: '2026-09-01T08:00:00+08:00', reference: 'BENCH-0' },
  })
  if (first.statusCode !== 201) throw new Error(`payment: ${first.statusCode} ${first.body}`)
  await captureApp.close()
  await capturing.close()

  let next = 1
  const t1 = performance.now()
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < payers.length) {
        const i = next++
        const res = await payment(payers[i]!.id, i)
        if (res.statusCode !== 201) throw new Error(`payment ${i}: ${res.statusCode} ${res.body}`)
      }
    }),
  )
  const appTps = (payers.length - 1) / ((performance.now() - t1) / 1000)

  // pgbench: the same statements, the ids each returned carried into the next by \gset.
  const script = pgbenchScript(captured, first.json())
  const file = join(tmpdir(), `${name}.sql`)
  writeFileSync(file, script)
  const bench = spawnSync('pgbench', ['-n', '-c', String(CLIENTS), '-j', '2', '-T', '10', '-f', file, url.toString()], { encoding: 'utf8' })
  const pgTps = Number(/tps = ([\d.]+)/.exec(bench.stdout)?.[1] ?? Number.NaN)
  if (!Number.isFinite(pgTps)) throw new Error(`pgbench failed: ${bench.stderr || bench.stdout}`)
  const statements = script.split('\n').filter((l) => l && !l.startsWith('\\')).length
  console.log(
    `recordPayment through the app: ${appTps.toFixed(0)}/s; pgbench with its ${statements} statements: ${pgTps.toFixed(0)}/s; ratio ${(appTps / pgTps).toFixed(2)} (target ≥ 0.40) — ${verdict(appTps / pgTps >= 0.4)}`,
  )

  // 3. The receipt PDF, warm.
  const paymentId = first.json().id as string
  for (let i = 0; i < 20; i++) await app.inject({ method: 'GET', url: `/api/v1/payments/${paymentId}/receipt.pdf`, headers: auth })
  const times: number[] = []
  for (let i = 0; i < 200; i++) {
    const s = performance.now()
    const res = await app.inject({ method: 'GET', url: `/api/v1/payments/${paymentId}/receipt.pdf`, headers: auth })
    times.push(performance.now() - s)
    if (res.statusCode !== 200) throw new Error(`receipt: ${res.statusCode}`)
  }
  times.sort((a, b) => a - b)
  const p50 = times[100]!
  console.log(`receipt PDF through the app, warm: p50 ${p50.toFixed(1)} ms, p95 ${times[190]!.toFixed(1)} ms (target p50 < 10 ms) — ${verdict(p50 < 10)}`)
  await app.close()
} finally {
  await database.close()
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  await admin.end()
}
process.exit(failed ? 1 : 0)

/**
 * The statements of one recordPayment as a pgbench transaction. Parameters become literals,
 * except the values a statement returned that later ones use (the journal entry's id, the
 * payment's id, the next receipt number): those are carried with \gset, so each pgbench
 * transaction writes a new, valid payment exactly as the service does.
 */
function pgbenchScript(queries: { sql: string; parameters: readonly unknown[] }[], payment: { id: string; entryId: string; receiptNo: string }) {
  const lit = (v: unknown): string => {
    if (v === null || v === undefined) return 'NULL'
    if (v instanceof Date) return `'${v.toISOString()}'`
    if (typeof v === 'number' || typeof v === 'bigint') return String(v)
    if (typeof v === 'boolean') return v ? 'true' : 'false'
    if (Array.isArray(v)) return `ARRAY[${v.map(lit).join(',')}]`
    return `'${String(v).replaceAll("'", "''")}'`
  }
  const carried = new Map<string, string>([
    [payment.entryId, "':entry_id'"],
    [payment.id, "':payment_id'"],
    [payment.receiptNo, `('2026-' || lpad(:seq::text, 6, '0'))`],
  ])
  const lines = ['BEGIN;']
  for (const q of queries) {
    if (/^(begin|commit|rollback)/i.test(q.sql.trim())) continue
    let text = q.sql.replace(/\$(\d+)/g, (_, n: string) => {
      const v = q.parameters[Number(n) - 1]
      if (typeof v === 'string' && carried.has(v)) return carried.get(v)!
      if (/receipt_seq/.test(q.sql) && typeof v === 'number' && v === Number(payment.receiptNo.slice(5))) return ':seq'
      return lit(v)
    })
    text = text.replace(/\s+/g, ' ')
    if (/insert into "receipt_counters"/i.test(text)) lines.push(`${text} \\gset`.replace('returning "last_seq"', 'returning "last_seq" as seq'))
    else if (/insert into "journal_entries"/i.test(text)) lines.push(`${text.replace('returning "id", "period"', 'returning "id" as entry_id')} \\gset`)
    else if (/insert into "payments"/i.test(text)) lines.push(`${text.replace(/returning \*/, 'returning "id" as payment_id')} \\gset`)
    else lines.push(`${text};`)
  }
  lines.push('COMMIT;')
  return `${lines.join('\n')}\n`
}

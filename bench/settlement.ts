/**
 * Settlement benchmark (issue 17): `npx tsx bench/settlement.ts` (bench/README.md explains it). A
 * throwaway PostgreSQL database with one school plan of BENCH_FAMILIES families (default 2,000)
 * over a five-month term (August–December 2026), every month billed through the API, a payment
 * per family and month and BENCH_EXPENSES approved expenses written straight into the books,
 * every month published; then previewSettlement, commitSettlement and confirmSettlement through
 * the API, timed (target: preview and commit together < 1 s), with the process's peak RSS.
 * Env: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
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
const name = `jiawei_bench_settlement_${randomBytes(4).toString('hex')}`
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
    .values({ school_id: school.id, name: '校级家委会', slug: 'bench-settle', level: 'school', invite_code: 'BENCHSETTLE', created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db.insertInto('committee_members').values({ committee_id: committee.id, user_id: treasurer.id, role: 'treasurer', created_at: now }).execute()
  const term = await db
    .insertInto('terms')
    .values({ school_id: school.id, name: '2026年秋季学期', starts_on: '2026-08-03', ends_on: '2026-12-31', created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
  const planId = await insertApprovedPlan(db, { committeeId: committee.id, termId: term.id, createdBy: treasurer.id })
  await sql`INSERT INTO users (login, name, password_hash) SELECT 'p-' || n, '家长' || n, 'x' FROM generate_series(1, ${FAMILIES}) n`.execute(db)
  await sql`WITH g AS (SELECT id, row_number() OVER (ORDER BY login) AS n FROM users WHERE login LIKE 'p-%')
    INSERT INTO applications (plan_id, plan_version, guardian_user_id, student, guardian, pickup, signature_name, status)
    SELECT ${planId}, 1, g.id, jsonb_build_object('name', '学生' || n, 'className', ((n % 12) + 1) || '班'), jsonb_build_object('name', '家长' || n, 'phone', '138', 'relation', '母亲'),
      '{"persons":[],"goesHomeAlone":false}'::jsonb, '家长' || n, 'approved' FROM g`.execute(db)
  await sql`INSERT INTO enrollments (application_id, plan_id, plan_version, guardian_user_id, status, starts_on) SELECT id, plan_id, 1, guardian_user_id, 'active', '2026-08-03' FROM applications`.execute(
    db,
  )

  const clock = new MovableClock('2026-08-01T09:00:00+08:00')
  const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), db, clock })
  await app.ready()
  const { token } = await login(db, { login: 'bench-treasurer', password: 'bench-password-1' }, 86_400_000 * 300, clock.now())
  const auth = { authorization: `Bearer ${token}` }
  const chair = await db.insertInto('users').values({ login: 'bench-chair', name: '主任', password_hash: hash, created_at: now }).returning('id').executeTakeFirstOrThrow()
  await db.insertInto('committee_members').values({ committee_id: committee.id, user_id: chair.id, role: 'chair', created_at: now }).execute()
  const chairToken = (await login(db, { login: 'bench-chair', password: 'bench-password-1' }, 86_400_000 * 300, clock.now())).token
  const call = async (method: 'POST', path: string, payload: object, headers = auth) => {
    const res = await app.inject({ method, url: path, headers, payload })
    if (res.statusCode >= 300) throw new Error(`${path}: ${res.statusCode} ${res.body}`)
    return res.json()
  }
  const months = ['2026-08', '2026-09', '2026-10', '2026-11', '2026-12']
  for (const month of months) {
    clock.set(`${month}-01T09:00:00+08:00`)
    await call('POST', `/api/v1/plans/${planId}/billing-runs`, { period: month })
    // Each family pays its month, written straight into the books (each entry balanced).
    await sql`WITH c AS (SELECT enrollment_id, amount_fen FROM charges WHERE plan_id = ${planId} AND period = ${month}),
      e AS (INSERT INTO journal_entries (committee_id, plan_id, entry_date, period, source_type, description, posted_at)
        SELECT ${committee.id}::uuid, ${planId}::uuid, ${`${month}-02`}::date, ${month}, 'payment', c.enrollment_id::text, now() FROM c RETURNING id, description)
      INSERT INTO journal_lines (entry_id, line_no, plan_id, account, enrollment_id, amount_fen)
      SELECT e.id, 1, ${planId}::uuid, 'cash:wechat', NULL, c.amount_fen FROM e JOIN c ON c.enrollment_id::text = e.description
      UNION ALL SELECT e.id, 2, ${planId}::uuid, 'receivable', c.enrollment_id, -c.amount_fen FROM e JOIN c ON c.enrollment_id::text = e.description`.execute(db)
    await sql`INSERT INTO payments (committee_id, plan_id, enrollment_id, amount_fen, method, paid_at, receipt_year, receipt_seq, receipt_no, received_by, received_as, entry_id)
      SELECT ${committee.id}::uuid, ${planId}::uuid, l.enrollment_id, -l.amount_fen, 'wechat', ${`${month}-02T08:00:00+08:00`}::timestamptz, 2026,
        row_number() OVER () + ${months.indexOf(month) * FAMILIES}, ${month} || '-' || row_number() OVER (), ${treasurer.id}::uuid, 'treasurer', l.entry_id
      FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.plan_id = ${planId}::uuid AND e.period = ${month} AND e.source_type = 'payment' AND l.account = 'receivable'`.execute(
      db,
    )
  }
  await sql`WITH x AS (
      INSERT INTO expenses (committee_id, plan_id, category, amount_fen, method, payee, payee_kind, spent_on, description, recorded_by)
      SELECT ${committee.id}::uuid, ${planId}::uuid, '人员劳务', 1000 + n, 'bank', '供应商' || n, 'organisation', '2026-12-20'::date, '支出' || n, ${treasurer.id}::uuid
      FROM generate_series(1, ${EXPENSES}) n RETURNING id, category, amount_fen),
    e AS (
      INSERT INTO journal_entries (committee_id, plan_id, entry_date, period, source_type, source_id, description, posted_at)
      SELECT ${committee.id}::uuid, ${planId}::uuid, '2026-12-20'::date, '2026-12', 'expense', x.id, x.category, now() FROM x RETURNING id, source_id),
    l AS (
      INSERT INTO journal_lines (entry_id, line_no, plan_id, account, category, amount_fen)
      SELECT e.id, 1, ${planId}::uuid, 'expense', x.category, x.amount_fen FROM e JOIN x ON x.id = e.source_id
      UNION ALL SELECT e.id, 2, ${planId}::uuid, 'cash:bank', NULL, -x.amount_fen FROM e JOIN x ON x.id = e.source_id)
    INSERT INTO expense_decisions (expense_id, decision, decided_by, entry_id) SELECT e.source_id, 'approved', ${chair.id}::uuid, e.id FROM e`.execute(db)
  clock.set('2027-01-04T09:00:00+08:00')
  for (const month of months) await call('POST', `/api/v1/committees/${committee.id}/statements`, { period: month })
  await sql`ANALYZE`.execute(db)
  console.log(`PostgreSQL, ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(2)}; ${FAMILIES} families × ${months.length} months, ${EXPENSES} expenses`)

  const timed = async <T>(fn: () => Promise<T>) => {
    const t0 = performance.now()
    const value = await fn()
    return { value, ms: performance.now() - t0 }
  }
  const preview = await timed(() => call('POST', `/api/v1/plans/${planId}/settlement/preview`, {}))
  const commit = await timed(() => call('POST', `/api/v1/plans/${planId}/settlement`, {}))
  const confirm = await timed(() => call('POST', `/api/v1/plans/${planId}/settlement/confirm`, {}, { authorization: `Bearer ${chairToken}` }))
  const rss = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024
  console.log(`preview (${preview.value.refunds.length} refunds, surplus ${preview.value.surplusFen} fen): ${preview.ms.toFixed(0)} ms`)
  console.log(`commit (the treasurer's proposal): ${commit.ms.toFixed(0)} ms; confirm (refunds posted, fund closed, statement): ${confirm.ms.toFixed(0)} ms`)
  const total = preview.ms + commit.ms + confirm.ms
  console.log(`preview + commit + confirm: ${total.toFixed(0)} ms (target < 1000 ms) — ${verdict(total < 1000)}; peak RSS ${rss.toFixed(0)} MB`)
  await app.close()
} finally {
  await database.close()
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  await admin.end()
}
process.exit(failed ? 1 : 0)

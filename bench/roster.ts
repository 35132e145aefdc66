/**
 * Daily roster benchmark (issue 10): `npx tsx bench/roster.ts` (bench/README.md explains it).
 * A throwaway PostgreSQL database with one school of 2,000 active enrollments across plans and
 * ~50 service days of attendance history; GET roster of one plan for one day, by the staff
 * member on duty, against a hello-world route of the same app in the same run.
 * Env: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_PLANS (plan sizes, default "400,400,400,400,400"), BENCH_RUNS (default 400).
 */
import { randomBytes } from 'node:crypto'
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
import { planServiceDays } from '../src/modules/calendar/service.js'
import { insertApprovedPlan } from '../test/helpers/enrollment-fixtures.js'

const BASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const SIZES = (process.env.BENCH_PLANS ?? '400,400,400,400,400').split(',').map(Number)
const RUNS = Number(process.env.BENCH_RUNS ?? 400)
const TARGET_P50_MS = 50
const DAY = '2025-11-14' // a Friday; September to 13 November is the history
const PASSWORD = 'bench-password-1'

const name = `jiawei_bench_roster_${randomBytes(4).toString('hex')}`
const admin = new pg.Client({ connectionString: BASE_URL })
await admin.connect()
await admin.query(`CREATE DATABASE "${name}"`)
const url = new URL(BASE_URL)
url.pathname = `/${name}`
const database = createPostgres(url.toString())
const { db } = database

try {
  await migrateToLatest(db)
  const t0 = performance.now()
  const hash = await hashPassword(PASSWORD)
  const now = new Date()
  const user = (login: string) => db.insertInto('users').values({ login, name: login, password_hash: hash, created_at: now }).returning('id').executeTakeFirstOrThrow()
  const chair = await user('bench-chair')
  const staffUser = await user('bench-staff')
  const school = await db.insertInto('schools').values({ name: '基准小学', created_at: now }).returning('id').executeTakeFirstOrThrow()
  const committee = await db
    .insertInto('committees')
    .values({ school_id: school.id, name: '校级家委会', slug: 'bench-school', level: 'school', invite_code: 'BENCHCODE', created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db.insertInto('committee_members').values({ committee_id: committee.id, user_id: chair.id, role: 'chair', created_at: now }).execute()
  const term = await db
    .insertInto('terms')
    .values({ school_id: school.id, name: '2025年秋季学期', starts_on: '2025-09-01', ends_on: '2026-01-16', created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
  const planIds: string[] = []
  for (let i = 0; i < SIZES.length; i++) planIds.push(await insertApprovedPlan(db, { committeeId: committee.id, termId: term.id, createdBy: chair.id, title: `方案${i + 1}` }))
  const total = SIZES.reduce((a, b) => a + b, 0)

  // Guardians, applications and enrollments in bulk: one family per child, 1 in 10 going home
  // alone with consent, 1 in 15 with special needs, twelve classes.
  await sql`INSERT INTO users (login, name, password_hash)
    SELECT 'bench-parent-' || lpad(n::text, 6, '0'), '家长' || n, 'not-a-login' FROM generate_series(1, ${total}) n`.execute(db)
  const bounds = SIZES.map((_, i) => SIZES.slice(0, i + 1).reduce((a, b) => a + b, 0))
  await sql`WITH g AS (SELECT id, row_number() OVER (ORDER BY login) AS n FROM users WHERE login LIKE 'bench-parent-%')
    INSERT INTO applications (plan_id, plan_version, guardian_user_id, student, guardian, pickup, special_needs, signature_name, status)
    SELECT (${planIds}::uuid[])[(SELECT count(*) FROM unnest(${bounds}::int[]) b WHERE b < g.n) + 1], 1, g.id,
      jsonb_build_object('name', '学生' || n, 'className', ((n % 12) + 1) || '班', 'studentNo', lpad(n::text, 6, '0')),
      jsonb_build_object('name', '家长' || n, 'phone', '138' || lpad(n::text, 8, '0'), 'relation', '母亲'),
      jsonb_build_object('persons', jsonb_build_array(jsonb_build_object('name', '外婆' || n, 'phone', '139' || lpad(n::text, 8, '0'), 'relation', '外婆')),
        'goesHomeAlone', n % 10 = 0, 'aloneConsent', CASE WHEN n % 10 = 0 THEN '同意独自回家' ELSE '' END),
      CASE WHEN n % 15 = 0 THEN '花生过敏' END, '家长' || n, 'approved'
    FROM g`.execute(db)
  await sql`INSERT INTO enrollments (application_id, plan_id, plan_version, guardian_user_id, status, starts_on)
    SELECT id, plan_id, 1, guardian_user_id, 'active', '2025-09-01' FROM applications`.execute(db)

  // History: every child checked in and out on every service day before DAY.
  const history: string[] = []
  for (const month of ['2025-09', '2025-10', '2025-11']) history.push(...(await planServiceDays(db, planIds[0]!, month)).dates.filter((d) => d < DAY))
  for (const d of history) {
    for (const [kind, time] of [
      ['check_in', '16:30'],
      ['check_out', '18:05'],
    ] as const) {
      await sql`INSERT INTO attendance_records (school_id, plan_id, enrollment_id, service_date, kind, status, picked_up_by_name, went_home_alone, at, recorded_by)
        SELECT ${school.id}, e.plan_id, e.id, ${d}::date, ${kind}, ${kind === 'check_in' ? 'present' : null},
          ${kind === 'check_out' ? '外婆' : null}, false, (${d} || 'T' || ${time} || ':00+08:00')::timestamptz, ${staffUser.id}
        FROM enrollments e`.execute(db)
    }
  }
  await sql`ANALYZE`.execute(db)
  const staff = await db
    .insertInto('staff')
    .values({
      committee_id: committee.id,
      user_id: staffUser.id,
      name: '值班老师',
      kind: 'retired_teacher',
      phone: '13700137000',
      background_certificate_no: 'GA-1',
      background_issued_on: '2025-08-01',
      created_by: chair.id,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const seededMs = performance.now() - t0

  // The bench signs staff in on DAY as it happens: the app's clock stands at that afternoon.
  const clock = new MovableClock(`${DAY}T16:21:00+08:00`)
  const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), db, clock })
  app.get('/bench/hello', async () => ({ hello: 'world' }))
  await app.ready()
  const { token } = await login(db, { login: 'bench-staff', password: PASSWORD }, 3600_000, clock.now())
  const auth = { authorization: `Bearer ${token}` }
  const planId = planIds[0]!
  const session = `/api/v1/plans/${planId}/sessions/${DAY}`
  const signIn = await app.inject({ method: 'POST', url: `${session}/staff-duty`, headers: auth, payload: { staffId: staff.id, event: 'sign_in', at: `${DAY}T16:20:00+08:00` } })
  if (signIn.statusCode !== 201) throw new Error(`sign-in failed: ${signIn.body}`)
  // Half the plan checked in through the API at 16:31, as on a real afternoon: the clock moves
  // on to then first, since nobody records a check-in before it happens.
  clock.set(`${DAY}T16:31:30+08:00`)
  const enrolled = await db.selectFrom('enrollments').select('id').where('plan_id', '=', planId).orderBy('id').execute()
  for (const e of enrolled.slice(0, Math.floor(enrolled.length / 2))) {
    const r = await app.inject({ method: 'POST', url: `${session}/attendance`, headers: auth, payload: { enrollmentId: e.id, status: 'present', at: `${DAY}T16:31:00+08:00` } })
    if (r.statusCode !== 201) throw new Error(`check-in failed: ${r.body}`)
  }
  const rosterCheck = await app.inject({ method: 'GET', url: `${session}/roster`, headers: auth })
  if (rosterCheck.statusCode !== 200) throw new Error(`roster failed: ${rosterCheck.statusCode} ${rosterCheck.body}`)
  const students = rosterCheck.json().students.length

  // Interleaved, so both routes see the same machine state.
  const times = { hello: [] as number[], roster: [] as number[] }
  for (let i = 0; i < RUNS + 30; i++) {
    let s = performance.now()
    await app.inject({ method: 'GET', url: '/bench/hello' })
    const hello = performance.now() - s
    s = performance.now()
    const r = await app.inject({ method: 'GET', url: `${session}/roster`, headers: auth })
    const roster = performance.now() - s
    if (r.statusCode !== 200) throw new Error(`roster failed: ${r.statusCode}`)
    if (i >= 30) {
      times.hello.push(hello)
      times.roster.push(roster)
    }
  }
  await app.close()

  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!
  const attendanceRows = await db
    .selectFrom('attendance_records')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  console.log(
    `PostgreSQL ${name}: ${total} active enrollments in one school, plans of ${SIZES.join('/')}, ${attendanceRows.n} attendance rows (${history.length} days of history); seeded in ${(seededMs / 1000).toFixed(1)} s`,
  )
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${cpus().length} cores`,
  )
  console.log(`roster of ${students} children, ${RUNS} sequential requests each (app.inject, after 30 warm-up)`)
  const row = (label: string, xs: number[]) => console.log(`${label.padEnd(34)} p50 ${pct(xs, 50).toFixed(2).padStart(6)} ms   p95 ${pct(xs, 95).toFixed(2).padStart(6)} ms`)
  row('GET /bench/hello (hello-world)', times.hello)
  row('GET …/sessions/:date/roster (staff)', times.roster)
  const p50 = pct(times.roster, 50)
  console.log(`ratio roster/hello p50: ${(p50 / pct(times.hello, 50)).toFixed(1)}×`)
  console.log(`${p50 < TARGET_P50_MS ? 'PASS' : 'FAIL'}: roster p50 ${p50.toFixed(2)} ms against ${TARGET_P50_MS} ms`)
} finally {
  await database.close()
  // pg-pool resolves end() before its sockets have closed; a forced drop in that window kills a
  // closing connection, whose error then surfaces on the ended pool. Wait for them to go.
  for (let i = 0; i < 50; i++) {
    const left = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name])
    if (left.rows[0].n === 0) break
    await new Promise((r) => setTimeout(r, 100))
  }
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  await admin.end()
}

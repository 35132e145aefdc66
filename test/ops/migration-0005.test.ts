import { randomBytes } from 'node:crypto'
import { type Kysely, Migrator, sql } from 'kysely'
import pg from 'pg'
import t from 'tap'
import { createPglite, createPostgres, type Database } from '../../src/db/index.js'
import { MIGRATIONS_DIR } from '../../src/db/migrate.js'
import { testDatabaseUrl } from '../helpers/database.js'

// Migration 0005 on a database that already has enrollments: each gets its agreement number in
// the order it was made, per committee and year in China, and the counters continue from there.
async function emptyDatabase(t: { teardown(fn: () => unknown): void }): Promise<Database> {
  const url = testDatabaseUrl()
  if (!url) {
    const database = await createPglite()
    t.teardown(() => database.close())
    return database
  }
  const name = `jiawei_m5_${randomBytes(5).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`CREATE DATABASE "${name}"`)
  await admin.end()
  const u = new URL(url)
  u.pathname = `/${name}`
  const database = createPostgres(u.toString(), 2)
  t.teardown(async () => {
    await database.close()
    const a = new pg.Client({ connectionString: url })
    await a.connect()
    await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    await a.end()
  })
  return database
}

function migrator(db: Kysely<never>) {
  return new Migrator({
    db,
    provider: {
      async getMigrations() {
        const { readdir } = await import('node:fs/promises')
        const { pathToFileURL } = await import('node:url')
        const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_[\w-]+\.ts$/.test(f)).sort()
        return Object.fromEntries(await Promise.all(files.map(async (f) => [f.replace(/\.ts$/, ''), await import(pathToFileURL(MIGRATIONS_DIR + f).href)])))
      },
    },
  })
}

t.test('0005 numbers the enrollments made before it, per committee and year, and the counters go on from there', async (t) => {
  const database = await emptyDatabase(t)
  const db = database.db as unknown as Kysely<never>
  const m = migrator(db)
  const before = await m.migrateTo('0003_calendar_attendance')
  t.notOk(before.error, 'migrated to 0003')
  const q = (s: ReturnType<typeof sql>) => s.execute(db)
  await q(sql`INSERT INTO users (id, login, name, password_hash) VALUES ('00000000-0000-4000-8000-000000000001', 'u-chair', 'chair', 'x')`)
  await q(sql`INSERT INTO schools (id, name) VALUES ('00000000-0000-4000-8000-00000000000a', '旧小学')`)
  for (const [id, slug, code] of [
    ['00000000-0000-4000-8000-0000000000c1', 'old-a', 'CODEA'],
    ['00000000-0000-4000-8000-0000000000c2', 'old-b', 'CODEB'],
  ])
    await q(sql`INSERT INTO committees (id, school_id, name, slug, level, invite_code) VALUES (${id}, '00000000-0000-4000-8000-00000000000a', ${slug}, ${slug}, 'school', ${code})`)
  await q(
    sql`INSERT INTO terms (id, school_id, name, starts_on, ends_on) VALUES ('00000000-0000-4000-8000-0000000000e1', '00000000-0000-4000-8000-00000000000a', '秋季', '2025-09-01', '2026-01-16')`,
  )
  const plans = { a: '00000000-0000-4000-8000-0000000000f1', b: '00000000-0000-4000-8000-0000000000f2' }
  for (const [key, committee] of [
    ['a', '00000000-0000-4000-8000-0000000000c1'],
    ['b', '00000000-0000-4000-8000-0000000000c2'],
  ] as const) {
    await q(sql`INSERT INTO plans (id, committee_id, term_id, status, title, content, schedule, billing, fee_fen, capacity, budget, expected_participants, refund_policy, latest_version, approved_version, created_by)
      VALUES (${plans[key]}, ${committee}, '00000000-0000-4000-8000-0000000000e1', 'approved', 't', '{}', '{}', 'monthly', 30000, 30, '[]', 30, 'r', 1, 1, '00000000-0000-4000-8000-000000000001')`)
    await q(sql`INSERT INTO plan_versions (plan_id, version, title, content, schedule, billing, fee_fen, capacity, budget, expected_participants, refund_policy, demand_count, demand_needed, submitted_by)
      VALUES (${plans[key]}, 1, 't', '{}', '{}', 'monthly', 30000, 30, '[]', 30, 'r', 1, 1, '00000000-0000-4000-8000-000000000001')`)
  }
  // Committee A: two in 2025 (one just before midnight UTC on 31 December, already 2026 in China), one in 2026; committee B: one.
  const made = [
    ['a', '2025-10-01T08:00:00Z'],
    ['a', '2025-12-31T17:00:00Z'],
    ['a', '2025-11-02T08:00:00Z'],
    ['b', '2025-10-05T08:00:00Z'],
  ] as const
  const ids: string[] = []
  for (const [i, [key, at]] of made.entries()) {
    const app = await sql<{
      id: string
    }>`INSERT INTO applications (plan_id, plan_version, guardian_user_id, student, guardian, pickup, signature_name, status, created_at, updated_at)
      VALUES (${plans[key]}, 1, '00000000-0000-4000-8000-000000000001', ${JSON.stringify({ name: `s${i}`, className: 'c' })}, '{}', '{}', 'x', 'approved', ${at}, ${at}) RETURNING id`.execute(
      db,
    )
    const e = await sql<{ id: string }>`INSERT INTO enrollments (application_id, plan_id, plan_version, guardian_user_id, created_at)
      VALUES (${app.rows[0]!.id}, ${plans[key]}, 1, '00000000-0000-4000-8000-000000000001', ${at}) RETURNING id`.execute(db)
    ids.push(e.rows[0]!.id)
  }

  const after = await m.migrateToLatest()
  t.notOk(after.error, 'migrated to the latest')
  const numbers = await sql<{ id: string; agreement_no: string }>`SELECT id, agreement_no FROM enrollments`.execute(db)
  const no = new Map(numbers.rows.map((r) => [r.id, r.agreement_no]))
  t.same(
    ids.map((id) => no.get(id)),
    ['JW-2025-000001', 'JW-2026-000001', 'JW-2025-000002', 'JW-2025-000001'],
    'in the order made, per committee and China year',
  )
  const counters = await sql<{
    committee_id: string
    year: number
    last_no: number
  }>`SELECT committee_id, year, last_no FROM agreement_counters ORDER BY committee_id, year`.execute(db)
  t.same(
    counters.rows.map((c) => [c.committee_id.slice(-2), c.year, c.last_no]),
    [
      ['c1', 2025, 2],
      ['c1', 2026, 1],
      ['c2', 2025, 1],
    ],
    'the counters go on from the last number given',
  )
  const down = await m.migrateTo('0003_calendar_attendance')
  t.notOk(down.error, 'and 0005 rolls back')
})

// The release before 0005 landed had 0001–0004, 0006 and 0007: its databases upgrade in place.
t.test('a database from the release before 0005 landed (0001–0004, 0006, 0007) migrates to the latest', async (t) => {
  const database = await emptyDatabase(t)
  const db = database.db as unknown as Kysely<never>
  const all = await migrator(db).getMigrations()
  const names = all.map((m) => m.name)
  const released = names.filter((n) => n < '0008' && !n.startsWith('0005'))
  const { readdir } = await import('node:fs/promises')
  const { pathToFileURL } = await import('node:url')
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => released.includes(f.replace(/\.ts$/, '')))
  const old = new Migrator({
    db,
    provider: {
      getMigrations: async () => Object.fromEntries(await Promise.all(files.map(async (f) => [f.replace(/\.ts$/, ''), await import(pathToFileURL(MIGRATIONS_DIR + f).href)]))),
    },
  })
  t.notOk((await old.migrateToLatest()).error, `the old release: ${released.join(', ')}`)
  const { migrateToLatest } = await import('../../src/db/migrate.js')
  const result = await migrateToLatest(database.db)
  t.same(
    result.results?.map((r) => r.migrationName),
    names.filter((n) => !released.includes(n)),
    '0005 and everything after 0007 are applied',
  )
  t.same((await migrator(db).getMigrations()).filter((m) => !m.executedAt).length, 0, 'nothing left to apply')
})

// A class committee's autumn term walked month by month by the app's clock: the plan approved in
// August, families signed for 1 September, then billing, payments, leave and publication.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { createPglite, createPostgres, type Database } from '../../src/db/index.js'
import { appOn, build, loginAs, PASSWORD, seedWorld, type TestApp, type World } from '../helpers/app.js'
import { copyMigratedTemplate, freshDatabase, testDatabaseUrl } from '../helpers/database.js'
import { addParent, applicationBody, approvedPlan, expectStatus } from '../plans/helpers.js'

export const TERM = { name: '2026年秋季学期', startsOn: '2026-09-01', endsOn: '2026-12-31' }

export interface Family {
  name: string
  token: string
  userId: string
  enrollmentId: string
  guardian: string
}

export interface MoneyWorld {
  ta: TestApp
  w: World
  planId: string
  families: Family[]
  /** Call the API as the treasurer (signs in again when the clock has moved past the session). */
  treasurer(): Promise<string>
  /**
   * Move the clock to a date (09:00 in China) or instant, and sign everyone in again — or, with
   * `signIn: 'when-expiring'`, only once the sessions are more than 60 days old (sessions last 90),
   * which saves a dozen password checks per step when a test walks the term in many small steps.
   */
  at(when: string, opts?: { signIn?: 'always' | 'when-expiring' }): Promise<void>
}

/** A copy of a world on a database of its own, closed by `close()` (a property test makes many). */
export interface ForkedWorld extends MoneyWorld {
  close(): Promise<void>
}

export interface MoneyWorldOptions {
  plan?: Record<string, unknown>
  /** Students; one named with "低保" is a low-income registered family. */
  students?: string[]
  prefix?: string
  /** When the families sign (default 2026-08-25) and from when care starts (default the term start). */
  signOn?: string
  startsOn?: Record<string, string>
  /** The school's term (default TERM, autumn 2026). */
  term?: { name?: string; startsOn: string; endsOn: string }
}

type Teardownable = Parameters<typeof build>[0]

const WORLD_STARTS = '2026-08-20T10:00:00+08:00'
const SESSION_REFRESH_MS = 60 * 86_400_000

export async function moneyWorld(t: Teardownable, opts: MoneyWorldOptions = {}): Promise<MoneyWorld> {
  const ta = await build(t, {}, { now: WORLD_STARTS })
  return moneyWorldOn(ta, opts)
}

/** The world built on an app the caller made (its clock is moved to 20 August 2026 first). */
export async function moneyWorldOn(ta: TestApp, opts: MoneyWorldOptions = {}): Promise<MoneyWorld> {
  ta.clock.set(WORLD_STARTS)
  const prefix = opts.prefix ?? 'm'
  const term = opts.term ?? TERM
  const w = await seedWorld(ta, prefix, { term })
  const plan = await approvedPlan(ta, w, { capacity: 50, leaveCredit: { kind: 'fixed', amountFen: 336 }, ...opts.plan })
  const families: Family[] = []
  const students = opts.students ?? ['王小明', '李小红', '张低保']
  for (const [i, student] of students.entries()) {
    const parent = await addParent(ta, w, `${prefix}-fam${i}`)
    const lowIncome = student.includes('低保') ? { lowIncome: { certificateNo: `JD2026-${1000 + i}` } } : {}
    const body = applicationBody(student, lowIncome)
    const app = await expectStatus(201, ta.as(parent.token).post(`/api/v1/plans/${plan.id}/applications`, body))
    await expectStatus(200, ta.as(w.tokens.member).post(`/api/v1/applications/${app.id}/review`, { decision: 'accept' }))
    const approved = await expectStatus(200, ta.as(w.tokens.reviewer).post(`/api/v1/applications/${app.id}/review`, { decision: 'accept' }))
    families.push({ name: student, token: parent.token, userId: parent.userId, enrollmentId: approved.enrollmentId, guardian: body.guardian.name })
  }
  ta.clock.set(`${opts.signOn ?? '2026-08-25'}T20:00:00+08:00`)
  for (const f of families) {
    const startsOn = opts.startsOn?.[f.name] ?? term.startsOn
    await expectStatus(200, ta.as(f.token).post(`/api/v1/enrollments/${f.enrollmentId}/agreement/sign`, { name: f.guardian, startsOn }))
  }
  // The last sign-in of anyone was at the world's start; the families signed in as they registered.
  return worldOf(ta, w, plan.id, families, prefix, new Date(WORLD_STARTS).getTime())
}

function worldOf(ta: TestApp, w: World, planId: string, families: Family[], prefix: string, signedInAt: number): MoneyWorld {
  let lastSignIn = signedInAt
  const relogin = async () => {
    for (const who of Object.keys(w.tokens) as (keyof World['tokens'])[]) w.tokens[who] = await loginAs(ta, `${prefix}-${who}`)
    for (const [i, f] of families.entries()) f.token = await loginAs(ta, `${prefix}-fam${i}`, PASSWORD)
    lastSignIn = ta.clock.now().getTime()
  }
  return {
    ta,
    w,
    planId,
    families,
    treasurer: async () => w.tokens.treasurer,
    at: async (when: string, opts: { signIn?: 'always' | 'when-expiring' } = {}) => {
      ta.clock.set(when.length === 10 ? `${when}T09:00:00+08:00` : when)
      if (opts.signIn === 'when-expiring' && Math.abs(ta.clock.now().getTime() - lastSignIn) < SESSION_REFRESH_MS) return
      await relogin()
    },
  }
}

/** The JSON body of a response with this status, or the test fails with the body. */
export { expectStatus }

// ---- Snapshots: build a world once, then hand out fresh copies of it cheaply ----------------
//
// Building a world through the API takes seconds (sign-ups, reviews, signatures); a property test
// wants a fresh one per run. So the world is built once on its own database, which is then copied
// per run the way test databases are: PGlite's data directory dumped once and loaded per copy
// (~1 s), or PostgreSQL's CREATE DATABASE … TEMPLATE (~0.1 s). Each copy gets its own app and
// clock, starting where the world's clock stood; sessions live in the database, so they carry over.

export interface WorldSnapshot<T> {
  /** What `prepare` returned when the world was built (e.g. its service calendar). */
  data: T
  /** A fresh copy of the world, its own database and app; close it when done. */
  fork(): Promise<ForkedWorld>
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

async function adminQuery(url: string, fn: (c: pg.Client) => Promise<void>) {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    await fn(c)
  } finally {
    await c.end()
  }
}

/** Drops a database once its last session has gone (pool.end() resolves before the server lets go). */
async function dropDatabase(url: string, name: string) {
  await adminQuery(url, async (c) => {
    for (let i = 0; i < 50; i++) {
      const busy = await c.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name])
      if (busy.rows[0].n === 0) break
      await new Promise((r) => setTimeout(r, 20))
    }
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  })
}

/** CREATE DATABASE … TEMPLATE, waiting for the template's last session to leave (it must have none). */
async function copyDatabase(url: string, template: string, name: string) {
  await adminQuery(url, async (c) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`)
        return
      } catch (e) {
        if ((e as { code?: string }).code !== '55006' || attempt >= 100) throw e
        await new Promise((r) => setTimeout(r, 20))
      }
    }
  })
}

/**
 * Builds a world once (then runs `prepare` on it, e.g. to read its calendar), and returns a
 * snapshot that hands out fresh copies. The world's own database is dropped at `t`'s teardown.
 */
export async function moneyWorldSnapshot<T>(t: Teardownable, opts: MoneyWorldOptions, prepare: (m: MoneyWorld) => Promise<T>): Promise<WorldSnapshot<T>> {
  const url = testDatabaseUrl()
  const templateName = url ? `jiawei_w_${randomBytes(6).toString('hex')}` : null
  let database: Database
  if (url && templateName) {
    // The copy under the template's lock: another worktree's tests may drop a template not theirs.
    await copyMigratedTemplate(url, templateName)
    database = createPostgres(withDatabase(url, templateName), 5)
    t.teardown(() => dropDatabase(url, templateName))
  } else {
    database = await freshDatabase()
  }
  const ta = await appOn(database, new Date(WORLD_STARTS))
  let m: MoneyWorld
  let data: T
  let dump: Blob | null = null
  try {
    m = await moneyWorldOn(ta, opts)
    data = await prepare(m)
    if (!url) dump = await database.client!.dumpDataDir('none')
  } finally {
    await ta.app.close()
    await database.close()
  }
  const prefix = opts.prefix ?? 'm'
  const at = ta.clock.now()
  const frozen = { w: structuredClone(m.w), families: structuredClone(m.families), planId: m.planId }
  return {
    data,
    fork: async () => {
      const name = url ? `jiawei_f_${randomBytes(6).toString('hex')}` : null
      let copy: Database
      if (url && name && templateName) {
        await copyDatabase(url, templateName, name)
        copy = createPostgres(withDatabase(url, name), 5)
      } else {
        copy = await createPglite({ loadDataDir: dump! })
      }
      const fta = await appOn(copy, at)
      const world = worldOf(fta, structuredClone(frozen.w), frozen.planId, structuredClone(frozen.families), prefix, new Date(WORLD_STARTS).getTime())
      return {
        ...world,
        close: async () => {
          await fta.app.close()
          await copy.close()
          if (url && name) await dropDatabase(url, name)
        },
      }
    },
  }
}

import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../../src/app.js'
import { MovableClock } from '../../src/china-time.js'
import { loadConfig } from '../../src/config.js'
import type { Database, Db } from '../../src/db/index.js'
import { ensureAdmin } from '../../src/modules/accounts/service.js'
import { freshDatabase } from './database.js'

export const PASSWORD = 'correct-horse-battery'

export interface TestApp {
  app: FastifyInstance
  db: Db
  database: Database
  /** The app's clock: move it (set, advance) to walk through a term; it starts at the real now unless `build` was given a start. */
  clock: MovableClock
  /** Call the API as someone (a token) or as nobody. */
  as(token: string | null): Api
}

export interface Api {
  get(url: string, opts?: Partial<InjectOptions>): Promise<LightMyRequestResponse>
  post(url: string, body?: unknown, opts?: Partial<InjectOptions>): Promise<LightMyRequestResponse>
  patch(url: string, body?: unknown, opts?: Partial<InjectOptions>): Promise<LightMyRequestResponse>
  put(url: string, body?: unknown, opts?: Partial<InjectOptions>): Promise<LightMyRequestResponse>
  delete(url: string, opts?: Partial<InjectOptions>): Promise<LightMyRequestResponse>
}

interface Teardownable {
  teardown(fn: () => unknown): void
}

/**
 * An app on a fresh migrated database (PGlite, or TEST_DATABASE_URL's server), closed at
 * teardown. Its clock starts at `opts.now` (default: the real now) and moves only when the test
 * moves it. Sessions last 90 days, so a test walking a term month by month signs in again at most
 * once or twice.
 */
/** The tests' configuration: quiet, a generous sign-in limit, long sessions (a term is months). */
export const testConfig = (env: Record<string, string> = {}) =>
  loadConfig({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', LOGIN_RATE_LIMIT_PER_MINUTE: '1000', SESSION_TTL_HOURS: '2160', ...env })

/** An app on a database the caller manages, with its own clock; `build` makes one on a fresh database. */
export async function appOn(database: Database, now?: Date | string, env: Record<string, string> = {}): Promise<TestApp> {
  const clock = new MovableClock(now)
  const app = await buildApp({ config: testConfig(env), db: database.db, clock })
  await app.ready()
  const as = (token: string | null): Api => {
    const headers = token ? { authorization: `Bearer ${token}` } : {}
    const call = (method: InjectOptions['method'], url: string, body?: unknown, opts: Partial<InjectOptions> = {}) =>
      app.inject({ method, url, ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }), ...opts, headers: { ...headers, ...(opts.headers ?? {}) } })
    return {
      get: (url, opts) => call('GET', url, undefined, opts),
      post: (url, body, opts) => call('POST', url, body ?? {}, opts),
      patch: (url, body, opts) => call('PATCH', url, body ?? {}, opts),
      put: (url, body, opts) => call('PUT', url, body ?? {}, opts),
      delete: (url, opts) => call('DELETE', url, undefined, opts),
    }
  }
  return { app, db: database.db, database, clock, as }
}

export async function build(t: Teardownable, env: Record<string, string> = {}, opts: { now?: Date | string } = {}): Promise<TestApp> {
  const database = await freshDatabase()
  const ta = await appOn(database, opts.now, env)
  t.teardown(async () => {
    await ta.app.close()
    await database.close()
  })
  return ta
}

let seedAddresses = 0
/**
 * A client address of its own for each set-up call a test makes as a stranger (sign-in,
 * self-registration): the rate limit counts per address, so a test of the limit starts with a
 * clean count for the default address, whatever its set-up did.
 */
export function seedAddress(): string {
  seedAddresses += 1
  return `10.${process.pid % 250}.${Math.floor(seedAddresses / 250) % 250}.${seedAddresses % 250}`
}

export async function loginAs(t: TestApp, login: string, password = PASSWORD): Promise<string> {
  const res = await t.as(null).post('/api/v1/auth/login', { login, password }, { remoteAddress: seedAddress() })
  if (res.statusCode !== 200) throw new Error(`login ${login} failed: ${res.statusCode} ${res.body}`)
  return res.json().token
}

export interface World {
  admin: string
  schoolId: string
  committeeId: string
  slug: string
  inviteCode: string
  termId: string
  tokens: Record<'reviewer' | 'chair' | 'treasurer' | 'auditor' | 'member' | 'parent1' | 'parent2', string>
  userIds: Record<string, string>
}

export interface SeedOptions {
  /** The term to create instead of the default autumn 2025 term (2025-09-01..2026-01-16). */
  term?: { name?: string; startsOn: string; endsOn: string }
}

/**
 * A school with a reviewer, a class committee with its officers, two parents registered by
 * invite code, and a term, built through the API the way a real deployment is. The term is
 * autumn 2025 unless `opts.term` gives another (e.g. one around today, for signing and withdrawal,
 * which refuse dates in the past).
 */
export async function seedWorld(t: TestApp, prefix = 'a', opts: SeedOptions = {}): Promise<World> {
  await ensureAdmin(t.db, { login: `${prefix}-admin`, password: PASSWORD }, t.clock.now())
  const admin = await loginAs(t, `${prefix}-admin`)
  const api = t.as(admin)
  const ok = async (res: Promise<LightMyRequestResponse>) => {
    const r = await res
    if (r.statusCode >= 300) throw new Error(`seed step failed: ${r.statusCode} ${r.body}`)
    return r.json()
  }
  const school = await ok(api.post('/api/v1/schools', { name: `${prefix} 实验小学` }))
  const userIds: Record<string, string> = {}
  for (const who of ['reviewer', 'chair', 'treasurer', 'auditor', 'member']) {
    userIds[who] = (await ok(api.post('/api/v1/users', { login: `${prefix}-${who}`, password: PASSWORD, name: `${who} ${prefix}` }))).id
  }
  await ok(api.post(`/api/v1/schools/${school.id}/reviewers`, { userId: userIds.reviewer }))
  const slug = `${prefix}-class-3-2`
  const committee = await ok(api.post(`/api/v1/schools/${school.id}/committees`, { name: '三年级2班家委会', slug, level: 'class', grade: 3, className: '2班' }))
  for (const role of ['chair', 'treasurer', 'auditor', 'member']) {
    await ok(api.post(`/api/v1/committees/${committee.id}/members`, { userId: userIds[role], role }))
  }
  for (const p of ['parent1', 'parent2']) {
    userIds[p] = (
      await ok(
        t
          .as(null)
          .post(
            '/api/v1/users',
            { login: `${prefix}-${p}`, password: PASSWORD, name: `家长${p}`, phone: '13800000000', inviteCode: committee.inviteCode },
            { remoteAddress: seedAddress() },
          ),
      )
    ).id
  }
  const termBody = opts.term
    ? { name: opts.term.name ?? '本学期', startsOn: opts.term.startsOn, endsOn: opts.term.endsOn }
    : { name: '2025年秋季学期', startsOn: '2025-09-01', endsOn: '2026-01-16' }
  const term = await ok(api.post(`/api/v1/schools/${school.id}/terms`, termBody))
  const tokens = {} as World['tokens']
  for (const who of ['reviewer', 'chair', 'treasurer', 'auditor', 'member', 'parent1', 'parent2'] as const) tokens[who] = await loginAs(t, `${prefix}-${who}`)
  return { admin, schoolId: school.id, committeeId: committee.id, slug, inviteCode: committee.inviteCode, termId: term.id, tokens, userIds }
}

// Authenticated API overhead: getMe (token lookup + roles) against a hello-world route in the
// same process and run, on PGlite or on BENCH_DATABASE_URL's PostgreSQL.
import autocannon from 'autocannon'
import Fastify from 'fastify'
import { buildApp } from '../src/app.js'
import { systemClock } from '../src/china-time.js'
import { loadConfig } from '../src/config.js'
import { createPglite, createPostgres } from '../src/db/index.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { ensureAdmin, login } from '../src/modules/accounts/service.js'

const DURATION = Number(process.env.BENCH_SECONDS ?? 5)

async function measure(url: string, headers: Record<string, string> = {}) {
  const r = await autocannon({ url, connections: 20, duration: DURATION, headers })
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx }
}

const hello = Fastify()
hello.get('/hello', async () => ({ hello: 'world' }))
await hello.listen({ port: 0, host: '127.0.0.1' })
const helloPort = (hello.server.address() as { port: number }).port

const database = process.env.BENCH_DATABASE_URL ? createPostgres(process.env.BENCH_DATABASE_URL) : await createPglite()
await migrateToLatest(database.db)
await ensureAdmin(database.db, { login: 'bench-admin', password: 'bench-password-1' }, systemClock.now())
const { token } = await login(database.db, { login: 'bench-admin', password: 'bench-password-1' }, 3600_000, systemClock.now())
const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), db: database.db, clock: systemClock })
await app.listen({ port: 0, host: '127.0.0.1' })
const appPort = (app.server.address() as { port: number }).port

const base = await measure(`http://127.0.0.1:${helloPort}/hello`)
const health = await measure(`http://127.0.0.1:${appPort}/health`)
const me = await measure(`http://127.0.0.1:${appPort}/api/v1/me`, { authorization: `Bearer ${token}` })
const row = (name: string, m: typeof base) =>
  console.log(`${name.padEnd(28)} ${m.rps.toFixed(0).padStart(7)} req/s  p50 ${m.p50} ms  p99 ${m.p99} ms  ratio to hello ${(m.rps / base.rps).toFixed(2)}  errors ${m.errors}`)
console.log(`database: ${database.kind}, ${DURATION}s each, 20 connections`)
row('hello-world fastify', base)
row('GET /health (full app)', health)
row('GET /api/v1/me (auth + roles)', me)
await app.close()
await hello.close()
await database.close()

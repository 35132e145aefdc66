// Faults (issue 19), on PostgreSQL only: the database connection dropped in the middle of a money
// request, and the database unreachable and back. (SIGKILL of the server: sigkill.test.ts.)
// TEST_DATABASE_URL selects the server.
//
// The app reaches PostgreSQL through a TCP proxy of this file (support.ts PgProxy), which cuts a
// connection at a chosen statement — before it reaches the server, or after it ran with its answer
// lost — or all connections, or stops listening, or swallows connections without answering.
import { sql } from 'kysely'
import pg from 'pg'
import t, { type Test } from 'tap'
import { createPostgres } from '../../src/db/index.js'
import { testDatabaseUrl } from '../helpers/database.js'
import { expectStatus, moneyWorldOn } from '../money/world.js'
import { appOn, checkBooks, counts, isProblem, ownDatabase, PgProxy, receiptSeqs, withHostPort } from './support.js'

const url = testDatabaseUrl()
const skip = url
  ? false
  : 'PostgreSQL only: the faults are a network connection dropped, a server backend terminated and a process killed under a pool of connections; set TEST_DATABASE_URL'

const FEE = 30000
/** The COMMIT that Kysely sends, as it goes over the wire: a simple Query message. */
const COMMIT = 'Q\0\0\0\x0bcommit\0'

t.test('the database connection dropped mid-request answers 503 and writes nothing partial', { skip }, async (t) => {
  const own = await ownDatabase(t, url!)
  const target = new URL(own.url)
  const proxy = new PgProxy(target.hostname, Number(target.port || 5432))
  await proxy.start()
  t.teardown(() => proxy.stop())
  const database = createPostgres(withHostPort(own.url, '127.0.0.1', proxy.port), 5)
  const ta = await appOn(database, '2026-08-20T10:00:00+08:00')
  // The checks read the database directly, never through the proxy.
  const direct = createPostgres(own.url, 2)
  t.teardown(async () => {
    await ta.app.close()
    await database.close()
    await direct.close()
  })
  const m = await moneyWorldOn(ta, { students: ['王小明', '李小红', '赵一'] })
  const { w, planId } = m
  const [wang, li, zhao] = m.families as [(typeof m.families)[0], (typeof m.families)[0], (typeof m.families)[0]]
  await m.at('2026-09-02')
  await expectStatus(201, ta.as(w.tokens.treasurer).post(`/api/v1/plans/${planId}/billing-runs`, { period: '2026-09' }))
  const pay = (enrollmentId: string, key: string, amountFen = FEE) =>
    ta
      .as(w.tokens.treasurer)
      .post(
        `/api/v1/committees/${w.committeeId}/payments`,
        { enrollmentId, amountFen, method: 'wechat', paidAt: '2026-09-02T08:00:00+08:00' },
        { headers: { 'idempotency-key': key } },
      )
  const expect503 = (t: Test, res: Awaited<ReturnType<typeof pay>>, what: string) => {
    t.equal(res.statusCode, 503, `${what}: 503 (${res.body.slice(0, 200)})`)
    t.ok(isProblem(res), 'a problem+json')
    t.equal(res.json().code, 'database-unavailable')
    t.ok(Number(res.headers['retry-after']) > 0, 'with Retry-After')
  }

  await t.test('cut before the payment row is written: nothing of it stays, the retry records it once', async (t) => {
    const before = await counts(direct.db)
    const cut = proxy.cutWhen('insert into "payments"')
    const res = await pay(wang.enrollmentId, 'fault-cut-before-insert')
    await cut
    expect503(t, res, 'cut mid-transaction')
    t.same(await counts(direct.db), before, 'no entry, no line, no payment, no allocation')
    t.notOk(await direct.db.selectFrom('receipt_counters').selectAll().executeTakeFirst(), 'no receipt number taken')
    t.notOk(await direct.db.selectFrom('idempotency_keys').select('key').where('key', '=', 'fault-cut-before-insert').executeTakeFirst(), 'the key is free again')
    const again = await expectStatus(201, pay(wang.enrollmentId, 'fault-cut-before-insert'))
    t.equal(again.receiptNo, '2026-000001', 'the retry takes the first receipt number')
    t.equal((await counts(direct.db)).payments, before.payments + 1, 'recorded once')
    await checkBooks(t, direct.db)
  })

  await t.test('cut after COMMIT ran, its answer lost: 503, and the retry finds the payment it made', async (t) => {
    const before = await counts(direct.db)
    const cut = proxy.cutWhen(COMMIT, 'after')
    const res = await pay(li.enrollmentId, 'fault-answer-lost')
    await cut
    expect503(t, res, 'commit answer lost')
    const after = await counts(direct.db)
    t.equal(after.payments, before.payments + 1, 'the commit ran: the payment is in, whole')
    await checkBooks(t, direct.db)
    const again = await expectStatus(201, pay(li.enrollmentId, 'fault-answer-lost'))
    t.equal(again.receiptNo, '2026-000002', 'the retry answers with the payment the lost commit made')
    t.same(await counts(direct.db), after, 'and records nothing more')
  })

  await t.test('a backend terminated (pg_terminate_backend) while the payment waits for the fund: 503, nothing written', async (t) => {
    const before = await counts(direct.db)
    const admin = new pg.Client({ connectionString: url! })
    await admin.connect()
    const holder = new pg.Client({ connectionString: own.url })
    await holder.connect()
    try {
      await holder.query('BEGIN')
      await holder.query('SELECT * FROM funds WHERE plan_id = $1 FOR UPDATE', [planId])
      const pending = pay(zhao.enrollmentId, 'fault-terminated')
      let pid: number | undefined
      for (let i = 0; i < 200 && !pid; i++) {
        const r = await admin.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND pid <> $2 AND query LIKE '%"funds"%'`, [
          own.name,
          (await holder.query('SELECT pg_backend_pid() AS pid')).rows[0].pid,
        ])
        pid = r.rows[0]?.pid
        if (!pid) await new Promise((r) => setTimeout(r, 10))
      }
      t.ok(pid, 'the payment is waiting inside its transaction')
      await admin.query('SELECT pg_terminate_backend($1)', [pid])
      const res = await pending
      expect503(t, res, 'terminated backend')
      await holder.query('ROLLBACK')
    } finally {
      await holder.end()
      await admin.end()
    }
    t.same(await counts(direct.db), before, 'nothing written')
    const again = await expectStatus(201, pay(zhao.enrollmentId, 'fault-terminated'))
    t.equal(again.receiptNo, '2026-000003', 'no receipt number lost')
    await checkBooks(t, direct.db)
  })

  await t.test('a billing run cut in the middle of its postings: none of them stays, the rerun bills everyone once', async (t) => {
    await m.at('2026-09-26')
    const before = await counts(direct.db)
    const cut = proxy.cutWhen('insert into "journal_lines"')
    const res = await ta.as(w.tokens.treasurer).post(`/api/v1/plans/${planId}/billing-runs`, { period: '2026-10' })
    await cut
    expect503(t, res, 'billing run cut')
    t.same(await counts(direct.db), before, 'no charge, no entry')
    const run = await expectStatus(201, ta.as(w.tokens.treasurer).post(`/api/v1/plans/${planId}/billing-runs`, { period: '2026-10' }))
    t.equal(run.charged, 3, 'three families charged for October, once')
    await checkBooks(t, direct.db)
  })

  await t.test('the database gone mid-request, then back: 503s, /ready says so, and recovers', async (t) => {
    t.equal((await ta.as(null).get('/ready')).statusCode, 200, 'ready')
    const before = await counts(direct.db)
    const gone = proxy.cutWhen('insert into "journal_lines"')
    const pending = pay(wang.enrollmentId, 'fault-database-gone', 1000)
    await gone
    await proxy.stop()
    const res = await pending
    expect503(t, res, 'database gone')
    const ready = await ta.as(null).get('/ready')
    t.equal(ready.statusCode, 503, '/ready: 503 while the database is unreachable')
    t.ok(isProblem(ready))
    t.ok(Number(ready.headers['retry-after']) > 0, 'with Retry-After')
    const login = await ta.as(null).post('/api/v1/auth/login', { login: 'm-treasurer', password: 'nope-nope-nope' })
    t.equal(login.statusCode, 503, 'any request needing the database: 503, never 500')
    const read = await ta.as(w.tokens.treasurer).get(`/api/v1/plans/${planId}/trial-balance`)
    t.equal(read.statusCode, 503, 'a signed-in read too')

    await proxy.start()
    t.equal((await ta.as(null).get('/ready')).statusCode, 200, '/ready: 200 once it is back')
    t.same(await counts(direct.db), before, 'nothing of the cut payment was written')
    // The claim of the key could not be freed while the database was gone: a retry within a
    // minute hears the request may still be running, after that it is taken over.
    m.ta.clock.advance({ minutes: 2 })
    const again = await expectStatus(201, pay(wang.enrollmentId, 'fault-database-gone', 1000))
    t.equal(again.receiptNo, '2026-000004')
    await checkBooks(t, direct.db)
    t.same(await receiptSeqs(direct.db, w.committeeId), [1, 2, 3, 4], 'receipts 1 … 4, no gap')
  })

  await t.test('a database that accepts connections and never answers: /ready answers 503 within seconds', async (t) => {
    await proxy.stop()
    // Let the pool see its idle connections gone, so the probe has to open a new one.
    await new Promise((r) => setTimeout(r, 200))
    await proxy.start()
    proxy.blackhole()
    const started = Date.now()
    const ready = await ta.as(null).get('/ready')
    const took = Date.now() - started
    t.equal(ready.statusCode, 503, `/ready: 503 (after ${took} ms)`)
    t.ok(took < 6000, 'within the readiness timeout, not hanging')
    const before = await counts(direct.db)
    const payStarted = Date.now()
    const stuck = await pay(zhao.enrollmentId, 'fault-partition', 1000)
    expect503(t, stuck, `a payment during the partition (after ${Date.now() - payStarted} ms)`)
    t.ok(Date.now() - payStarted < 13_000, 'within the connection timeout (10 s), not hanging')
    t.same(await counts(direct.db), before, 'nothing written')
    await proxy.stop()
    await proxy.start()
    let back = 0
    for (let i = 0; i < 50 && back !== 200; i++) {
      back = (await ta.as(null).get('/ready')).statusCode
      if (back !== 200) await new Promise((r) => setTimeout(r, 100))
    }
    t.equal(back, 200, 'ready again')
    const total = await direct.db.selectFrom('journal_lines').select(sql<number>`sum(amount_fen)::bigint`.as('s')).executeTakeFirstOrThrow()
    t.equal(total.s, 0)
  })
})

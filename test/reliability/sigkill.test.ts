// Faults (issue 19), on PostgreSQL only: the server killed with SIGKILL in the middle of money
// writes and started again. (The connection faults are in faults.test.ts.)
//
// The real server (test/reliability/child-server.ts: server.ts's path with its clock starting at a
// given instant) runs as a child process on a database of its own, prepared in-process through the
// API; it is killed with SIGKILL in the middle of money writes and started again.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import t from 'tap'
import { createPostgres } from '../../src/db/index.js'
import { testDatabaseUrl } from '../helpers/database.js'
import { expectStatus, moneyWorldOn } from '../money/world.js'
import { appOn, checkBooks, counts, ownDatabase, receiptSeqs } from './support.js'

const url = testDatabaseUrl()
const skip = url ? false : 'PostgreSQL only: the server is killed with open transactions on a pool of connections, which PostgreSQL rolls back; set TEST_DATABASE_URL'

const FEE = 30000

interface Child {
  base: string
  kill(): Promise<void>
}

async function startChild(databaseUrl: string, clockStart: string): Promise<Child> {
  const child = spawn(process.execPath, ['--import=tsx', fileURLToPath(new URL('./child-server.ts', import.meta.url))], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATABASE_URL: databaseUrl,
      PORT: '0',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      SESSION_TTL_HOURS: '2160',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      CHILD_CLOCK_START: clockStart,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const m = out.match(/listening (\d+)/)
      if (m) resolve(Number(m[1]))
    })
    child.once('exit', (code) => reject(new Error(`the child server exited (${code}) before listening: ${out}`)))
  })
  return {
    base: `http://127.0.0.1:${port}`,
    kill: async () => {
      child.kill('SIGKILL')
      await exited
    },
  }
}

interface Answer {
  status: number
  body: Record<string, unknown> | null
  replayed: boolean
}

async function call(base: string, token: string, method: string, path: string, body?: unknown, key?: string): Promise<Answer> {
  try {
    const res = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(key ? { 'idempotency-key': key } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : null, replayed: res.headers.get('idempotent-replayed') === 'true' }
  } catch {
    // The server died before it answered.
    return { status: 0, body: null, replayed: false }
  }
}

/** Waits until `n` backends of the database wait for a lock while running a statement like `pattern`. */
async function waitForBlocked(admin: pg.Client, database: string, pattern: string, n = 1) {
  for (let i = 0; i < 1000; i++) {
    const r = await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND query ILIKE $2`, [database, pattern])
    if (r.rows[0].n >= n) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`no backend blocked on ${pattern}`)
}

/** Waits until the killed server's backends have gone (PostgreSQL rolls back what they left open). */
async function waitForBackendsGone(admin: pg.Client, database: string, keep: number) {
  for (let i = 0; i < 500; i++) {
    const r = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [database])
    if (r.rows[0].n <= keep) return
    await new Promise((r) => setTimeout(r, 20))
  }
}

const at = (start: string, minutes: number) => new Date(new Date(start).getTime() + minutes * 60_000).toISOString()

t.test('SIGKILL in a burst of payments: acknowledged ones present and whole, receipts gapless, retries record each once', { skip }, async (t) => {
  const own = await ownDatabase(t, url!)
  const database = createPostgres(own.url, 5)
  const ta = await appOn(database, '2026-08-20T10:00:00+08:00')
  t.teardown(async () => {
    await ta.app.close()
    await database.close()
  })
  const admin = new pg.Client({ connectionString: url! })
  await admin.connect()
  t.teardown(() => admin.end())
  const m = await moneyWorldOn(ta, { students: ['王小明', '李小红', '赵一', '钱二', '孙三', '周四'] })
  const { w, planId } = m
  await m.at('2026-09-02')
  await expectStatus(201, ta.as(w.tokens.treasurer).post(`/api/v1/plans/${planId}/billing-runs`, { period: '2026-09' }))
  const START = '2026-09-02T10:00:00+08:00'
  const methods = ['cash', 'bank', 'wechat', 'alipay'] as const
  const bodyOf = (i: number) => ({
    enrollmentId: m.families[i % m.families.length]!.enrollmentId,
    amountFen: 1000 + i,
    method: methods[i % 4],
    paidAt: '2026-09-02T08:00:00+08:00',
    confirmDuplicate: true,
  })
  const payUrl = `/api/v1/committees/${w.committeeId}/payments`
  const keyOf = (i: number) => `crash-burst-${i}`
  const acked = new Map<string, Answer>()
  const keep = (await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [own.name])).rows[0].n

  // Round 1: 60 payments at once, killed once the first few have been answered.
  const BURST = 60
  let child = await startChild(own.url, START)
  const sent = Array.from({ length: BURST }, (_, i) =>
    call(child.base, w.tokens.treasurer, 'POST', payUrl, bodyOf(i), keyOf(i)).then((a) => {
      if (a.status >= 200 && a.status < 300) acked.set(keyOf(i), a)
      return a
    }),
  )
  for (let i = 0; i < 1000 && acked.size < 5; i++) await new Promise((r) => setTimeout(r, 5))
  await child.kill()
  const answers = await Promise.all(sent)
  const unanswered = answers.filter((a) => a.status === 0).length
  t.ok(acked.size >= 5 && unanswered > 0, `killed mid-burst: ${acked.size} answered 201, ${unanswered} never answered`)
  t.same(
    answers.filter((a) => a.status !== 0 && (a.status < 200 || a.status >= 300)).map((a) => a.body),
    [],
    'no answer other than 201 before the kill',
  )
  await waitForBackendsGone(admin, own.name, keep)
  const afterKill = await ta.db.selectFrom('payments').select(['idempotency_key', 'receipt_no']).execute()
  t.comment(`round 1: ${BURST} sent, ${acked.size} acknowledged, ${afterKill.length} in the database (${afterKill.length - acked.size} committed but never acknowledged)`)
  for (const [key, a] of acked) t.equal(afterKill.find((p) => p.idempotency_key === key)?.receipt_no, a.body!.receiptNo, `${key}: acknowledged, present with its receipt`)
  await checkBooks(t, ta.db)
  t.same(
    await receiptSeqs(ta.db, w.committeeId),
    Array.from({ length: afterKill.length }, (_, i) => i + 1),
    'receipt numbers 1 … n, no gap',
  )

  // Round 2: every payment of a burst blocked after posting its entry and taking its receipt
  // number (the payments table held in SHARE mode by another session), then killed: none stays.
  child = await startChild(own.url, at(START, 2))
  const holder = new pg.Client({ connectionString: own.url })
  await holder.connect()
  await holder.query('BEGIN')
  await holder.query('LOCK TABLE payments IN SHARE MODE')
  const before2 = await counts(ta.db)
  const second = Array.from({ length: 10 }, (_, i) => call(child.base, w.tokens.treasurer, 'POST', payUrl, bodyOf(BURST + i), keyOf(BURST + i)))
  await waitForBlocked(admin, own.name, 'insert into "payments"%')
  await child.kill()
  await holder.query('ROLLBACK')
  await holder.end()
  t.same(
    (await Promise.all(second)).map((a) => a.status),
    Array(10).fill(0),
    'round 2: killed with every payment mid-transaction, none answered',
  )
  await waitForBackendsGone(admin, own.name, keep)
  t.same(await counts(ta.db), before2, 'round 2: nothing of them stays (no entry, no payment, no allocation)')
  await checkBooks(t, ta.db)

  // Restarted: every key retried (the answered ones replay, the claims of the dead server are
  // taken over once a minute old), each recorded exactly once.
  child = await startChild(own.url, at(START, 4))
  t.teardown(() => child.kill())
  const keys = Array.from({ length: BURST + 10 }, (_, i) => i)
  const retries = await Promise.all(keys.map((i) => call(child.base, w.tokens.treasurer, 'POST', payUrl, bodyOf(i), keyOf(i))))
  t.same(
    retries.filter((a) => a.status !== 201).map((a) => a.body),
    [],
    `all ${keys.length} retries answered 201`,
  )
  for (const [key, a] of acked) {
    const again = retries[Number(key.split('-').at(-1))]!
    t.equal(again.body!.receiptNo, a.body!.receiptNo, `${key}: the retry answers the same receipt`)
  }
  const payments = await ta.db.selectFrom('payments').select(['idempotency_key', 'receipt_seq']).execute()
  t.equal(payments.length, keys.length, `${keys.length} payments, one per key`)
  t.equal(new Set(payments.map((p) => p.idempotency_key)).size, keys.length, 'no key recorded twice')
  t.same(
    await receiptSeqs(ta.db, w.committeeId),
    Array.from({ length: keys.length }, (_, i) => i + 1),
    'receipt numbers 1 … n, no gap, none twice',
  )
  await checkBooks(t, ta.db)
  const trial = await call(child.base, w.tokens.auditor, 'GET', `/api/v1/plans/${planId}/trial-balance`)
  t.match(trial.body, { totalFen: 0, balanced: true }, "the restarted server's trial balance is zero")
})

t.test('SIGKILL during confirmSettlement: after restart the settlement is whole or absent, and confirming again works', { skip }, async (t) => {
  const own = await ownDatabase(t, url!)
  const database = createPostgres(own.url, 5)
  const ta = await appOn(database, '2026-08-20T10:00:00+08:00')
  t.teardown(async () => {
    await ta.app.close()
    await database.close()
  })
  const admin = new pg.Client({ connectionString: url! })
  await admin.connect()
  t.teardown(() => admin.end())
  const m = await moneyWorldOn(ta, { students: ['王小明', '李小红', '张低保', '赵一', '钱二'] })
  const { w, planId } = m
  const treasurer = () => ta.as(w.tokens.treasurer)
  const months = ['2026-09', '2026-10', '2026-11', '2026-12']
  for (const [i, month] of months.entries()) {
    await m.at(`${month}-01`, { signIn: 'when-expiring' })
    await expectStatus(201, treasurer().post(`/api/v1/plans/${planId}/billing-runs`, { period: month }))
    for (const f of m.families) {
      if (f.name.includes('低保')) continue
      // 李小红's family pays the whole term in September.
      if (f.name === '李小红' && i > 0) continue
      const amountFen = f.name === '李小红' ? 4 * FEE : FEE
      await expectStatus(
        201,
        treasurer().post(`/api/v1/committees/${w.committeeId}/payments`, { enrollmentId: f.enrollmentId, amountFen, method: 'wechat', paidAt: `${month}-01T08:00:00+08:00` }),
      )
    }
    const expense = await expectStatus(
      201,
      treasurer().post(`/api/v1/committees/${w.committeeId}/expenses`, {
        planId,
        category: '人员劳务',
        amountFen: 70000,
        payee: { kind: 'person', role: '托管服务人员劳务费' },
        spentOn: `${month}-01`,
        description: '劳务',
      }),
    )
    await expectStatus(200, ta.as(w.tokens.chair).post(`/api/v1/expenses/${expense.id}/approve`))
  }
  await m.at('2027-01-04')
  for (const month of months) await expectStatus(201, treasurer().post(`/api/v1/committees/${w.committeeId}/statements`, { period: month }))
  const preview = await expectStatus(200, treasurer().post(`/api/v1/plans/${planId}/settlement/preview`, {}))
  t.ok(preview.ready, preview.blockers.join('; '))
  const expected = preview.refunds.length as number
  t.ok(expected >= 4, `${expected} families to refund`)
  await expectStatus(201, treasurer().post(`/api/v1/plans/${planId}/settlement`, {}))
  const START = '2027-01-04T10:00:00+08:00'
  const confirmUrl = `/api/v1/plans/${planId}/settlement/confirm`
  const keep = (await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [own.name])).rows[0].n
  const base0 = await counts(ta.db)
  const fundClosed = async () => (await ta.db.selectFrom('funds').select('closed_at').where('plan_id', '=', planId).executeTakeFirstOrThrow()).closed_at !== null

  // Killed in the middle of the confirmation's transaction: its refund entries and the
  // settlement statement written, its refunds not yet (the refunds table held by another session).
  let child = await startChild(own.url, START)
  const holder = new pg.Client({ connectionString: own.url })
  await holder.connect()
  await holder.query('BEGIN')
  await holder.query('LOCK TABLE refunds IN SHARE MODE')
  const first = call(child.base, w.tokens.chair, 'POST', confirmUrl, undefined, 'confirm-settlement-1')
  await waitForBlocked(admin, own.name, 'insert into "refunds"%')
  await child.kill()
  await holder.query('ROLLBACK')
  t.equal((await first).status, 0, 'killed before it answered')
  await waitForBackendsGone(admin, own.name, keep)
  t.same(await counts(ta.db), base0, 'none of it: no refund entry, no refund, no settlement, no settlement statement')
  t.notOk(await fundClosed(), 'the fund is still open')
  await checkBooks(t, ta.db)

  // Restarted, confirmed again with the same key (the dead server's claim taken over): this time
  // killed after its COMMIT, before the answer was stored and sent (the key's row held by another session).
  child = await startChild(own.url, at(START, 2))
  await holder.query('BEGIN')
  await holder.query('LOCK TABLE refunds IN SHARE MODE')
  const second = call(child.base, w.tokens.chair, 'POST', confirmUrl, undefined, 'confirm-settlement-1')
  await waitForBlocked(admin, own.name, 'insert into "refunds"%')
  const keyHolder = new pg.Client({ connectionString: own.url })
  await keyHolder.connect()
  await keyHolder.query('BEGIN')
  await keyHolder.query(`SELECT * FROM idempotency_keys WHERE key = 'confirm-settlement-1' FOR UPDATE`)
  await holder.query('ROLLBACK')
  await holder.end()
  await waitForBlocked(admin, own.name, 'update "idempotency_keys"%')
  await child.kill()
  await keyHolder.query('ROLLBACK')
  await keyHolder.end()
  t.equal((await second).status, 0, 'killed after the commit, before it answered')
  await waitForBackendsGone(admin, own.name, keep)
  const after = await counts(ta.db)
  t.match(
    { ...after, refundEntries: (await ta.db.selectFrom('journal_entries').select('id').where('source_type', '=', 'refund').execute()).length },
    { settlements: 1, refunds: expected, statements: base0.statements + 1, refundEntries: expected },
    'all of it: the settlement, every refund with its entry, the settlement statement',
  )
  t.ok(await fundClosed(), 'the fund closed')
  await checkBooks(t, ta.db)

  // Restarted once more: the settlement stands once; confirming again is refused as settled.
  child = await startChild(own.url, at(START, 4))
  t.teardown(() => child.kill())
  const retried = await call(child.base, w.tokens.chair, 'POST', confirmUrl, undefined, 'confirm-settlement-1')
  // The answer's storing (an UPDATE on its own) was waiting for the key's row when the server
  // died; PostgreSQL ran it once the row was free, so the retry replays the lost answer. (Had it
  // not run, the claim would be taken over and the retry would hear 409 already-settled.)
  t.match(
    { status: retried.status, replayed: retried.replayed, settled: retried.body?.status, refunds: retried.body?.refunds },
    { status: 200, replayed: true, settled: 'settled', refunds: expected },
    'the retry of the lost confirmation replays its answer: settled',
  )
  const auditor = await call(child.base, w.tokens.auditor, 'POST', confirmUrl, undefined, 'confirm-settlement-2')
  t.match({ status: auditor.status, code: auditor.body?.code }, { status: 409, code: 'already-settled' }, 'and so does another confirmation')
  const refunds = await call(child.base, w.tokens.treasurer, 'GET', `/api/v1/plans/${planId}/refunds`)
  t.equal(refunds.body?.unpaid, expected, `${expected} refunds to pay, numbered once`)
  t.equal(
    ((refunds.body?.items ?? []) as { amountFen: number }[]).reduce((s, r) => s + r.amountFen, 0),
    preview.refunds.reduce((s: number, r: { amountFen: number }) => s + r.amountFen, 0),
    'the refunds as previewed, to the fen',
  )
  const verify = await fetch(`${child.base}/p/${w.slug}/statements/verify`).then((r) => r.json())
  t.match(verify, { valid: true, statements: base0.statements + 1 }, 'the public chain holds, with the settlement as its last link')
  t.same(await counts(ta.db), after, 'nothing more written')
})

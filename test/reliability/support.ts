// Shared by the reliability tests: a database of their own on the PostgreSQL server (so a proxy or
// a child process can reach it by URL), a TCP proxy in front of PostgreSQL whose connections a
// test cuts, an app on any database, and the checks that the books are whole.
import { randomBytes } from 'node:crypto'
import net from 'node:net'
import { sql } from 'kysely'
import pg from 'pg'
import type { Test } from 'tap'
import type { Db } from '../../src/db/index.js'
import { ensurePostgresTemplate } from '../helpers/database.js'

export function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

export function withHostPort(url: string, host: string, port: number): string {
  const u = new URL(url)
  u.hostname = host
  u.port = String(port)
  return u.toString()
}

export async function adminQuery<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}

/** A migrated, empty database of its own (CREATE DATABASE … TEMPLATE), dropped at teardown. Returns its URL. */
export async function ownDatabase(t: { teardown(fn: () => unknown): void }, url: string): Promise<{ name: string; url: string }> {
  const template = await ensurePostgresTemplate(url)
  const name = `jiawei_r_${randomBytes(6).toString('hex')}`
  await adminQuery(url, async (c) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`)
        return
      } catch (e) {
        // Another test file is copying the template at this moment: wait for it.
        if ((e as { code?: string }).code !== '55006' || attempt >= 100) throw e
        await new Promise((r) => setTimeout(r, 20))
      }
    }
  })
  t.teardown(() => adminQuery(url, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)))
  return { name, url: withDatabase(url, name) }
}

export { appOn, testConfig } from '../helpers/app.js'

type Pair = { client: net.Socket; server: net.Socket }
type Trigger = { needle: Buffer; mode: 'before' | 'after'; fired: () => void }

/**
 * A TCP proxy to PostgreSQL that a test controls: `cut()` drops every connection through it (the
 * network failing under open connections), `stop()` also refuses new ones (the server gone),
 * `start()` again on the same port (it is back), `blackhole()` accepts and never answers (a
 * partition), and `cutWhen(text)` drops the connection that sends a statement containing `text`,
 * either before it reaches the server ('before': the statement never ran) or just after
 * ('after': it ran, its answer never came back).
 */
export class PgProxy {
  private server: net.Server | null = null
  private pairs = new Set<Pair>()
  private triggers: Trigger[] = []
  private holes = new Set<net.Socket>()
  private mode: 'forward' | 'blackhole' = 'forward'
  port = 0

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<number> {
    this.mode = 'forward'
    const server = net.createServer((client) => this.accept(client))
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.port, '127.0.0.1', () => resolve())
    })
    this.port = (server.address() as net.AddressInfo).port
    this.server = server
    return this.port
  }

  private accept(client: net.Socket) {
    client.on('error', () => {})
    if (this.mode === 'blackhole') {
      this.holes.add(client)
      client.on('close', () => this.holes.delete(client))
      return
    }
    const server = net.connect(this.targetPort, this.targetHost)
    server.on('error', () => {})
    const pair = { client, server }
    this.pairs.add(pair)
    const drop = () => {
      client.destroy()
      server.destroy()
      this.pairs.delete(pair)
    }
    client.on('close', drop)
    server.on('close', drop)
    client.on('data', (chunk: Buffer) => {
      const hit = this.triggers.findIndex((tr) => chunk.includes(tr.needle))
      if (hit < 0) {
        server.write(chunk)
        return
      }
      const [tr] = this.triggers.splice(hit, 1)
      if (tr!.mode === 'before') {
        drop()
      } else {
        // The statement reaches the server, which runs it and then reads the end of the stream;
        // its answer never reaches the app.
        client.destroy()
        this.pairs.delete(pair)
        server.end(chunk)
      }
      tr!.fired()
    })
    server.on('data', (chunk: Buffer) => client.write(chunk))
  }

  /** Resolves when the trigger fired. */
  cutWhen(text: string, mode: 'before' | 'after' = 'before'): Promise<void> {
    return new Promise((fired) => this.triggers.push({ needle: Buffer.from(text), mode, fired }))
  }

  clearTriggers() {
    this.triggers = []
  }

  cut() {
    for (const p of this.pairs) {
      p.client.destroy()
      p.server.destroy()
    }
    this.pairs.clear()
  }

  blackhole() {
    this.mode = 'blackhole'
  }

  async stop() {
    const server = this.server
    this.server = null
    this.cut()
    for (const s of this.holes) s.destroy()
    this.holes.clear()
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

/** The shape of every problem answer: problem+json with a code. */
export function isProblem(res: { headers: Record<string, unknown>; json(): unknown }) {
  return String(res.headers['content-type']).startsWith('application/problem+json')
}

/**
 * The books of every fund of the database are whole: every entry sums to zero, every account sums
 * to zero, every payment has its entry and receipt number (unique), and no entry stands without the
 * payment, charge or refund it books.
 */
export async function checkBooks(t: Test, db: Db) {
  const unbalanced = await db
    .selectFrom('journal_lines')
    .select(['entry_id', sql<number>`sum(amount_fen)::bigint`.as('total')])
    .groupBy('entry_id')
    .having(sql`sum(amount_fen)`, '<>', 0)
    .execute()
  t.same(unbalanced, [], 'every entry sums to zero')
  const trial = await db.selectFrom('journal_lines').select(sql<number>`coalesce(sum(amount_fen), 0)::bigint`.as('total')).executeTakeFirstOrThrow()
  t.equal(trial.total, 0, 'the trial balance is zero')
  const empty = await db.selectFrom('journal_entries as e').leftJoin('journal_lines as l', 'l.entry_id', 'e.id').select('e.id').where('l.entry_id', 'is', null).execute()
  t.same(empty, [], 'no entry without lines')
  const orphans = await db
    .selectFrom('payments as p')
    .leftJoin('journal_entries as e', 'e.id', 'p.entry_id')
    .select(['p.id', 'p.receipt_no'])
    .where((eb) => eb.or([eb('e.id', 'is', null), eb('p.receipt_no', 'is', null)]))
    .execute()
  t.same(orphans, [], 'every payment has its ledger entry and receipt number')
  const paymentEntries = await db
    .selectFrom('journal_entries as e')
    .leftJoin('payments as p', 'p.entry_id', 'e.id')
    .select('e.id')
    .where('e.source_type', '=', 'payment')
    .where('p.id', 'is', null)
    .execute()
  t.same(paymentEntries, [], 'no payment entry without its payment')
  const receipts = await db.selectFrom('payments').select(['committee_id', 'receipt_year', 'receipt_seq']).execute()
  t.equal(new Set(receipts.map((r) => `${r.committee_id} ${r.receipt_year} ${r.receipt_seq}`)).size, receipts.length, 'no receipt number twice')
}

/** The receipt numbers of a committee's year: 1 … n, no gap. */
export async function receiptSeqs(db: Db, committeeId: string) {
  const rows = await db.selectFrom('payments').select('receipt_seq').where('committee_id', '=', committeeId).orderBy('receipt_seq').execute()
  return rows.map((r) => r.receipt_seq)
}

export const counts = async (db: Db) => {
  const n = async (table: 'payments' | 'journal_entries' | 'journal_lines' | 'charges' | 'refunds' | 'settlements' | 'statements' | 'payment_allocations') =>
    Number((await db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n)
  return {
    payments: await n('payments'),
    entries: await n('journal_entries'),
    lines: await n('journal_lines'),
    charges: await n('charges'),
    allocations: await n('payment_allocations'),
    refunds: await n('refunds'),
    settlements: await n('settlements'),
    statements: await n('statements'),
  }
}

import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite'
import { Kysely, type KyselyConfig, PostgresDialect, type Transaction } from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'
import pg from 'pg'
import { fenFromInt8 } from '../money.js'
import type { DB } from './schema.js'

export type Db = Kysely<DB>
export type Trx = Transaction<DB>

export interface Database {
  db: Db
  kind: 'postgres' | 'pglite'
  /** The embedded instance, for dumping its data directory (test templates). */
  client?: PGlite
  close(): Promise<void>
}

/**
 * One reading of int8 and date for both drivers: pg gives int8 as a string and PGlite as a
 * number or BigInt, and both turn `date` into a local-midnight Date, which shifts days across
 * time zones. Every int8 column is money in fen, read by money.ts's one conversion.
 */
const INT8 = 20
const DATE = 1082
const parseInt8 = (value: string) => fenFromInt8(value)
const parseDate = (value: string) => value

export function createPostgres(connectionString: string, max = 10, log?: KyselyConfig['log']): Database {
  const pool = new pg.Pool({
    connectionString,
    max,
    // A server that takes the connection and never answers (a partition) fails the request with a
    // 503 after this long, instead of holding it forever. It bounds the wait for a free client of
    // the pool too: long enough that a burst on one fund's lock queues rather than sheds.
    connectionTimeoutMillis: 10_000,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8) return parseInt8
        if (oid === DATE) return parseDate
        return pg.types.getTypeParser(oid, format as 'text')
      }) as typeof pg.types.getTypeParser,
    },
  })
  // An idle client whose server connection drops emits 'error' on the pool; unhandled, that
  // would crash the process. The next query simply gets a new connection.
  pool.on('error', (err) => console.error('postgres pool: idle client error:', err.message))
  // A client checked out by a request whose connection drops emits 'error' too, and the pool
  // listens only while it is idle: without a listener of its own that one would crash the
  // process. The request's query is rejected with the same error (a 503), and the pool discards
  // the broken client when it is released.
  pool.on('connect', (client) => client.on('error', () => {}))
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), ...(log ? { log } : {}) })
  return { db, kind: 'postgres', close: () => db.destroy() }
}

export async function createPglite(options: { dataDir?: string; loadDataDir?: Blob } = {}): Promise<Database> {
  if (options.dataDir) mkdirSync(resolve(options.dataDir), { recursive: true })
  const client = await PGlite.create({
    dataDir: options.dataDir ? resolve(options.dataDir) : undefined,
    loadDataDir: options.loadDataDir,
    parsers: { [pgliteTypes.INT8]: parseInt8, [pgliteTypes.DATE]: parseDate },
  })
  const db = new Kysely<DB>({ dialect: new PGliteDialect(client) })
  return {
    db,
    kind: 'pglite',
    client,
    close: async () => {
      await db.destroy()
      if (!client.closed) await client.close()
    },
  }
}

/** DATABASE_URL set → PostgreSQL pool; unset → embedded PGlite persisted under dataDir. */
export async function createDatabase(config: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  return config.databaseUrl ? createPostgres(config.databaseUrl) : createPglite({ dataDir: config.dataDir })
}

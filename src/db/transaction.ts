import type { Db, Trx } from './index.js'

/** PostgreSQL's answers that mean "run it again": serialization failure and deadlock. */
const RETRYABLE = new Set(['40001', '40P01'])

/**
 * One transaction for one service call, run again (a few times, after a short random pause) when
 * PostgreSQL aborted it for a serialization failure or a deadlock: those are the database's
 * business, never the caller's 500. The function must be safe to run again, which a transaction
 * that rolled back always is.
 */
export async function transact<T>(db: Db, fn: (trx: Trx) => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(fn)
    } catch (error) {
      const code = (error as { code?: string }).code
      if (attempt >= attempts || !code || !RETRYABLE.has(code)) throw error
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt))
    }
  }
}

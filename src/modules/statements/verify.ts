import type { Db } from '../../db/index.js'
import { ALGORITHM, chainHash } from './chain.js'
import * as repo from './repository.js'

/** Recomputes a committee's whole chain from what is stored and names the first link that does not match. */
export async function verifyChain(db: Db, committeeId: string) {
  const rows = await repo.statementsOf(db, committeeId)
  let previous = ''
  for (const r of rows) {
    const problem =
      r.previous_hash !== previous
        ? 'its previous hash is not the hash of the statement before it'
        : chainHash(previous, r.canonical) !== r.hash
          ? 'its content does not give its hash'
          : null
    if (problem) return { valid: false, statements: rows.length, firstMismatch: { seq: r.seq, kind: r.kind, period: r.period, problem }, algorithm: ALGORITHM }
    previous = r.hash
  }
  return { valid: true, statements: rows.length, lastHash: previous || null, firstMismatch: null, algorithm: ALGORITHM }
}

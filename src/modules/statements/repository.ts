// The SQL of published statements: append-only, one chain per committee.
import type { Db, Trx } from '../../db/index.js'

export const latestStatement = (db: Db | Trx, committeeId: string) =>
  db.selectFrom('statements').selectAll().where('committee_id', '=', committeeId).orderBy('seq', 'desc').limit(1).executeTakeFirst()

export const insertStatement = (
  trx: Trx,
  s: {
    committeeId: string
    seq: number
    kind: 'month' | 'settlement'
    period: string
    planId: string | null
    canonical: string
    previousHash: string
    hash: string
    publishedBy: string
  },
  now: Date,
) =>
  trx
    .insertInto('statements')
    .values({
      committee_id: s.committeeId,
      seq: s.seq,
      kind: s.kind,
      period: s.period,
      plan_id: s.planId,
      canonical: s.canonical,
      previous_hash: s.previousHash,
      hash: s.hash,
      published_by: s.publishedBy,
      published_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()

export const statementsOf = (db: Db | Trx, committeeId: string) => db.selectFrom('statements').selectAll().where('committee_id', '=', committeeId).orderBy('seq').execute()

export const statementListOf = (db: Db | Trx, committeeId: string) =>
  db.selectFrom('statements').select(['seq', 'kind', 'period', 'plan_id', 'hash', 'previous_hash', 'published_at']).where('committee_id', '=', committeeId).orderBy('seq').execute()

export const statementOf = (db: Db | Trx, committeeId: string, period: string) =>
  db.selectFrom('statements').selectAll().where('committee_id', '=', committeeId).where('period', '=', period).executeTakeFirst()

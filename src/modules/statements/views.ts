import type { Selectable } from 'kysely'
import type { StatementsTable } from '../../db/schema.js'

type Row = Pick<Selectable<StatementsTable>, 'seq' | 'kind' | 'period' | 'plan_id' | 'hash' | 'previous_hash' | 'published_at'> & { canonical?: string }

/** A statement as the API lists it; `statement` is the published content itself. */
export function statementOut(r: Row) {
  return {
    seq: r.seq,
    kind: r.kind,
    period: r.period,
    planId: r.plan_id,
    hash: r.hash,
    previousHash: r.previous_hash,
    publishedAt: r.published_at,
    ...(r.canonical ? { statement: JSON.parse(r.canonical) as Record<string, unknown> } : {}),
  }
}

/**
 * Only money that came in and stayed can be a family's payment. Everything else in the export is
 * the treasurer's own business (their spending, personal transfers, wallet moves): it leaves
 * this function as a line number and one word, and no other field of it goes anywhere.
 */
import type { SkippedRow, SkipReason, StatementRow } from './types.js'

export interface IncomingSelection {
  incoming: StatementRow[]
  skipped: SkippedRow[]
}

export function selectIncoming(rows: readonly StatementRow[]): IncomingSelection {
  const incoming: StatementRow[] = []
  const skipped: SkippedRow[] = []
  for (const row of rows) {
    const reason = skipReason(row)
    if (reason) skipped.push({ line: row.line, reason })
    else incoming.push(row)
  }
  return { incoming, skipped }
}

/** Direction first, so an outgoing row's status is never told either. */
export function skipReason(row: StatementRow): SkipReason | null {
  if (row.direction === 'out') return 'outgoing'
  if (row.direction === 'neutral') return 'neutral'
  if (row.status === 'refunded') return 'refunded'
  if (row.status === 'closed') return 'closed'
  if (row.status !== 'success') return 'not-final'
  if (row.amountFen <= 0) return 'zero-amount'
  return null
}

/**
 * Every export has a preamble of its own length (WeChat added a note line in 2026, Alipay
 * dropped one the same year), so the header is the first row whose cells name every required
 * column — found by its text, never by a line number.
 */
import { cleanCell, normalizeHeader } from './normalize-text.js'
import type { SourceRow } from './source-row.js'

/** For each field, the header texts that may name it (older layouts used other words). */
export type HeaderSpec<F extends string> = Record<F, { names: string[]; required?: boolean }>

export interface Header<F extends string> {
  /** Position of the header in the rows it was found in. */
  index: number
  line: number
  columns: Partial<Record<F, number>>
  /** Cells in the header, not counting the empty one a trailing comma adds. */
  width: number
  /** The header text of each found field, for messages. */
  labels: Partial<Record<F, string>>
}

/** Preambles run to a few dozen lines; a header further down is not one of these layouts. */
const SEARCH_ROWS = 80

export function findHeader<F extends string>(rows: SourceRow[], spec: HeaderSpec<F>): Header<F> | null {
  const fields = Object.keys(spec) as F[]
  const limit = Math.min(rows.length, SEARCH_ROWS)
  for (let index = 0; index < limit; index++) {
    const row = rows[index]!
    const positions = new Map<string, number>()
    row.cells.forEach((cell, i) => {
      const key = normalizeHeader(cleanCell(cell))
      if (key && !positions.has(key)) positions.set(key, i)
    })
    const columns: Partial<Record<F, number>> = {}
    const labels: Partial<Record<F, string>> = {}
    let complete = true
    for (const field of fields) {
      const name = spec[field].names.find((n) => positions.has(normalizeHeader(n)))
      if (name === undefined) {
        if (spec[field].required) complete = false
        continue
      }
      columns[field] = positions.get(normalizeHeader(name))!
      labels[field] = name
    }
    if (!complete) continue
    let width = row.cells.length
    while (width > 0 && cleanCell(row.cells[width - 1]!) === '') width--
    return { index, line: row.line, columns, width, labels }
  }
  return null
}

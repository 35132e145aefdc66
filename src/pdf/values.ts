import { type Fen, formatYuan, sumFen, toFen, yuanInCapitals } from '../money.js'

export { sumFen }

/**
 * Small conversions every document module makes on its way from stored data to template values.
 * They throw on data that no document should print (fractional fen, negative fees, blank names),
 * so a bad row fails loudly instead of becoming a wrong paper.
 */

/** An amount as printed: figures "300.00 元", yuan "300.00" (for table cells), and capitals. */
export function money(value: unknown, what = 'amount'): { figures: string; yuan: string; capitals: string; fen: Fen } {
  const fen = toFen(value)
  if (fen < 0) throw new RangeError(`${what} must not be negative: ${fen}`)
  const yuan = formatYuan(fen)
  return { figures: `${yuan} 元`, yuan, capitals: yuanInCapitals(fen), fen }
}

/** A signed cash movement for a table cell: "+300.00", "-12.50", "0.00". */
export function signedYuan(value: unknown): string {
  const fen = toFen(value)
  return fen > 0 ? `+${formatYuan(fen)}` : formatYuan(fen)
}

export function blankToNull(value: string | null | undefined): string | null {
  return value?.trim() ? value.trim() : null
}

/** A text a document cannot do without (a name, a number): trimmed, never blank. */
export function required(value: string, what: string): string {
  const text = value?.trim()
  if (!text) throw new Error(`${what} is blank`)
  return text
}

/** A count of families, days or receipts: a non-negative integer. */
export function count(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a whole number ≥ 0: ${value}`)
  return value
}

/**
 * A field typed `T | null` must still be given: null says "none", an absent key is a caller's
 * mistake (a column not selected, a renamed field) and must not quietly print the fallback.
 */
export function given<T>(value: T | null | undefined, what: string): T | null {
  if (value === undefined) throw new Error(`${what} is missing (pass null when there is none)`)
  return value
}

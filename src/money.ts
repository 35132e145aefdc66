/**
 * Money is integer fen everywhere. In TypeScript it is a `number` guarded as a safe integer
 * (a city's whole budget is far below 2^53 fen); the database holds `bigint`.
 */
export type Fen = number

export function toFen(value: unknown): Fen {
  const n = typeof value === 'bigint' ? Number(value) : typeof value === 'string' ? Number(value) : value
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new TypeError(`not an integer amount of fen: ${String(value)}`)
  }
  return n
}

/** 30000 → "300.00", -5 → "-0.05": exact, no floating point. */
export function formatYuan(fen: Fen): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

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

/**
 * Stand-in until the real parser lands from main: yuan text → fen, exactly, by digits (never
 * through a float). "¥28.16", "￥1,234.56", " 12.5 ", "+12.00", "-3.00", "100"; RangeError on
 * more than two decimals or anything else.
 */
export function parseYuan(text: string): Fen {
  const m = /^\s*([+-]?)\s*[¥￥]?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*$/.exec(text)
  if (!m) throw new RangeError(`not an amount of yuan: ${JSON.stringify(text)}`)
  const fen = Number((m[2] ?? '').replaceAll(',', '')) * 100 + Number((m[3] ?? '').padEnd(2, '0'))
  if (!Number.isSafeInteger(fen)) throw new RangeError(`amount out of range: ${JSON.stringify(text)}`)
  return m[1] === '-' && fen !== 0 ? -fen : fen
}

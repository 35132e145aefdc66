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

// Minimal stand-in so the documents branch renders amounts in capitals; the real implementation
// is being written on main and replaces this on merge.
const DIGITS = [...'零壹贰叁肆伍陆柒捌玖']
const PLACES = ['', '拾', '佰', '仟']
const GROUPS = ['', '万', '亿', '万亿']

/** 30000 → "人民币叁佰元整", 100530 → "人民币壹仟零伍元叁角", 5 → "人民币伍分", 0 → "人民币零元整". */
export function yuanInCapitals(fen: Fen): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not a non-negative integer amount of fen: ${fen}`)
  const yuan = Math.trunc(fen / 100)
  const jiao = Math.trunc(fen / 10) % 10
  const cents = fen % 10
  let words = ''
  // Four-digit groups from the top; one 零 stands for any run of zeros inside the number.
  const groups: number[] = []
  for (let n = yuan; n > 0; n = Math.trunc(n / 10000)) groups.unshift(n % 10000)
  let zero = false
  groups.forEach((group, i) => {
    const digits = String(group).padStart(4, '0')
    for (let d = 0; d < 4; d++) {
      const digit = Number(digits[d])
      if (digit === 0) {
        if (words) zero = true
        continue
      }
      if (zero) words += '零'
      zero = false
      words += DIGITS[digit]! + PLACES[3 - d]!
    }
    if (group > 0) words += GROUPS[groups.length - 1 - i]!
  })
  if (yuan > 0) words += '元'
  if (jiao === 0 && cents === 0) return `人民币${yuan > 0 ? words : '零元'}整`
  if (jiao > 0) words += `${DIGITS[jiao]}角`
  else if (yuan > 0) words += '零'
  if (cents > 0) words += `${DIGITS[cents]}分`
  return `人民币${words}`
}

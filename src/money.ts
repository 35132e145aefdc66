import { z } from 'zod'

/**
 * Money is integer fen everywhere (1 yuan = 100 fen). In TypeScript it is a `number` guarded as
 * a safe integer; the database holds `bigint` (`*_fen` columns), the API `…Fen` fields. This file
 * is the only place that converts, checks, parses, formats or splits amounts: no floating point
 * touches a fen on the way.
 */
export type Fen = number

// ---- caps and schemas -------------------------------------------------------------------------

/**
 * Realistic ceilings, so every figure derived from a plan stays a safe integer and the plan can
 * always be answered: fee × months and the budget total are far below 2^53 fen for any term (a
 * fee of 10^8 fen over even 10^5 months is 10^13).
 */
export const MAX_FEE_FEN = 100_000_000 // 1,000,000 yuan per billing period
export const MAX_BUDGET_LINE_FEN = 100_000_000_000 // 1,000,000,000 yuan
export const MAX_BUDGET_TOTAL_FEN = 1_000_000_000_000 // 10,000,000,000 yuan
/**
 * Any single payment, expense or refund. It equals the budget total cap because no single amount
 * can legitimately exceed the most a fund may ever hold: an expense is paid out of the budget, a
 * refund out of what was collected. It also leaves headroom: about 9,000 amounts at the cap still
 * sum below 2^53, and `sumFen` checks beyond that. 10^12 fen is 100 亿元, which the capitals
 * (万, 亿) cover.
 */
export const MAX_AMOUNT_FEN = MAX_BUDGET_TOTAL_FEN

const integerFen = (min: number, max: number) => {
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) throw new RangeError(`not a range of fen: ${min}..${max}`)
  return z.number().int().min(min).max(max)
}

/** A non-negative amount in integer fen, at most `max`. */
export function fenSchema(max: number = MAX_AMOUNT_FEN) {
  return integerFen(0, max).describe(`Integer fen (1 yuan = 100 fen), 0 to ${max}`)
}
/** Any non-negative amount up to MAX_AMOUNT_FEN. */
export const FenAmount = fenSchema()
/** An amount that must be at least one fen: a payment, an expense, a refund. */
export const PositiveFen = integerFen(1, MAX_AMOUNT_FEN).describe(`Integer fen (1 yuan = 100 fen), 1 to ${MAX_AMOUNT_FEN}`)
/** A signed amount (a balance, a journal line): |x| ≤ MAX_AMOUNT_FEN. */
export const SignedFen = integerFen(-MAX_AMOUNT_FEN, MAX_AMOUNT_FEN).describe(`Integer fen (1 yuan = 100 fen), signed, at most ${MAX_AMOUNT_FEN} either way`)

// ---- conversion -------------------------------------------------------------------------------

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/**
 * THE int8 → number conversion, the type parser of both drivers: pg gives int8 as a decimal
 * string, PGlite as a number or (when large) a BigInt. Anything that is not a safe integer is
 * refused rather than rounded.
 */
export function fenFromInt8(value: string | number | bigint): Fen {
  if (typeof value === 'bigint') {
    if (value > MAX_SAFE || value < -MAX_SAFE) throw new RangeError(`int8 value out of safe range: ${value}`)
    return Number(value)
  }
  if (typeof value === 'string') {
    // Number('') is 0 and Number(' 1e3 ') is 1000: accept only the text form int8 really has.
    // A value of 2^53 or more rounds to at least 2^53, which is not safe, so it is refused.
    const n = /^-?\d{1,19}$/.test(value) ? Number(value) + 0 : Number.NaN
    if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value out of safe range: ${JSON.stringify(value)}`)
    return n
  }
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`int8 value out of safe range: ${value}`)
    return value + 0
  }
  throw new TypeError(`not an int8 value: ${String(value)}`)
}

/**
 * The guard for a value that should already be a safe-integer number of fen. Strings and BigInts
 * (a row read without the type parser) go through `fenFromInt8`.
 */
export function toFen(value: unknown): Fen {
  if (typeof value === 'string' || typeof value === 'bigint') return fenFromInt8(value)
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new TypeError(`not an integer amount of fen: ${String(value)}`)
  return value + 0
}

const guard = (fen: Fen, what: string): Fen => {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`${what}: not an integer amount of fen: ${fen}`)
  return fen
}

/** Adds amounts, refusing any that is not a safe integer and a sum that would leave 2^53. */
export function sumFen(values: Iterable<Fen>): Fen {
  let sum = 0
  for (const v of values) {
    sum += guard(v, 'sumFen')
    if (!Number.isSafeInteger(sum)) throw new RangeError('sumFen: the sum leaves the safe-integer range')
  }
  return sum
}

// ---- formatting and parsing -------------------------------------------------------------------

const yuanParts = (fen: Fen, what: string) => {
  const abs = Math.abs(guard(fen, what))
  return { sign: fen < 0 ? '-' : '', whole: String(Math.trunc(abs / 100)), cents: String(abs % 100).padStart(2, '0') }
}

/** 30000 → "300.00", -5 → "-0.05": exact, no floating point. */
export function formatYuan(fen: Fen): string {
  const { sign, whole, cents } = yuanParts(fen, 'formatYuan')
  return `${sign}${whole}.${cents}`
}

/** 123456789 → "1,234,567.89", for statements and reports. */
export function formatYuanGrouped(fen: Fen): string {
  const { sign, whole, cents } = yuanParts(fen, 'formatYuanGrouped')
  return `${sign}${whole.replace(/\B(?=(\d{3})+$)/g, ',')}.${cents}`
}

const YUAN_TEXT = /^([+-]?)(?:[¥￥]\s*)?([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/

/**
 * An amount in yuan as bank, WeChat Pay and Alipay exports write it ("28.16", "¥28.16",
 * "￥1,234.56", "+12.00", "-3.00", "100") → fen, exactly: the digits are read as digits, never
 * through a float. A number (an XLSX cell) is read through its shortest string form, so 28.16
 * gives 2816. More than two decimals, a malformed thousands group, or anything else throws.
 */
export function parseYuan(input: string | number): Fen {
  const text = typeof input === 'number' ? (Number.isFinite(input) ? String(input) : '') : typeof input === 'string' ? input.trim() : ''
  const shown = typeof input === 'string' ? JSON.stringify(input) : String(input)
  const m = YUAN_TEXT.exec(text)
  if (!m || (m[1] && m[2])) throw new RangeError(`not an amount in yuan: ${shown}`)
  const [, sign1, sign2, whole = '', decimals = ''] = m
  if (decimals.length > 2) throw new RangeError(`more than two decimal places (finer than a fen): ${shown}`)
  const abs = BigInt(whole.replaceAll(',', '')) * 100n + BigInt(decimals.padEnd(2, '0'))
  if (abs > MAX_SAFE) throw new RangeError(`amount out of range: ${shown}`)
  const fen = Number(abs)
  return (sign1 || sign2) === '-' && fen !== 0 ? -fen : fen
}

// ---- Chinese capitals (大写金额) ---------------------------------------------------------------

const NUMERALS = '零壹贰叁肆伍陆柒捌玖'
const PLACES = ['', '拾', '佰', '仟']
const SECTIONS = ['', '万', '亿']

/**
 * The amount in financial capitals for receipts, following the People's Bank of China rules for
 * filling in bills and settlement vouchers (正确填写票据和结算凭证的基本规定): "人民币" first; "整"
 * after 元 only when there are no 角 or 分 (人民币叁佰元整, 人民币壹仟零伍元叁角, 人民币伍分); no
 * yuan figure when it is zero (人民币伍分), except 人民币零元整.
 *
 * Conventions, chosen where those rules leave a choice:
 * - Zeros: every run of zeros between two non-zero figures is written as exactly one 零, wherever
 *   it falls — inside a group, across 万/亿 and between 元 and 角/分 (壹佰万零伍元叁角,
 *   壹佰元零壹角, 壹拾元零伍分, 壹拾万零柒仟元零伍角叁分). Where the figure in the 万 or 元 place is
 *   0 but the 仟 or 角 figure is not, the rules allow 零 or none; one uniform rule is easier to
 *   check, and a written 零 leaves no gap to insert a figure into.
 * - Tens: a ten is always written with its numeral, 壹拾 (10 → 人民币壹拾元整, 10^9 yuan →
 *   人民币壹拾亿元整), as bank bills and tax invoices print it: a bare 拾 at the head of an amount
 *   could be altered by writing a numeral in front of it, which is what capitals exist to
 *   prevent. The spoken form (拾元) is not used.
 *
 * Covers 0 to MAX_AMOUNT_FEN (100 亿元); a negative amount throws (capitals are for receipts).
 */
export function yuanInCapitals(fen: Fen): string {
  guard(fen, 'yuanInCapitals')
  if (fen < 0 || fen > MAX_AMOUNT_FEN) throw new RangeError(`yuanInCapitals: amount must be 0 to ${MAX_AMOUNT_FEN} fen: ${fen}`)
  const yuan = Math.trunc(fen / 100)
  const digits = String(yuan)
  let out = ''
  // A zero is written only once something precedes it and a non-zero digit follows.
  let zero = false
  const put = (d: number, unit: string) => {
    if (d === 0) {
      zero = out !== ''
      return
    }
    out += `${zero ? '零' : ''}${NUMERALS[d]}${unit}`
    zero = false
  }
  for (let i = 0; i < digits.length; i++) {
    const power = digits.length - 1 - i
    put(Number(digits[i]), PLACES[power % 4] as string)
    if (power % 4 === 0 && power > 0 && Math.trunc(yuan / 10 ** power) % 10_000 !== 0) out += SECTIONS[power / 4]
  }
  if (out !== '') out += '元'
  put(Math.trunc(fen / 10) % 10, '角')
  put(fen % 10, '分')
  if (out === '') return '人民币零元整'
  return `人民币${out}${fen % 100 === 0 ? '整' : ''}`
}

// ---- proportional allocation ------------------------------------------------------------------

/**
 * Splits `totalFen` in proportion to non-negative integer `weights` by the largest-remainder
 * (Hamilton) method, exactly: share i is floor(total·wᵢ/Σw), and the k fen left over (k = total −
 * Σ floors, fewer than the number of weights) go one each to the k largest remainders. So the
 * shares sum to the total exactly, each is within one fen of its exact value total·wᵢ/Σw, never
 * below it rounded down nor above it rounded up, and a zero weight gets zero.
 *
 * Equal remainders are ordered by `tieBreak(i, j)` (negative: i gets the fen before j) when given
 * and it does not answer 0; then larger weight first, then lower index — the result depends on
 * the inputs only. BigInt inside, so total × weight never leaves exact arithmetic.
 * Throws on a negative or non-integer total or weight, and when the weights sum to 0 but the
 * total does not (a total of 0 gives zeros).
 */
export function allocate(totalFen: Fen, weights: readonly number[], tieBreak?: (i: number, j: number) => number): Fen[] {
  guard(totalFen, 'allocate')
  if (totalFen < 0) throw new RangeError(`allocate: the total must not be negative: ${totalFen}`)
  const w = weights.map((x, i) => {
    if (!Number.isSafeInteger(x) || x < 0) throw new RangeError(`allocate: weight ${i} must be a non-negative integer: ${x}`)
    return BigInt(x)
  })
  const sum = w.reduce((a, b) => a + b, 0n)
  if (sum === 0n) {
    if (totalFen !== 0) throw new RangeError('allocate: the weights sum to 0, so a non-zero total cannot be split')
    return weights.map(() => 0)
  }
  const total = BigInt(totalFen)
  const shares = w.map((x) => (total * x) / sum)
  const remainders = w.map((x) => (total * x) % sum)
  let left = Number(total - shares.reduce((a, b) => a + b, 0n))
  const order = weights.map((_, i) => i)
  order.sort((i, j) => {
    const ri = remainders[i] as bigint
    const rj = remainders[j] as bigint
    if (ri !== rj) return ri > rj ? -1 : 1
    const t = tieBreak?.(i, j) ?? 0
    if (t !== 0 && !Number.isNaN(t)) return t
    const wi = w[i] as bigint
    const wj = w[j] as bigint
    if (wi !== wj) return wi > wj ? -1 : 1
    return i - j
  })
  for (const i of order) {
    if (left === 0) break
    shares[i] = (shares[i] as bigint) + 1n
    left--
  }
  return shares.map(Number)
}

/**
 * An independent reading of 大写金额 back into fen, written the other way round from
 * `yuanInCapitals` (a unit multiplies what stands before it), so a property test can tell a
 * wrong capital from a right one. It refuses anything outside the grammar: an unknown character,
 * two numerals in a row, a unit with no numeral before it, 万 or 亿 closing an empty group.
 */
const NUMERALS = '零壹贰叁肆伍陆柒捌玖'
const PLACES: Record<string, number> = { 拾: 10, 佰: 100, 仟: 1000 }

export function capitalsToFen(text: string): number {
  if (!text.startsWith('人民币')) throw new Error(`no 人民币: ${text}`)
  let rest = text.slice(3)
  if (rest === '零元整') return 0
  if (rest.endsWith('整')) rest = rest.slice(0, -1)
  let total = 0 // everything closed by 亿 or 万
  let section = 0 // the current 4-digit group
  let digit: number | null = null // a numeral waiting for its unit
  let yuan = 0
  let jiao = 0
  let fen = 0
  const take = (ch: string) => {
    if (digit === null || digit === 0) throw new Error(`${ch} without a numeral in ${text}`)
    const d = digit
    digit = null
    return d
  }
  for (const ch of rest) {
    const n = NUMERALS.indexOf(ch)
    if (n >= 0) {
      if (digit !== null && digit !== 0) throw new Error(`two numerals in a row in ${text}`)
      digit = n
    } else if (ch in PLACES) section += take(ch) * (PLACES[ch] as number)
    else if (ch === '万' || ch === '亿') {
      if (digit !== null && digit !== 0) section += take(ch)
      if (section === 0) throw new Error(`${ch} closes an empty group in ${text}`)
      digit = null
      total = ch === '亿' ? (total + section) * 100_000_000 : total + section * 10_000
      section = 0
    } else if (ch === '元') {
      if (digit !== null && digit !== 0) section += take(ch)
      digit = null
      yuan = total + section
      total = 0
      section = 0
    } else if (ch === '角') jiao = take(ch)
    else if (ch === '分') fen = take(ch)
    else throw new Error(`unexpected ${ch} in ${text}`)
  }
  if (digit !== null || total !== 0 || section !== 0) throw new Error(`dangling figures in ${text}`)
  return yuan * 100 + jiao * 10 + fen
}

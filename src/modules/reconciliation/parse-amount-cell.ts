/**
 * Amount cells: "¥28.16" (WeChat before 2026), 28.16 (WeChat's XLSX since 2026, a number with a
 * ¥ display format), "1,234.56" (banks), "-" or "" for none (ICBC). Yuan become fen by
 * money.ts's exact parse; a cell it refuses fails the whole file at that line.
 */
import { type Fen, parseYuan } from '../../money.js'
import { ImportFileError } from './import-file-error.js'

/** True when the cell holds no amount at all. */
export function isBlankAmount(text: string): boolean {
  return text === '' || text === '-' || text === '/'
}

/** A signed amount in fen; throws ImportFileError naming the line and column. */
export function parseAmountCell(text: string, line: number, column: string): Fen {
  try {
    return parseYuan(text)
  } catch (e) {
    if (!(e instanceof RangeError)) throw e
    throw new ImportFileError('bad-amount', `the ${column} cell is not an amount of yuan with at most two decimals`, line)
  }
}

/** Channels that carry direction in its own column write amounts without sign. */
export function parseUnsignedAmountCell(text: string, line: number, column: string): Fen {
  const fen = parseAmountCell(text, line, column)
  if (fen < 0) throw new ImportFileError('bad-amount', `the ${column} cell is negative, but 收/支 carries the direction`, line)
  return fen
}

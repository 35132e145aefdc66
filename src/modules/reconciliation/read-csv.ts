/**
 * RFC 4180 reading with the leniency real exports need: WeChat puts a tab between a closing
 * quote and the comma (`"3985734"\t,`), Excel wraps ids as ="…", rows end with a comma. A quote
 * that never closes is a truncated file, and says where it opened.
 */
import { ImportFileError } from './import-file-error.js'
import type { SourceRow } from './source-row.js'

const QUOTE = 0x22
const COMMA = 0x2c
const LF = 0x0a
const CR = 0x0d
const EQUALS = 0x3d

export function readCsv(text: string): SourceRow[] {
  const rows: SourceRow[] = []
  let cells: string[] = []
  let line = 1
  let rowLine = 1
  let i = 0
  const n = text.length
  const endRow = () => {
    rows.push({ line: rowLine, cells })
    cells = []
  }
  while (i < n) {
    // At the start of a field.
    let c = text.charCodeAt(i)
    const excelWrapped = c === EQUALS && text.charCodeAt(i + 1) === QUOTE
    if (c === QUOTE || excelWrapped) {
      const openedAt = line
      i += excelWrapped ? 2 : 1
      let value = ''
      for (;;) {
        const close = text.indexOf('"', i)
        if (close < 0) throw new ImportFileError('truncated', 'a quoted cell opened here never closes: the file is cut short or damaged', openedAt)
        value += text.slice(i, close)
        line += countNewlines(text, i, close)
        if (text.charCodeAt(close + 1) === QUOTE) {
          value += '"'
          i = close + 2
          continue
        }
        i = close + 1
        break
      }
      // Anything after the closing quote up to the delimiter (WeChat's tab) stays in the cell; cleanCell trims it.
      const stop = nextDelimiter(text, i)
      value += text.slice(i, stop)
      i = stop
      cells.push(value)
    } else {
      const stop = nextDelimiter(text, i)
      cells.push(text.slice(i, stop))
      i = stop
    }
    c = text.charCodeAt(i)
    if (c === COMMA) {
      i++
      if (i === n) cells.push('')
    } else if (i < n) {
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1
      line++
      endRow()
      rowLine = line
    }
  }
  if (cells.length) endRow()
  return rows
}

function nextDelimiter(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === COMMA || c === LF || c === CR) return i
  }
  return text.length
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i)
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) count++
  }
  return count
}

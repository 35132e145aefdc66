/**
 * The one entry point for an uploaded export: bytes (and the committee's saved mapping, if
 * any) → every transaction row of the file, or an ImportFileError. Never a partial result: a
 * file that fails at line 900 is refused whole, so nothing from it is proposed.
 */

import { decodeText } from './decode-text.js'
import { detectLayout } from './detect-format.js'
import { ImportFileError } from './import-file-error.js'
import { readCsv } from './read-csv.js'
import { readTable } from './read-table.js'
import { isXlsx, readXlsxSheets } from './read-xlsx.js'
import type { ColumnMapping, ParsedStatement, StatementFormat } from './types.js'

export interface ParseOptions {
  mapping?: ColumnMapping
}

export async function parseStatement(bytes: Uint8Array, options: ParseOptions = {}): Promise<ParsedStatement> {
  if (bytes.length === 0) throw new ImportFileError('empty-file', 'the file is empty')
  const container = isXlsx(bytes) ? 'xlsx' : 'csv'
  const sheets = container === 'xlsx' ? await readXlsxSheets(bytes) : [readCsv(decodeText(bytes))]
  for (const rows of sheets) {
    const found = detectLayout(rows, options.mapping)
    if (!found) continue
    const records = readTable(rows, found.header, { padShortRows: container === 'xlsx', dateField: found.dateField })
    return {
      format: `${found.layout}-${container}` satisfies StatementFormat,
      channel: found.channel,
      rows: records.map(found.parse),
    }
  }
  const mapped = options.mapping ? ', nor the columns of the saved mapping' : ''
  throw new ImportFileError('unknown-format', `no header row of a WeChat Pay, Alipay or ICBC export${mapped} was found: upload the file exactly as exported`)
}

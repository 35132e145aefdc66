/**
 * The rows under a found header, as records whose cells are read by field. The table ends at
 * the first footer (a "-----" banner, 合计/人民币合计, "共N笔" with no date in its date column, so a
 * memo that happens to say 合计 never ends it early); blank rows are passed over. A row with fewer
 * cells than the header is a cut or damaged file, refused at its line.
 */
import type { Header } from './find-header.js'
import { ImportFileError } from './import-file-error.js'
import { cleanCell } from './normalize-text.js'
import type { SourceRow } from './source-row.js'

export interface TableRecord<F extends string> {
  line: number
  /** The cleaned cell of a field; '' when the layout has no such column. */
  get(field: F): string
}

const FOOTER = /^(-{3,}|合计|人民币合计|总计|共\d+笔)/

export function readTable<F extends string>(rows: SourceRow[], header: Header<F>, options: { padShortRows: boolean; dateField: F }): TableRecord<F>[] {
  const dateAt = header.columns[options.dateField]
  const records: TableRecord<F>[] = []
  for (let i = header.index + 1; i < rows.length; i++) {
    const row = rows[i]!
    const cells = row.cells.map(cleanCell)
    if (cells.every((c) => c === '')) continue
    if (FOOTER.test(cells[0] ?? '') && !/^\d{4}/.test(dateAt === undefined ? '' : (cells[dateAt] ?? ''))) break
    // XLSX rows stop at their last non-empty cell; CSV rows are rectangular unless cut.
    if (cells.length < header.width && !options.padShortRows) {
      throw new ImportFileError('truncated', `the row has ${cells.length} cells but the header has ${header.width}: the file is cut short or damaged`, row.line)
    }
    records.push({
      line: row.line,
      get: (field) => {
        const at = header.columns[field]
        return at === undefined ? '' : (cells[at] ?? '')
      },
    })
  }
  return records
}

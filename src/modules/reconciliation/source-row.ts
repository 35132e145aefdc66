/** A record of the file as read, before any layout is known: CSV record or XLSX row. */
export interface SourceRow {
  /** 1-based line (CSV: where the record starts) or worksheet row number (XLSX). */
  line: number
  cells: string[]
}

/**
 * Why an uploaded statement cannot be read. Parsing is all or nothing: one of these, or every
 * row. Messages name the line and the column but never a cell's content, because the file holds
 * the treasurer's own spending too.
 */
export type ImportFileErrorCode = 'empty-file' | 'wrong-encoding' | 'unknown-format' | 'damaged-xlsx' | 'truncated' | 'bad-row' | 'bad-amount' | 'bad-date' | 'bad-mapping'

export class ImportFileError extends Error {
  constructor(
    public readonly code: ImportFileErrorCode,
    message: string,
    public readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`)
    this.name = 'ImportFileError'
  }
}

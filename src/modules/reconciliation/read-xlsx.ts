/**
 * WeChat Pay has exported XLSX since 2025. exceljs reads it; whatever it throws on a damaged or
 * cut file becomes one ImportFileError, since a zip cannot be read "up to the bad line".
 */
import ExcelJS from 'exceljs'
import { ImportFileError } from './import-file-error.js'
import type { SourceRow } from './source-row.js'

export function isXlsx(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
}

/** Every worksheet's rows, cells as text the way the CSV reader would give them. */
export async function readXlsxSheets(bytes: Uint8Array): Promise<SourceRow[][]> {
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer)
  } catch {
    throw new ImportFileError('damaged-xlsx', 'the XLSX file is damaged or cut short and cannot be opened')
  }
  if (workbook.worksheets.length === 0) throw new ImportFileError('damaged-xlsx', 'the XLSX file has no worksheet')
  return workbook.worksheets.map((sheet) => {
    const rows: SourceRow[] = []
    sheet.eachRow((row, line) => {
      const values = Array.isArray(row.values) ? row.values : []
      const cells: string[] = []
      for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]))
      rows.push({ line, cells })
    })
    return rows
  })
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number') return numberText(value)
  if (typeof value === 'boolean') return String(value)
  // exceljs turns a date cell into the instant whose UTC fields are the sheet's wall clock.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 19).replace('T', ' ')
  if ('richText' in value) return value.richText.map((part) => part.text).join('')
  if ('hyperlink' in value) return String(value.text)
  if ('result' in value) return value.result === undefined ? '' : cellText(value.result as ExcelJS.CellValue)
  return ''
}

/**
 * WeChat's 2026 amounts are number cells. A generator may store 28.16 as 28.160000000000004;
 * that is the fen it means, so a value within a millionth of a fen is written with two decimals.
 * Anything else (28.165, 1e21) stays as it is and fails as an amount with its line.
 */
function numberText(value: number): string {
  if (Number.isInteger(value)) return String(value)
  const fen = Math.round(value * 100)
  return Math.abs(value * 100 - fen) < 1e-6 && Number.isSafeInteger(fen) ? (fen / 100).toFixed(2) : String(value)
}

/**
 * CSV for Excel and WPS on Chinese Windows: UTF-8 with a BOM, CRLF, RFC 4180 quoting. A text cell
 * that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) is prefixed with
 * an apostrophe; numbers stay numbers.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const cell = (v: string | number | null | undefined) => {
    if (v === null || v === undefined) return ''
    if (typeof v === 'number') return String(v)
    const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
  }
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`
}

export const CSV_TYPE = 'text/csv; charset=utf-8'

import { FONT_BOLD, FONT_REGULAR, textWidth } from './fonts.js'
import type { Line } from './line-break.js'
import { widestUnbreakable } from './line-break.js'
import type { Align, TableBlock } from './template.js'
import { bottomOfPage, breakText, cleanText, lineHeight, type TextStyle } from './text-block.js'

/**
 * Tables of the template markup (`{{#table}}`): ruled cells, a shaded bold header that is drawn
 * again at the top of every page the table reaches, cells wrapped by the line breaker. A row moves
 * to the next page whole unless it is taller than a page; then it continues there line by line.
 */

const CELL: TextStyle = { font: FONT_REGULAR, size: 10, lineGap: 2 }
const HEAD: TextStyle = { ...CELL, font: FONT_BOLD }
const PAD_X = 4
const PAD_Y = 3
// One unbreakable word (a 64-digit hash) may not claim more than this share of the width.
const MAX_MIN_SHARE = 0.45

/**
 * Column widths: a column whose text fits in its fair share of the width gets all it needs, so
 * dates and amounts never wrap; the columns left over share the rest in proportion to their text,
 * never below their widest unbreakable piece. When everything fits, the slack is shared out.
 */
export function columnWidths(header: string[], rows: string[][], width: number): number[] {
  const min = header.map(() => 0)
  const max = header.map(() => 0)
  const see = (text: string, c: number, style: TextStyle) => {
    const clean = cleanText(text)
    const widthOf = (s: string) => textWidth(style.font, s, style.size)
    min[c] = Math.max(min[c]!, Math.min(widestUnbreakable(clean, widthOf), width * MAX_MIN_SHARE) + 2 * PAD_X)
    for (const line of clean.split('\n')) max[c] = Math.max(max[c]!, widthOf(line) + 2 * PAD_X)
  }
  for (const [c, text] of header.entries()) see(text, c, HEAD)
  for (const row of rows) for (const [c, text] of row.entries()) see(text, c, CELL)
  const sum = (cs: number[], of: number[]) => cs.reduce((a, c) => a + of[c]!, 0)
  const all = header.map((_, c) => c)
  const sumMax = sum(all, max)
  if (sumMax <= width) return max.map((m) => m + ((width - sumMax) * m) / sumMax)
  const widths = [...max]
  let open = all
  let room = width
  // Water-filling: settle every column that fits its share, until none does.
  for (let settled = true; settled && open.length; ) {
    const share = room / open.length
    const fits = open.filter((c) => max[c]! <= share)
    settled = fits.length > 0
    room -= sum(fits, max)
    open = open.filter((c) => max[c]! > share)
  }
  // The wide columns: proportional to their text, but at least their unbreakable pieces.
  for (let raised = true; raised && open.length; ) {
    const total = sum(open, max)
    for (const c of open) widths[c] = (room * max[c]!) / total
    const short = open.filter((c) => widths[c]! < min[c]!)
    raised = short.length > 0 && short.length < open.length
    for (const c of short) widths[c] = min[c]!
    if (raised) {
      room -= sum(short, min)
      open = open.filter((c) => !short.includes(c))
    }
  }
  // Only if even the unbreakable pieces do not fit: everything shrinks and long words split.
  const used = widths.reduce((a, b) => a + b, 0)
  return used > width + 0.01 ? widths.map((w) => (w * width) / used) : widths
}

export function drawTable(doc: PDFKit.PDFDocument, table: TableBlock, x: number, width: number): void {
  const widths = columnWidths(table.header, table.rows, width)
  const lines = (cells: string[], style: TextStyle) => cells.map((text, c) => breakText(text, widths[c]! - 2 * PAD_X, style))
  const header = lines(table.header, HEAD)
  const headerAlign = table.align.map((): Align => 'center')
  const lh = lineHeight(doc, CELL)
  const height = (n: number) => n * lh - CELL.lineGap + 2 * PAD_Y
  const count = (cells: Line[][]) => Math.max(1, ...cells.map((c) => c.length))
  const headerHeight = height(count(header))
  const drawHeader = () => segment(doc, header, 0, count(header), x, widths, headerAlign, HEAD, true)

  // The header never stands alone at the foot of a page: it goes with the first row's first lines.
  const first = table.rows[0] ? Math.min(2, count(lines(table.rows[0], CELL))) : 0
  if (doc.y > doc.page.margins.top && doc.y + headerHeight + (first ? height(first) : 0) > bottomOfPage(doc)) doc.addPage()
  drawHeader()
  const fresh = bottomOfPage(doc) - doc.page.margins.top - headerHeight
  for (const row of table.rows) {
    const cells = lines(row, CELL)
    const n = count(cells)
    for (let from = 0, turned = false; from < n; ) {
      const fit = Math.floor((bottomOfPage(doc) - doc.y - 2 * PAD_Y + CELL.lineGap) / lh)
      const rest = n - from
      if (!turned && fit < rest && (fit < 1 || height(rest) <= fresh)) {
        doc.addPage()
        drawHeader()
        turned = true
        continue
      }
      turned = false
      const take = Math.max(1, Math.min(rest, fit))
      segment(doc, cells, from, from + take, x, widths, table.align, CELL, false)
      from += take
    }
  }
  doc.font(FONT_REGULAR)
  doc.x = x
}

/** Draws lines [from, to) of every cell of a row at doc.y, with its rules, and moves below it. */
function segment(doc: PDFKit.PDFDocument, cells: Line[][], from: number, to: number, x: number, widths: number[], align: Align[], style: TextStyle, shaded: boolean): void {
  const lh = lineHeight(doc, style)
  const top = doc.y
  const h = (to - from) * lh - style.lineGap + 2 * PAD_Y
  const total = widths.reduce((a, b) => a + b, 0)
  if (shaded) doc.rect(x, top, total, h).fill('#eeeeee')
  doc.fillColor('#000').font(style.font).fontSize(style.size)
  let left = x
  cells.forEach((cell, c) => {
    const w = widths[c]!
    for (let i = from; i < Math.min(to, cell.length); i++) {
      const line = cell[i]!
      if (!line.text) continue
      const at = align[c] === 'right' ? left + w - PAD_X - line.width : align[c] === 'center' ? left + (w - line.width) / 2 : left + PAD_X
      doc.text(line.text, at, top + PAD_Y + (i - from) * lh, { lineBreak: false })
    }
    left += w
  })
  doc.lineWidth(0.5).strokeColor('#777')
  doc.rect(x, top, total, h).stroke()
  left = x
  for (const w of widths.slice(0, -1)) {
    left += w
    doc
      .moveTo(left, top)
      .lineTo(left, top + h)
      .stroke()
  }
  doc.y = top + h
}

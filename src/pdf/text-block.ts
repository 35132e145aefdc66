import { textWidth } from './fonts.js'
import { breakLines, type Line } from './line-break.js'

export interface TextStyle {
  font: string
  size: number
  /** Extra space between lines, in points. */
  lineGap: number
  /** 'justify' spreads full lines to both margins, as Chinese documents are set; last lines stay left. */
  align?: 'left' | 'center' | 'justify'
}

/** Height of one line of `style`, gap included. */
export function lineHeight(doc: PDFKit.PDFDocument, style: TextStyle): number {
  return doc.font(style.font).fontSize(style.size).currentLineHeight(true) + style.lineGap
}

export function bottomOfPage(doc: PDFKit.PDFDocument): number {
  return doc.page.height - doc.page.margins.bottom
}

// Most paragraphs are the same in every agreement: their lines are worked out once per process.
const MAX_CACHED_PARAGRAPHS = 2000
const brokenParagraphs = new Map<string, Line[]>()

function linesOf(text: string, width: number, style: TextStyle): Line[] {
  const key = `${style.font} ${style.size} ${width}\n${text}`
  let lines = brokenParagraphs.get(key)
  if (!lines) {
    lines = breakText(text, width, style)
    if (brokenParagraphs.size >= MAX_CACHED_PARAGRAPHS) brokenParagraphs.clear()
    brokenParagraphs.set(key, lines)
  }
  return lines
}

/** Lines of `text` no wider than `width`, uncached: for text that differs in every document. */
export function breakText(text: string, width: number, style: TextStyle): Line[] {
  return breakLines(cleanText(text), width, (s) => textWidth(style.font, s, style.size))
}

/** Text typed by people may carry \r\n and other control characters, which no font can draw. */
export function cleanText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      .replace(/\t/g, ' ')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
      .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
  )
}

/**
 * Writes `text` from `doc.y` between `x` and `x + width`, starting new pages as needed, and leaves
 * `doc.y` below it. `\n` in the text is a line break.
 */
export function writeText(doc: PDFKit.PDFDocument, text: string, x: number, width: number, style: TextStyle): void {
  const height = lineHeight(doc, style)
  const lines = linesOf(text, width, style)
  for (const line of lines) {
    if (doc.y + height - style.lineGap > bottomOfPage(doc)) {
      doc.addPage()
      doc.font(style.font).fontSize(style.size)
    }
    let left = x
    let characterSpacing = 0
    if (style.align === 'center') left = x + (width - line.width) / 2
    const chars = [...line.text].length
    const slack = width - line.width
    // Never stretch a line cut short by a long word: only the usual less-than-two-characters gap.
    if (style.align === 'justify' && !line.last && chars > 1 && slack > 0 && slack < style.size * 2) {
      characterSpacing = slack / (chars - 1)
    }
    doc.text(line.text, left, doc.y, { lineBreak: false, characterSpacing, textWidth: line.width, wordCount: 1 } as PDFKit.Mixins.TextOptions)
    doc.y += height
  }
  doc.x = x
}

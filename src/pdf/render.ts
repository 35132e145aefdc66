import { addCertificatePages, checkCertificates, type SigningCertificate } from './certificate.js'
import { collect, createDocument, MARGIN } from './document.js'
import { FONT_BOLD, FONT_REGULAR, textWidth } from './fonts.js'
import { drawTable } from './table.js'
import { type Block, type BlockKind, fillTemplate, loadTemplate } from './template.js'
import { bottomOfPage, lineHeight, type TextStyle, writeText } from './text-block.js'

export type { SigningCertificate } from './certificate.js'

export interface RenderOptions {
  /** Written as CreationDate and ModDate and hashed into the file ID: pin it for stable bytes. */
  creationDate: Date
  title: string
  /** One "电子签署证书" page per signer follows the document, in this order. */
  certificates?: readonly SigningCertificate[]
  /** Printed large, red and slanted across every page of the document itself, e.g. "作废". */
  stamp?: string
}

// 10.5 pt is 五号, the usual body size of Chinese official documents.
const BODY: TextStyle = { font: FONT_REGULAR, size: 10.5, lineGap: 3.5, align: 'justify' }
const STYLE: Record<BlockKind, TextStyle & { before: number; after: number }> = {
  title: { font: FONT_BOLD, size: 18, lineGap: 4, align: 'center', before: 0, after: 14 },
  heading: { font: FONT_BOLD, size: 12, lineGap: 3, before: 8, after: 4 },
  paragraph: { ...BODY, before: 0, after: 5 },
  item: { ...BODY, before: 0, after: 3 },
}
const BULLET_INDENT = 14
const TABLE_SPACE = { before: 4, after: 8 }
const FOOTER: TextStyle = { font: FONT_REGULAR, size: 9, lineGap: 0 }

export async function renderTemplate(templateName: string, data: object, options: RenderOptions): Promise<Buffer> {
  // Fill before creating the document so a missing value throws without a half-made PDF.
  const blocks = fillTemplate(loadTemplate(templateName), data)
  return renderBlocks(blocks, options)
}

export async function renderBlocks(blocks: Block[], options: RenderOptions): Promise<Buffer> {
  const { title, certificates = [] } = options
  checkCertificates(certificates)
  const doc = createDocument(options)
  const done = collect(doc)
  for (const [i, block] of blocks.entries()) writeBlock(doc, block, blocks[i + 1])
  const bodyPages = doc.bufferedPageRange().count
  if (options.stamp) stampPages(doc, options.stamp, bodyPages)
  if (certificates.length) addCertificatePages(doc, certificates, title, bodyPages)
  writeFooters(doc, bodyPages)
  doc.end()
  return done
}

function writeBlock(doc: PDFKit.PDFDocument, block: Block, next: Block | undefined): void {
  const left = doc.page.margins.left
  const width = doc.page.width - left - doc.page.margins.right
  if (block.kind === 'table') {
    doc.y += TABLE_SPACE.before
    drawTable(doc, block, left, width)
    doc.y += TABLE_SPACE.after
    return
  }
  const style = STYLE[block.kind]
  const height = lineHeight(doc, style)
  // A heading is never the last thing on a page: it moves over with two lines of what follows.
  const keep = block.kind === 'heading' && next ? height + firstLinesHeight(doc, next) : 0
  if (doc.y > doc.page.margins.top && doc.y + style.before + Math.max(height, keep) > bottomOfPage(doc)) doc.addPage()
  else doc.y += style.before
  if (block.kind === 'item') {
    // The bullet is drawn beside the first line, so that line must fit on this page.
    if (doc.y + height - style.lineGap > bottomOfPage(doc)) doc.addPage()
    doc.circle(left + 5, doc.y + style.size * 0.75, 1.6).fill('#000')
    writeText(doc, block.text, left + BULLET_INDENT, width - BULLET_INDENT, style)
  } else {
    writeText(doc, block.text, left, width, style)
  }
  doc.y += style.after
  doc.x = left
}

/** About what the start of `block` needs on a page: two lines of text, or a table's header and first row. */
function firstLinesHeight(doc: PDFKit.PDFDocument, block: Block): number {
  if (block.kind === 'table') return TABLE_SPACE.before + 3 * lineHeight(doc, STYLE.paragraph)
  return STYLE[block.kind].before + 2 * lineHeight(doc, STYLE[block.kind])
}

// Every page counts in 共 N 页, certificate pages too: a reader checks that none is missing.
function writeFooters(doc: PDFKit.PDFDocument, bodyPages: number): void {
  const { start, count } = doc.bufferedPageRange()
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i)
    const label = `第 ${i + 1} 页 / 共 ${count} 页${i < bodyPages ? '' : '（附页：电子签署证书）'}`
    const x = (doc.page.width - textWidth(FOOTER.font, label, FOOTER.size)) / 2
    // Drawn inside the bottom margin without line breaking, so pdfkit starts no new page.
    doc.font(FOOTER.font).fontSize(FOOTER.size).fillColor('#555')
    doc.text(label, x, doc.page.height - MARGIN / 2 - 6, { lineBreak: false })
    doc.fillColor('#000')
  }
}

/** A rubber-stamp word across the upper page, translucent so the text under it stays legible. */
function stampPages(doc: PDFKit.PDFDocument, word: string, pages: number): void {
  const size = 96
  for (let i = 0; i < pages; i++) {
    doc.switchToPage(i)
    const w = textWidth(FONT_BOLD, word, size)
    const cx = doc.page.width / 2
    const cy = doc.page.height * 0.36
    doc.save()
    doc.rotate(-24, { origin: [cx, cy] })
    doc.fillOpacity(0.22).fillColor('#c00000').font(FONT_BOLD).fontSize(size)
    doc.text(word, cx - w / 2, cy - size * 0.7, { lineBreak: false })
    doc.restore()
  }
  doc.fillColor('#000').fillOpacity(1).font(FONT_REGULAR)
}

import { chinaWallClock } from '../china-time.js'
import { collect, createDocument } from './document.js'
import { FONT_BOLD, FONT_REGULAR, textWidth } from './fonts.js'
import { formatDateZh } from './format.js'
import { drawQrCode } from './qr-code.js'
import { type Block, fillTemplate, loadTemplate, type TextBlock } from './template.js'
import { lineHeight, type TextStyle, writeText } from './text-block.js'
import { required } from './values.js'

/**
 * Invitation slips for a satisfaction survey (满意度测评邀请), one per student, eight to an A4
 * page with dashed cut lines. Students have no accounts: each slip carries a single-use link as a
 * QR code and its short code for typing by hand.
 *
 * A slip names the class, not the student: any slip of a class can go to any of its students, so
 * the committee that printed them cannot tell whose answer came from which code.
 */
export interface SurveySlipsData {
  survey: { title: string /** ISO instant. */; closesAt: string }
  school: { name: string }
  committee: { name: string }
  /** Where a short code is typed by hand, e.g. "https://jiawei.example.cn/s". */
  entryUrl: string
  /** One per invitation; `url` is the answer page of its token, `shortCode` that token for typing. */
  slips: { className: string; url: string; shortCode: string }[]
}

export interface SurveySlipsOptions {
  creationDate: Date
}

const MARGIN = 28
const FOOTER_ROOM = 22
const COLUMNS = 2
const ROWS = 4
const PAD = 12
const QR_SIZE = 76 // 27 mm; a version-4 code (33 modules) has 0.8 mm modules, easy for any phone camera
// White all round the code, at least the 4 modules the QR standard asks for (4 × 76/33 ≈ 9.2 pt).
const QUIET = 10
const TITLE: TextStyle = { font: FONT_BOLD, size: 10, lineGap: 1.5 }
const CLASS: TextStyle = { font: FONT_BOLD, size: 10, lineGap: 1 }
const SMALL: TextStyle = { font: FONT_REGULAR, size: 8, lineGap: 1.5 }
const CODE: TextStyle = { font: FONT_BOLD, size: 14, lineGap: 0 }

export async function renderSurveySlips(data: SurveySlipsData, options: SurveySlipsOptions): Promise<Buffer> {
  const slips = checked(data)
  const template = loadTemplate('survey-slip')
  // Filled before the document exists, so a missing value throws without a half-made PDF.
  const texts = toTemplateValues(data).map((values) => parts(fillTemplate(template, values)))
  const doc = createDocument({ creationDate: options.creationDate, title: `满意度测评邀请（${data.survey.title}）` }, MARGIN)
  const done = collect(doc)
  const width = (doc.page.width - 2 * MARGIN) / COLUMNS
  const height = (doc.page.height - 2 * MARGIN - FOOTER_ROOM) / ROWS
  slips.forEach((slip, i) => {
    const onPage = i % (COLUMNS * ROWS)
    if (i > 0 && onPage === 0) doc.addPage()
    const x = MARGIN + (onPage % COLUMNS) * width
    const y = MARGIN + Math.floor(onPage / COLUMNS) * height
    drawSlip(doc, texts[i]!, slip.url, x, y, width, height)
  })
  const pages = doc.bufferedPageRange().count
  for (let p = 0; p < pages; p++) {
    doc.switchToPage(p)
    cutLines(doc, width, height, p === pages - 1 ? slips.length - p * COLUMNS * ROWS : COLUMNS * ROWS)
    const label = `沿虚线剪开，每名学生一张　第 ${p + 1} 页 / 共 ${pages} 页`
    doc.font(FONT_REGULAR).fontSize(8).fillColor('#555')
    doc.text(label, (doc.page.width - textWidth(FONT_REGULAR, label, 8)) / 2, doc.page.height - MARGIN - 12, { lineBreak: false })
    doc.fillColor('#000')
  }
  doc.end()
  return done
}

/** One slip's values for templates/survey-slip.md. */
export function toTemplateValues(data: SurveySlipsData) {
  const closes = formatMinute(data.survey.closesAt)
  return checked(data).map((slip) => ({
    survey: { title: required(data.survey.title, 'survey.title') },
    committeeFull: `${data.school.name}${data.committee.name}`,
    className: slip.className,
    entryUrl: data.entryUrl,
    shortCode: slip.shortCode,
    closes,
  }))
}

interface SlipText {
  above: TextBlock[]
  beside: TextBlock[]
  below: TextBlock[]
}

/** The template's blocks by where they go: the list items (and ## lines among them) beside the QR code. */
function parts(blocks: Block[]): SlipText {
  const text = blocks.map((b) => {
    if (b.kind === 'table') throw new Error('a slip template has no tables')
    return b
  })
  const first = text.findIndex((b) => b.kind === 'item')
  const last = text.length - 1 - [...text].reverse().findIndex((b) => b.kind === 'item')
  if (first < 0) throw new Error('a slip template lists what goes beside the QR code as list items')
  return { above: text.slice(0, first), beside: text.slice(first, last + 1), below: text.slice(last + 1) }
}

const STYLE_ABOVE = { title: TITLE, heading: CLASS, paragraph: SMALL, item: SMALL }
const STYLE_BESIDE = { title: TITLE, heading: CODE, paragraph: SMALL, item: SMALL }

function drawSlip(doc: PDFKit.PDFDocument, text: SlipText, url: string, x: number, y: number, width: number, height: number): void {
  const inner = width - 2 * PAD
  const bottom = y + height - PAD / 2
  doc.y = y + PAD
  for (const block of text.above) writeText(doc, block.text, x + PAD, inner, STYLE_ABOVE[block.kind])
  const top = doc.y + QUIET
  const below = text.below.reduce((h, b) => h + lineHeight(doc, SMALL) * (b.kind === 'title' ? 2 : 1), 0)
  // Everything is placed from the slip's own corner: text that outgrew the slip would run into the
  // next one (or make writeText start a page), so it is refused instead.
  if (top + QR_SIZE + QUIET + below > bottom) throw new Error("the slip's text above the QR code is too long for a slip (survey title?)")
  // The QR code keeps its quiet zone: nothing is drawn within QUIET of it (PAD to the left, to the cut line).
  drawQrCode(doc, url, x + PAD, top, QR_SIZE)
  const side = x + PAD + QR_SIZE + QUIET
  const sideWidth = x + width - PAD - side
  doc.y = top
  for (const block of text.beside) writeText(doc, block.text, side, sideWidth, STYLE_BESIDE[block.kind])
  if (doc.y > top + QR_SIZE + QUIET) throw new Error('slip text does not fit beside the QR code (entry URL or short code too long)')
  doc.y = top + QR_SIZE + QUIET
  for (const block of text.below) writeText(doc, block.text, x + PAD, inner, SMALL)
  if (doc.y > bottom) throw new Error("the slip's text below the QR code is too long for a slip")
}

/** Dashed lines around and between the slips of a page (only where slips were printed). */
function cutLines(doc: PDFKit.PDFDocument, width: number, height: number, slipsOnPage: number): void {
  const rows = Math.ceil(slipsOnPage / COLUMNS)
  doc.save().lineWidth(0.6).strokeColor('#888').dash(4, { space: 3 })
  for (let r = 0; r <= rows; r++) {
    const cols = r === rows && slipsOnPage % COLUMNS ? slipsOnPage % COLUMNS : COLUMNS
    const y = MARGIN + r * height
    doc
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + (r < rows ? COLUMNS : cols) * width, y)
      .stroke()
  }
  for (let r = 0; r < rows; r++) {
    const cols = r === rows - 1 && slipsOnPage % COLUMNS ? slipsOnPage % COLUMNS : COLUMNS
    for (let c = 0; c <= cols; c++) {
      doc
        .moveTo(MARGIN + c * width, MARGIN + r * height)
        .lineTo(MARGIN + c * width, MARGIN + (r + 1) * height)
        .stroke()
    }
  }
  doc.undash().restore()
}

function checked(data: SurveySlipsData): SurveySlipsData['slips'] {
  required(data.survey.title, 'survey.title')
  if (!/^https?:\/\/\S+$/.test(data.entryUrl)) throw new Error('entryUrl is not a URL')
  if (!data.slips.length) throw new Error('no slips to print')
  return data.slips.map((s, i) => {
    if (!/^https?:\/\/\S+$/.test(s.url)) throw new Error(`slips[${i}].url is not a URL`)
    return { className: required(s.className, `slips[${i}].className`), url: s.url, shortCode: required(s.shortCode, `slips[${i}].shortCode`) }
  })
}

/** An instant as "2026年12月20日 18:00" in Beijing time. */
function formatMinute(iso: string): string {
  const wall = chinaWallClock(new Date(iso)).toISOString()
  return `${formatDateZh(wall.slice(0, 10))} ${wall.slice(11, 16)}`
}

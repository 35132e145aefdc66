import PDFDocument from 'pdfkit'
import { registerFonts } from './fonts.js'

export interface DocumentInfo {
  /** Written as CreationDate and ModDate and hashed into the file ID: pin it for stable bytes. */
  creationDate: Date
  title: string
}

// A4 with ~22 mm margins.
export const MARGIN = 62

/** A new A4 document with Noto Sans SC selected and nothing in it that depends on the clock. */
export function createDocument({ creationDate, title }: DocumentInfo, margin = MARGIN): PDFKit.PDFDocument {
  if (Number.isNaN(creationDate.getTime())) throw new Error('creationDate is not a valid date')
  const doc = new PDFDocument({
    size: 'A4',
    margin,
    bufferPages: true, // page numbers need the final page count
    lang: 'zh-CN',
    displayTitle: true,
    // No default Helvetica: registerFonts selects Noto Sans SC, and loading Helvetica's metrics cost ~1 ms.
    font: null as unknown as string,
    // pdfkit derives the trailer /ID from these fields alone, so pinning the dates pins the ID.
    info: { Title: title, Creator: 'Jiawei 家委', Producer: 'Jiawei (PDFKit)', CreationDate: creationDate, ModDate: creationDate },
  })
  registerFonts(doc)
  return doc
}

/** Ends `doc` and resolves with its bytes; call before anything is written, so no chunk is missed. */
export function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
}

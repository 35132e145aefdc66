import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import * as fontkit from 'fontkit'
import { SharedFace } from './font-face.js'

/**
 * Noto Sans SC (OFL-1.1) for every document: it covers all GB 2312 characters, so names and
 * free text typed by parents render without missing glyphs.
 *
 * Each TTF is ~10 MB; parsing it per document cost ~80 ms (STACK.md). We parse each face once per
 * process and give pdfkit, which accepts any fontkit-like object, a per-document view of it
 * (font-face.ts explains why a view and not the parsed font itself). pdfkit embeds only the glyphs
 * a document uses: a fresh TrueType subset per document (`/FontFile2`, named `XXXXXX+NotoSansSC-…`).
 */
export const FONT_REGULAR = 'NotoSansSC-Regular'
export const FONT_BOLD = 'NotoSansSC-Bold'

type ParsedFont = fontkit.Font
type FontSource = Parameters<PDFKit.PDFDocument['registerFont']>[1]

let cache: { regular: SharedFace; bold: SharedFace } | undefined

function fontDir(): string {
  // Resolved through the package so the service works from any working directory.
  const require = createRequire(import.meta.url)
  return dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'))
}

function parse(file: string): ParsedFont {
  const parsed = fontkit.create(readFileSync(file))
  if (!('layout' in parsed)) throw new Error(`${file} is a font collection, expected a single TTF`)
  return parsed
}

/** Reads both faces on first use (~20 ms; fontkit decodes tables lazily, so the first document takes ~0.5 s). */
export function loadFonts(): { regular: SharedFace; bold: SharedFace } {
  if (!cache) {
    const dir = fontDir()
    cache = {
      regular: new SharedFace(parse(join(dir, '400Regular', 'NotoSansSC_400Regular.ttf'))),
      bold: new SharedFace(parse(join(dir, '700Bold', 'NotoSansSC_700Bold.ttf'))),
    }
  }
  return cache
}

/** Makes FONT_REGULAR and FONT_BOLD usable in `doc`, and selects the regular face. */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  const { regular, bold } = loadFonts()
  // @types/pdfkit only lists paths and buffers, but pdfkit takes a fontkit font object as is.
  doc.registerFont(FONT_REGULAR, regular.forDocument() as unknown as FontSource)
  doc.registerFont(FONT_BOLD, bold.forDocument() as unknown as FontSource)
  doc.font(FONT_REGULAR)
}

/** Width in points of `text` set in FONT_REGULAR or FONT_BOLD at `size`; used to break lines. */
export function textWidth(font: string, text: string, size: number): number {
  const faces = loadFonts()
  const face = font === FONT_BOLD ? faces.bold : font === FONT_REGULAR ? faces.regular : undefined
  if (!face) throw new Error(`unknown font ${font}`)
  return face.widthOf(text, size)
}

import type { Font, Glyph } from 'fontkit'
import { segments } from './line-break.js'

/**
 * Per-document views of a font parsed once per process, with text shaping shared between them.
 *
 * Why views: fontkit caches Glyph objects on the font, and a glyph remembers the code points it
 * was FIRST looked up with. Several characters share one glyph in Noto Sans SC (· U+00B7, • U+2022
 * and ・ U+30FB; space and no-break space; 　 U+3000 and U+2003 …), and pdfkit writes a glyph's
 * remembered code points into the PDF's ToUnicode map. With one shared glyph cache, a document's
 * bytes (and the text copied out of it) would depend on what the process rendered before, and a
 * stored SHA-256 could no longer be reproduced. Each view therefore has its own glyph cache, as if
 * the document had parsed the font itself; the parsed tables (the costly part) stay shared.
 *
 * Why a shared shaping cache: shaping (fontkit `layout`) was about half of a warm render, and most
 * strings of an agreement are the same in every document. Results are cached per string as glyph
 * ids, code points and positions computed on a fresh glyph cache, so a cached result is a pure
 * function of the string and cannot carry one document's history into another. Text is shaped
 * in the pieces line breaking uses (a Chinese character, a Latin word), so drawn widths equal
 * measured widths. (pdfkit lays out
 * a whole document synchronously, so one shaper serves all documents without interleaving.)
 *
 * Decoded outlines (which pdfkit's subsetter reads only to find composite glyphs) and metrics are
 * shared too: they depend on the glyph id alone, and recomputing them cost ~10 ms per document.
 *
 * This leans on fontkit 2.0 internals (`_glyphs`, `Glyph._decode`, `Glyph._getMetrics`);
 * test/pdf/determinism.test.ts fails if they stop behaving as assumed.
 */

interface Position {
  xAdvance: number
  yAdvance: number
  xOffset: number
  yOffset: number
}
interface Shaped {
  ids: Uint16Array
  codePoints: number[][]
  positions: Float64Array
  advance: number
}
type Internal = Font & { _glyphs: Record<number, Glyph | undefined> }
type GlyphInternals = Glyph & { _metrics?: unknown; _getMetrics(): unknown; _decode(): unknown }

const MAX_SHAPED = 5000 // strings; a few MB at most, enough for every fixed sentence of our templates

export class SharedFace {
  private readonly shaped = new Map<string, Shaped>()
  // Per glyph id: advance and bearings, and the decoded outline pdfkit's subsetter reads.
  private readonly metrics = new Map<number, unknown>()
  private readonly outlines = new Map<number, unknown>()
  private readonly advances = new Map<string, number>()
  private readonly shaper: Internal
  private readonly unitsPerEm: number

  constructor(private readonly parsed: Font) {
    this.shaper = Object.create(parsed) as Internal
    this.unitsPerEm = parsed.unitsPerEm
  }

  /** A fresh font object for one document: pass it to pdfkit's `registerFont`. */
  forDocument(): Font {
    const view = Object.create(this.parsed) as Internal
    view._glyphs = {}
    const create = this.parsed.getGlyph
    view.getGlyph = (id: number, codePoints?: number[]) => {
      let glyph = view._glyphs[id]
      if (!glyph) {
        glyph = create.call(view, id, codePoints)
        this.adopt(glyph as GlyphInternals)
      }
      return glyph
    }
    view.layout = ((text: string, features?: unknown) => {
      if (features !== undefined) throw new Error('shaping features are not supported')
      const { ids, codePoints, positions: flat } = this.shape(text)
      const glyphs: Glyph[] = new Array(ids.length)
      const positions: Position[] = new Array(ids.length)
      for (let i = 0, o = 0; i < ids.length; i++, o += 4) {
        glyphs[i] = view.getGlyph(ids[i]!, codePoints[i])
        // Fresh objects every time: pdfkit scales positions in place.
        positions[i] = { xAdvance: flat[o]!, yAdvance: flat[o + 1]!, xOffset: flat[o + 2]!, yOffset: flat[o + 3]! }
      }
      return new CachedRun(glyphs, positions)
    }) as Font['layout']
    return view
  }

  /** Width of `text` at `size` points, as pdfkit will lay it out. */
  widthOf(text: string, size: number): number {
    // Line breaking asks for every character of every document: a plain map, not the LRU.
    let advance = this.advances.get(text)
    if (advance === undefined) {
      advance = this.shape(text).advance
      if (this.advances.size >= MAX_SHAPED * 4) this.advances.clear()
      this.advances.set(text, advance)
    }
    return (advance * size) / this.unitsPerEm
  }

  /** Gives a document's new glyph the shared id-only data instead of decoding it again. */
  private adopt(glyph: GlyphInternals): void {
    const { id } = glyph
    const metrics = this.metrics.get(id)
    if (metrics) glyph._metrics = metrics
    else this.metrics.set(id, glyph._getMetrics())
    const decode = glyph._decode
    glyph._decode = () => {
      if (!this.outlines.has(id)) this.outlines.set(id, decode.call(glyph))
      return this.outlines.get(id)
    }
  }

  private shape(text: string): Shaped {
    const hit = this.shaped.get(text)
    if (hit) {
      // Map keeps insertion order: re-inserting makes it the most recently used.
      this.shaped.delete(text)
      this.shaped.set(text, hit)
      return hit
    }
    const pieces = segments(text)
    // A line is shaped as its pieces put side by side, exactly as line breaking measured it; a
    // new line with a parent's name then costs one new name, not a run through GSUB and GPOS.
    const shaped = pieces.length > 1 ? concat(pieces.map((piece) => this.shape(piece))) : this.shapeAlone(text)
    this.shaped.set(text, shaped)
    if (this.shaped.size > MAX_SHAPED) this.shaped.delete(this.shaped.keys().next().value!)
    return shaped
  }

  private shapeAlone(text: string): Shaped {
    this.shaper._glyphs = {} // fresh glyph cache: code points come from this text alone
    const run = this.shaper.layout(text)
    return {
      ids: Uint16Array.from(run.glyphs, (g) => g.id),
      codePoints: run.glyphs.map((g) => [...g.codePoints]),
      positions: Float64Array.from(run.positions.flatMap((p) => [p.xAdvance, p.yAdvance, p.xOffset, p.yOffset])),
      advance: run.advanceWidth,
    }
  }
}

function concat(parts: Shaped[]): Shaped {
  const ids = new Uint16Array(parts.reduce((n, p) => n + p.ids.length, 0))
  const positions = new Float64Array(ids.length * 4)
  let at = 0
  for (const p of parts) {
    ids.set(p.ids, at)
    positions.set(p.positions, at * 4)
    at += p.ids.length
  }
  return { ids, codePoints: parts.flatMap((p) => p.codePoints), positions, advance: parts.reduce((w, p) => w + p.advance, 0) }
}

/** The part of fontkit's GlyphRun that pdfkit reads. */
class CachedRun {
  constructor(
    readonly glyphs: Glyph[],
    readonly positions: Position[],
  ) {}

  get advanceWidth(): number {
    let width = 0
    for (const p of this.positions) width += p.xAdvance
    return width
  }
}

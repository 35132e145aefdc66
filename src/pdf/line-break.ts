/**
 * Line breaking for Chinese text with the usual 避头尾 rules (no closing punctuation at the start
 * of a line, no opening punctuation at its end); Latin words, numbers and times stay whole unless
 * longer than a line.
 *
 * We break lines ourselves instead of leaving it to pdfkit: pdfkit measures every break
 * opportunity — every Chinese character — through its per-document font layout, which was half
 * of the time of a warm render. Here a character's width comes from a cache shared by all
 * documents (font-face.ts), and pdfkit only draws finished lines.
 */

// Closing punctuation, marks that follow what they mark, and connectors that must not start a line.
const NO_LINE_START = new Set([...'，。、；：？！）》」』】〕〉〗”’…—–·・•％‰℃,.;:?!)]}%'])
// Opening punctuation that must not end a line.
const NO_LINE_END = new Set([...'（《「『【〔〈〖“‘([{'])

/**
 * A character that breaks like an ideograph: a line may break before or after it. ASCII
 * punctuation is not: it belongs to the Latin word around it ("605.1.15", "(iPhone;").
 */
function isWide(ch: string): boolean {
  const cp = ch.codePointAt(0)!
  return cp >= 0x2e80 || (cp > 0x7f && (NO_LINE_START.has(ch) || NO_LINE_END.has(ch)))
}

// Combining marks, variation selectors (异体字 sequences) and joiners belong to the character before.
const ATTACHES = /^[\p{M}\u200D]$/u

/**
 * Splits text into the smallest pieces that are shaped and broken independently: single spaces,
 * single wide characters, and Latin runs, each with any marks that follow it.
 */
export function segments(text: string): string[] {
  const out: string[] = []
  let latin = ''
  const flushLatin = () => {
    if (latin) out.push(latin)
    latin = ''
  }
  for (const ch of text) {
    if (ATTACHES.test(ch) && (latin || out.length > 0)) {
      if (latin) latin += ch
      else out[out.length - 1] += ch
    } else if (ch === ' ' || isWide(ch)) {
      flushLatin()
      out.push(ch)
    } else {
      latin += ch
    }
  }
  flushLatin()
  return out
}

type Unit = { text: string; space: boolean }

/** The pieces a line may break between: segments, with 避头尾 punctuation glued to its neighbour. */
function units(text: string): Unit[] {
  const glued: Unit[] = []
  for (const piece of segments(text)) {
    const unit = { text: piece, space: piece === ' ' }
    const prev = glued[glued.length - 1]
    const first = [...unit.text][0] ?? ''
    if (prev && !prev.space && !unit.space && (NO_LINE_START.has(first) || NO_LINE_END.has([...prev.text].at(-1) ?? ''))) {
      prev.text += unit.text
    } else {
      glued.push(unit)
    }
  }
  return glued
}

export interface Line {
  text: string
  width: number
  last: boolean
}

/**
 * Breaks `text` into lines no wider than `maxWidth`; `\n` forces a break. `widthOf` measures a
 * piece of text in the same unit as `maxWidth`.
 */
export function breakLines(text: string, maxWidth: number, widthOf: (s: string) => number): Line[] {
  const lines: Line[] = []
  for (const paragraph of text.split('\n')) {
    let current = ''
    let width = 0
    const finish = (last: boolean) => {
      const trimmed = current.replace(/ +$/, '')
      lines.push({ text: trimmed, width: trimmed === current ? width : widthOf(trimmed), last })
      current = ''
      width = 0
    }
    const firstLine = lines.length
    for (const unit of units(paragraph)) {
      if (unit.space && !current && lines.length > firstLine) continue // no space at the start of a wrapped line
      const w = widthOf(unit.text)
      if (width + w <= maxWidth) {
        current += unit.text
        width += w
      } else if (unit.space) {
        finish(false) // a space at a break is dropped
      } else {
        if (current) finish(false)
        if (w <= maxWidth) {
          current = unit.text
          width = w
        } else {
          // Longer than a line (a hash, a user agent): break between characters.
          for (const ch of unit.text) {
            const cw = widthOf(ch)
            if (width + cw > maxWidth && current) finish(false)
            current += ch
            width += cw
          }
        }
      }
    }
    finish(true)
  }
  return lines
}

/**
 * The widest piece `text` can never be broken inside (a Latin word, a number, a character with
 * its 避头尾 punctuation): a table column narrower than this would have to split it.
 */
export function widestUnbreakable(text: string, widthOf: (s: string) => number): number {
  let widest = 0
  for (const paragraph of text.split('\n')) {
    for (const unit of units(paragraph)) if (!unit.space) widest = Math.max(widest, widthOf(unit.text))
  }
  return widest
}

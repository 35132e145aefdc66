import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

/**
 * The text of each page as a PDF reader extracts it (through the ToUnicode maps), so tests see
 * what a parent can search for and copy, not what we meant to draw. Items are joined without
 * separators: Chinese has no spaces, and a wrapped line then reads as one string.
 */
export async function extractPages(pdf: Buffer): Promise<string[]> {
  const task = getDocument({ data: new Uint8Array(pdf), verbosity: 0 })
  const doc = await task.promise
  try {
    const pages: string[] = []
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent()
      pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''))
    }
    return pages
  } finally {
    await task.destroy()
  }
}

export async function extractText(pdf: Buffer): Promise<string> {
  return (await extractPages(pdf)).join('\n')
}

export interface TextItem {
  str: string
  x: number
  y: number
  width: number
}

/** Each page's text items with their position (PDF points, origin bottom left): for layout checks. */
export async function extractItems(pdf: Buffer): Promise<TextItem[][]> {
  const task = getDocument({ data: new Uint8Array(pdf), verbosity: 0 })
  const doc = await task.promise
  try {
    const pages: TextItem[][] = []
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent()
      pages.push(
        content.items.flatMap((item) => ('str' in item && item.str ? [{ str: item.str, x: item.transform[4] as number, y: item.transform[5] as number, width: item.width }] : [])),
      )
    }
    return pages
  } finally {
    await task.destroy()
  }
}

/** `text` contains `expected`, ignoring whitespace: a space at a line break is dropped when text wraps. */
export function hasText(text: string, expected: string): boolean {
  return text.replace(/\s+/g, '').includes(expected.replace(/\s+/g, ''))
}

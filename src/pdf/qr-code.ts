import QRCode from 'qrcode'

/**
 * Draws `text` as a QR code of `size` points with its top left at (x, y): each row's runs of dark
 * modules become rectangles of one path, filled once. Vector modules stay crisp at any zoom or
 * printer resolution and cost a few hundred bytes; one fill leaves no seams between rows when
 * a renderer anti-aliases. The caller keeps 4 modules of white around it (the quiet zone).
 */
export function drawQrCode(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): { modules: number } {
  // M: about 15 % of the code may be lost (a fold, a smudge) and it still reads.
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const n = modules.size
  const m = size / n
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; ) {
      if (!modules.get(row, col)) {
        col++
        continue
      }
      const start = col
      while (col < n && modules.get(row, col)) col++
      doc.rect(x + start * m, y + row * m, (col - start) * m, m)
    }
  }
  doc.fill('#000')
  return { modules: n }
}

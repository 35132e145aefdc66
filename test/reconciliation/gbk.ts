/**
 * A GBK encoder for building Alipay and bank fixtures, made by inverting Node's own GBK decoder
 * (the one decodeText relies on), so the tests need no iconv dependency and cannot disagree
 * with the decoder about a character.
 */
let table: Map<string, [number, number]> | null = null

function buildTable(): Map<string, [number, number]> {
  const map = new Map<string, [number, number]>()
  const decoder = new TextDecoder('gbk', { fatal: true })
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue
      try {
        const ch = decoder.decode(new Uint8Array([lead, trail]))
        if (ch.length === 1 && !map.has(ch)) map.set(ch, [lead, trail])
      } catch {
        // not a GBK pair
      }
    }
  }
  return map
}

export function encodeGbk(text: string): Uint8Array {
  table ??= buildTable()
  const out: number[] = []
  for (const ch of text) {
    const code = ch.codePointAt(0)!
    if (code < 0x80) {
      out.push(code)
      continue
    }
    const pair = table.get(ch)
    if (!pair) throw new Error(`no GBK encoding for ${JSON.stringify(ch)}`)
    out.push(pair[0], pair[1])
  }
  return new Uint8Array(out)
}

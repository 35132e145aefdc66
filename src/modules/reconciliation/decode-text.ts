/**
 * Exports arrive as UTF-8 (WeChat's old CSV, with BOM), GBK (Alipay, most banks) or whatever
 * Excel saved. Decoding is strict: a file that is neither, or text that decodes but is plainly
 * mojibake, is refused with the line where it goes wrong rather than matched as garbage.
 */
import { ImportFileError } from './import-file-error.js'

const UTF8_BOM = [0xef, 0xbb, 0xbf]

// C0/C1 controls, U+FFFD, private-use code points, "锟斤拷" (U+FFFD through GBK) and UTF-8
// read as Latin-1 ("å¾®ä¿¡"): none of them occurs in a genuine Chinese bill export.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const MOJIBAKE = /[\u0000-\u0008\u000b-\u000c\u000e-\u001f\u007f-\u009f\ufffd\ue000-\uf8ff]|[\u00c2-\u00f4][\u0080-\u00bf]|锟斤拷/

export function decodeText(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new ImportFileError('empty-file', 'the file is empty')
  if (startsWith(bytes, UTF8_BOM)) {
    const body = bytes.subarray(UTF8_BOM.length)
    const text = strict('utf-8', body)
    if (text === null) throw new ImportFileError('wrong-encoding', 'the file says UTF-8 but is not valid UTF-8 text', firstBadLine(body, ['utf-8']))
    return notMojibake(text)
  }
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    const text = strict(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be', bytes.subarray(2))
    if (text === null) throw new ImportFileError('wrong-encoding', 'the file says UTF-16 but is not valid UTF-16 text')
    return notMojibake(text)
  }
  const utf8 = strict('utf-8', bytes)
  if (utf8 !== null) return notMojibake(utf8)
  if (looksLikeDamagedUtf8(bytes)) {
    throw new ImportFileError('wrong-encoding', 'the file is UTF-8 text with damaged bytes', firstBadLine(bytes, ['utf-8']))
  }
  const gbk = strict('gb18030', bytes)
  if (gbk !== null) return notMojibake(gbk)
  const line = firstBadLine(bytes, ['utf-8', 'gb18030']) ?? firstBadLine(bytes, ['gb18030'])
  throw new ImportFileError('wrong-encoding', 'the text is neither UTF-8 nor GBK/GB18030', line)
}

function strict(encoding: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    return null
  }
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b)
}

function notMojibake(text: string): string {
  const m = MOJIBAKE.exec(text)
  if (m) {
    const line = text.slice(0, m.index).split('\n').length
    throw new ImportFileError('wrong-encoding', 'the text is garbled (mojibake or control characters): the file was saved in another encoding', line)
  }
  return text
}

// GBK read as UTF-8 yields almost nothing but U+FFFD; a UTF-8 file with a few bad bytes yields
// mostly well-formed Chinese. Telling them apart keeps the message about the real problem.
function looksLikeDamagedUtf8(bytes: Uint8Array): boolean {
  const text = new TextDecoder('utf-8').decode(bytes)
  let bad = 0
  let good = 0
  for (const ch of text) {
    if (ch === '\ufffd') bad++
    else if (ch.codePointAt(0)! > 0x7f) good++
  }
  return good > 3 * bad
}

/** The first line (split at LF, which no multi-byte sequence of either encoding contains) that no candidate encoding decodes. */
function firstBadLine(bytes: Uint8Array, encodings: string[]): number | undefined {
  let start = 0
  let line = 1
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      const part = bytes.subarray(start, i)
      if (encodings.every((e) => strict(e, part) === null)) return line
      start = i + 1
      line++
    }
  }
  return undefined
}

/**
 * What the public statements print about their hash chain (DESIGN.md: published statements are
 * hash-chained, hash = SHA-256(previous hash + RFC 8785 canonical JSON of the statement)). The
 * renderer does not compute the hash: it prints what the statements service stored, after
 * checking it looks like one, so a PDF never shows a chain link that cannot be right.
 */
export interface ChainLink {
  /** Hex SHA-256 of this statement. */
  hash: string
  /** Hex SHA-256 of the statement before it in the committee's chain; "" for the first one. */
  previousHash: string
  /** Where anyone downloads the statement's JSON (the bytes that were canonicalised and hashed). */
  jsonUrl: string
  /** The public check of the whole chain (verifyStatements). */
  verifyUrl: string
}

const HEX64 = /^[0-9a-f]{64}$/i

export function chainValues(link: ChainLink) {
  if (!HEX64.test(link.hash)) throw new Error('hash must be 64 hex digits')
  if (link.previousHash !== '' && !HEX64.test(link.previousHash)) throw new Error('previousHash must be 64 hex digits, or "" for the first statement')
  for (const key of ['jsonUrl', 'verifyUrl'] as const) if (!/^https?:\/\/\S+$/.test(link[key])) throw new Error(`${key} is not a URL`)
  return {
    hash: link.hash.toLowerCase(),
    previousHash: link.previousHash ? link.previousHash.toLowerCase() : null,
    jsonUrl: link.jsonUrl,
    verifyUrl: link.verifyUrl,
  }
}

const NUMERALS = [...'一二三四五六七八九十']

/** 1 → "一", 12 → "十二", 20 → "二十": section numbers of a document. */
export function chineseOrdinal(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`no section number for ${n}`)
  if (n <= 10) return NUMERALS[n - 1]!
  const tens = Math.trunc(n / 10)
  const ones = n % 10
  return `${tens > 1 ? NUMERALS[tens - 1] : ''}十${ones ? NUMERALS[ones - 1] : ''}`
}

// Invitation tokens: a long random token for the link in a QR code or a parent's list, and a
// short code for typing by hand. Both are single-use credentials, so both are drawn at random.
import { randomBytes, randomInt } from 'node:crypto'

/** No 0/O, 1/I/L or U: a code read off a slip is typed right. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ'

/** 128 random bits, 22 characters of base64url. */
export const newToken = () => randomBytes(16).toString('base64url')

/** 8 characters (about 39 bits) as "XXXX-XXXX". */
export function newShortCode(): string {
  let code = ''
  for (let i = 0; i < 8; i++) code += ALPHABET[randomInt(ALPHABET.length)]
  return `${code.slice(0, 4)}-${code.slice(4)}`
}

/** What someone typed or scanned, as stored: a token as it is, a short code in capitals with its dash. */
export function normalizeToken(input: string): string {
  const text = input.trim()
  if (/^[A-Za-z0-9_-]{22}$/.test(text)) return text
  const code = text.toUpperCase().replace(/[^0-9A-Z]/g, '')
  return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : text
}

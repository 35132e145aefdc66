import { createHash } from 'node:crypto'
import type { AttachmentType } from '../../db/schema.js'
import { RuleViolation } from '../../errors.js'

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
export const MAX_ATTACHMENTS = 5

export interface UploadedFile {
  fileName: string
  /** What the uploader claimed; never trusted. */
  claimedType: string
  bytes: Buffer
}

/** The type a file really is, by its first bytes (magic numbers), whatever its name or claimed MIME type says. */
export function sniffType(bytes: Buffer): AttachmentType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png'
  if (bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf'
  return null
}

/** Receipts attached to an expense: photos (JPEG, PNG) or PDFs, checked by content, at most five of 5 MB each. */
export function checkAttachments(files: readonly UploadedFile[]) {
  if (files.length > MAX_ATTACHMENTS)
    throw new RuleViolation('too-many-attachments', `At most ${MAX_ATTACHMENTS} receipts per expense`, [{ path: 'body.receipts', message: `at most ${MAX_ATTACHMENTS}` }])
  return files.map((f, i) => {
    const path = `body.receipts.${i}`
    if (f.bytes.length === 0 || f.bytes.length > MAX_ATTACHMENT_BYTES)
      throw new RuleViolation('attachment-size', `${f.fileName}: a receipt is 1 byte to 5 MB`, [{ path, message: 'empty or over 5 MB' }])
    const type = sniffType(f.bytes)
    if (!type) {
      throw new RuleViolation('attachment-type', `${f.fileName} is not a JPEG, PNG or PDF file (its content says so, whatever it is called or claims to be: ${f.claimedType})`, [
        { path, message: 'not a JPEG, PNG or PDF by its content' },
      ])
    }
    return { fileName: f.fileName.slice(0, 200) || 'receipt', contentType: type, bytes: f.bytes, sha256: createHash('sha256').update(f.bytes).digest('hex') }
  })
}

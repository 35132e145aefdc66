import { createHash } from 'node:crypto'
import { canonicalize } from 'json-canonicalize'

/**
 * The statements' hash chain (DESIGN.md): hash = SHA-256(previous hash + RFC 8785 canonical JSON
 * of the statement), the first statement's previous hash being the empty string. Anyone can
 * re-check it: download each statement's JSON, canonicalise its "statement" object (it is served
 * canonical already), prefix the previous hash, hash with SHA-256 and compare.
 */
export function canonical(content: unknown): string {
  return canonicalize(content)
}

export function chainHash(previousHash: string, canonicalJson: string): string {
  return createHash('sha256')
    .update(previousHash + canonicalJson, 'utf8')
    .digest('hex')
}

export const ALGORITHM = [
  '每期公示的 JSON（/p/<委员会>/statements/<月份>.json）中的 statement 对象已按 RFC 8785（JSON Canonicalization Scheme）规范化。',
  '本期摘要 = SHA-256（上期摘要 + 本期 statement 的规范化 JSON），按 UTF-8 计算；第一期的“上期摘要”为空字符串。',
  "例如：node -e \"const c=require('crypto');process.stdout.write(c.createHash('sha256').update(PREV+CANON).digest('hex'))\"，结果应与 hash 一致。",
]

/**
 * Exports and people write the same thing differently: full-width letters and brackets
 * (NFKC folds "（２）" to "(2)"), spaces inside names ("刘 小明"), the middle dot of
 * transliterated names. Every comparison in this folder goes through here.
 */

/** Header texts compare without width or spacing differences: "金额（元）" is "金额(元)". */
export function normalizeHeader(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '')
}

/** Names and memo text: NFKC, no whitespace or name dots, lower case for Latin nicknames. */
export function normalizeName(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s·・•‧]+/g, '')
    .toLowerCase()
}

/** A cell without the padding exports add: spaces, tabs, NBSP, ideographic space, and Excel's ="…" wrapper for long ids. */
export function cleanCell(raw: string): string {
  const text = raw.replace(/^[\s\u00a0\u3000]+|[\s\u00a0\u3000]+$/g, '')
  const wrapped = /^="(.*)"$/s.exec(text)
  return wrapped ? (wrapped[1] ?? '').replace(/^[\s\u00a0\u3000]+|[\s\u00a0\u3000]+$/g, '') : text
}

/** WeChat writes "/" for "none". */
export function noneIfSlash(text: string): string {
  return text === '/' ? '' : text
}

/** Memo parts (商品 and 备注, 交易详情 and 摘要) as one text for the matcher. */
export function joinMemo(...parts: string[]): string {
  return parts.filter((p) => p !== '').join(' ')
}

/**
 * Parents write a class as "三(2)班", "三年级2班", "3年级（2）班" or "302班"; the roster may say
 * "三(2)班". All become "3-2", so a memo's class can tell two namesakes apart.
 */
const NUMERALS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 }

const GRADE = '([1-9]|[一二三四五六七八九])'
const CLASS = '(\\d{1,2}|十[一二三四五六七八九]?|[一二三四五六七八九十])'
const WITH_BAN = new RegExp(`${GRADE}(?:年级|年)?\\(?${CLASS}\\)?班`, 'g')
const WITHOUT_BAN = new RegExp(`^${GRADE}(?:年级|年)?\\(?${CLASS}\\)?$`)

function toNumber(text: string): number {
  if (/^\d+$/.test(text)) return Number(text)
  if (text.startsWith('十')) return 10 + (NUMERALS[text.slice(1)] ?? 0)
  return NUMERALS[text] ?? 0
}

/** Class keys mentioned in normalised text (see normalizeName): "三(2)班刘小明" → ["3-2"]. */
export function classKeysIn(text: string): string[] {
  return [...text.matchAll(WITH_BAN)].map((m) => `${toNumber(m[1]!)}-${toNumber(m[2]!)}`)
}

/** The key of a roster class name, which may leave out the 班. */
export function classKeyOf(normalizedClassName: string): string | null {
  const m = WITHOUT_BAN.exec(normalizedClassName)
  if (m) return `${toNumber(m[1]!)}-${toNumber(m[2]!)}`
  return classKeysIn(normalizedClassName)[0] ?? null
}

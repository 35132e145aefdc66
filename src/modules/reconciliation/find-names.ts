/**
 * Which students a memo or payer nickname names. Full names, and given names of two or more
 * characters ("小明" for 刘小明: parents write that, and nicknames like "小明妈妈"). A name found
 * inside a longer name that is also found does not count, so "王小明" names 王小明 and not 王小.
 * Surnames alone never count: two 刘 children are common.
 */
import { normalizeName } from './normalize-text.js'

const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '令狐',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '万俟',
  '闻人',
  '呼延',
  '澹台',
  '申屠',
])

export interface NameEntry<T> {
  item: T
  /** 'given' when the text is only the given name of the student's full name. */
  kind: 'full' | 'given'
}

/** A name text found in a memo, with every student it may mean (namesakes share one). */
export interface Mention<T> {
  text: string
  entries: NameEntry<T>[]
}

export function givenName(fullName: string): string | null {
  if (!/^[\u4e00-\u9fff]{3,}$/.test(fullName)) return null
  return COMPOUND_SURNAMES.has(fullName.slice(0, 2)) ? fullName.slice(2) : fullName.slice(1)
}

export class NameIndex<T> {
  private readonly byText = new Map<string, Mention<T>>()
  // Indexed by first character: a memo is scanned once, not once per student.
  private readonly byFirst = new Map<string, Mention<T>[]>()

  constructor(items: readonly T[], nameOf: (item: T) => string) {
    for (const item of items) {
      const full = normalizeName(nameOf(item))
      if (full.length < 2) continue
      this.add(full, { item, kind: 'full' })
      const given = givenName(full)
      if (given && given.length >= 2) this.add(given, { item, kind: 'given' })
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.text.length - a.text.length)
  }

  private add(text: string, entry: NameEntry<T>): void {
    let mention = this.byText.get(text)
    if (!mention) {
      mention = { text, entries: [] }
      this.byText.set(text, mention)
      const first = text[0]!
      this.byFirst.set(first, [...(this.byFirst.get(first) ?? []), mention])
    }
    mention.entries.push(entry)
  }

  /** Distinct names in already-normalised text, leaving out those inside a longer found name. */
  mentionsIn(text: string): Mention<T>[] {
    const spans: { start: number; end: number; mention: Mention<T> }[] = []
    for (let i = 0; i < text.length; i++) {
      for (const mention of this.byFirst.get(text[i]!) ?? []) {
        if (text.startsWith(mention.text, i)) spans.push({ start: i, end: i + mention.text.length, mention })
      }
    }
    const kept = spans.filter((s) => !spans.some((o) => o.start <= s.start && o.end >= s.end && o.end - o.start > s.end - s.start))
    return [...new Set(kept.map((s) => s.mention))]
  }
}

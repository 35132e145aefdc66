import { chinaDateOf, chinaWallClock } from '../china-time.js'
/**
 * Chinese renderings of dates, times and weekdays for documents. Money is formatted by
 * `formatYuan` in src/money.ts. Everything here is exact and independent of the server's time
 * zone: documents must come out byte-identical on any machine.
 */

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7

const WEEKDAY_NAMES = ['一', '二', '三', '四', '五', '六', '日'] as const

/** [1,2,3,4,5] → "周一至周五"; [1,3,5] → "周一、周三、周五"; [1,2,4,5] → "周一、周二、周四、周五". */
export function formatWeekdays(days: readonly Weekday[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b)
  if (sorted.length === 0) throw new Error('a schedule needs at least one weekday')
  for (const d of sorted) if (!Number.isInteger(d) || d < 1 || d > 7) throw new Error(`not an ISO weekday: ${d}`)
  const name = (d: number) => `周${WEEKDAY_NAMES[d - 1]}`
  // Runs of three or more read as a range; shorter runs are listed, as people write them.
  const parts: string[] = []
  for (let i = 0; i < sorted.length; ) {
    let j = i
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++
    if (j - i >= 2) parts.push(`${name(sorted[i]!)}至${name(sorted[j]!)}`)
    else for (let k = i; k <= j; k++) parts.push(name(sorted[k]!))
    i = j + 1
  }
  return parts.join('、')
}

/** "16:30" → "16:30", after checking it is a real time of day. */
export function formatClock(hhmm: string): string {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm)
  if (!m) throw new Error(`not a time of day (HH:MM): ${hhmm}`)
  return hhmm
}

/** "2025-09-01" → "2025年9月1日", read as a calendar date with no time zone involved. */
export function formatDateZh(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate)
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined
  if (!m || !date || date.getUTCDate() !== Number(m[3]) || date.getUTCMonth() !== Number(m[2]) - 1) {
    throw new Error(`not a calendar date (YYYY-MM-DD): ${isoDate}`)
  }
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`
}

/** "2026-09" → "2026年9月". */
export function formatMonth(yearMonth: string): string {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(yearMonth)
  if (!m) throw new Error(`not a month (YYYY-MM): ${yearMonth}`)
  return `${Number(m[1])}年${Number(m[2])}月`
}

/** ["2026-09", "2026-10", "2027-01"] → "2026年9月、10月、2027年1月": the year is said once per year, as people write. */
export function formatMonths(months: readonly string[]): string {
  let year = ''
  return [...new Set(months)]
    .sort()
    .map((ym) => {
      const text = formatMonth(ym)
      const sameYear = ym.slice(0, 4) === year
      year = ym.slice(0, 4)
      return sameYear ? text.slice(text.indexOf('年') + 1) : text
    })
    .join('、')
}

/** A calendar date "YYYY-MM-DD" as it is, or an instant as its date in Beijing: "2026年9月3日". */
export function formatDayZh(dateOrInstant: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(dateOrInstant)) return formatDateZh(dateOrInstant)
  const instant = new Date(dateOrInstant)
  if (!/^\d{4}-\d{2}-\d{2}T/.test(dateOrInstant) || Number.isNaN(instant.getTime())) {
    throw new Error(`not a date or an ISO instant: ${dateOrInstant}`)
  }
  return formatDateZh(beijingDate(instant))
}

/** The calendar date in Beijing time of an instant, as "YYYY-MM-DD". */
export const beijingDate = chinaDateOf

/** An instant as "2025年9月1日 20:15:03（北京时间）". */
export function formatBeijingDateTime(instant: Date): string {
  const iso = chinaWallClock(instant).toISOString()
  return `${formatDateZh(iso.slice(0, 10))} ${iso.slice(11, 19)}（北京时间）`
}

/**
 * Shows only the tail of an identifier such as a low-income (建档立卡) certificate number,
 * and hides its length: enough for the family to recognise it, too little to copy it.
 */
export function maskIdentifier(id: string): string {
  const chars = [...id.trim()]
  const visible = chars.length >= 10 ? 4 : chars.length >= 6 ? 2 : 0
  return `******${chars.slice(chars.length - visible).join('')}`
}

/**
 * Export times are China wall-clock times without a zone (WeChat's 2026 note says so: "本账单中
 * 所有时间均为UTC+08:00时间"), so they are kept as written, with +08:00 — never passed through the
 * server's zone. Bank statements often give only the date: that is midnight.
 */
import { ImportFileError } from './import-file-error.js'

const DATE_TIME = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/
const TIME = /^(\d{1,2}):?(\d{2}):?(\d{2})?$/

/** "2025-09-03 19:20:11", "2025/9/3 19:20", "2025-09-03", "20250903" → "2025-09-03T19:20:11+08:00". */
export function parseChinaTime(text: string, line: number, column: string, timeText = ''): string {
  const m = DATE_TIME.exec(text) ?? COMPACT_DATE.exec(text)
  const bad = () => new ImportFileError('bad-date', `the ${column} cell is not a date and time`, line)
  if (!m) throw bad()
  let [hh, mm, ss] = [m[4] ?? '0', m[5] ?? '0', m[6] ?? '0']
  if (timeText !== '') {
    const t = TIME.exec(timeText)
    if (!t || m[4] !== undefined) throw bad()
    ;[hh, mm, ss] = [t[1]!, t[2]!, t[3] ?? '0']
  }
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], hh, mm, ss].map(Number) as [number, number, number, number, number, number]
  const probe = new Date(Date.UTC(y, mo - 1, d))
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) throw bad()
  const p = (v: number) => String(v).padStart(2, '0')
  return `${y}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}:${p(s)}+08:00`
}

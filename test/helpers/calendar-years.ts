// Holiday years for tests of years chinese-days does not cover (2027 on): the shape a State
// Council notice has, so a confirmation passes the sanity checks (元旦, 春节 around the lunar new
// year, a plausible count of days). Made-up dates, not any real notice.
import chineseDays from 'chinese-days'
import { addDays } from '../../src/modules/calendar/iso-date.js'
import { isPackageYear } from '../../src/modules/calendar/national-calendar.js'
import type { TestApp, World } from './app.js'

type Day = { date: string; name: string }

const run = (from: string, days: number, name: string): Day[] => Array.from({ length: days }, (_, i) => ({ date: addDays(from, i), name }))
const lunar = (year: number, mmdd: string) => (chineseDays as unknown as { getSolarDateFromLunar(d: string): { date: string } }).getSolarDateFromLunar(`${year}-${mmdd}`).date

/** A plausible year: 元旦 3 days, 春节 8 from New Year's Eve, 清明 3, 劳动节 5, 端午, 中秋, 国庆 7; no 调休. */
export function plausibleYear(year: number) {
  const days = [
    ...run(`${year}-01-01`, 3, '元旦'),
    ...run(addDays(lunar(year, '01-01'), -1), 8, '春节'),
    ...run(`${year}-04-04`, 3, '清明节'),
    ...run(`${year}-05-01`, 5, '劳动节'),
    { date: lunar(year, '05-05'), name: '端午节' },
    { date: lunar(year, '08-15'), name: '中秋节' },
    ...run(`${year}-10-01`, 7, '国庆节'),
  ]
  const seen = new Set<string>()
  const holidays = days.filter((d) => d.date.startsWith(`${year}-`) && !seen.has(d.date) && seen.add(d.date))
  return { year, holidays, makeupWorkdays: [] as { date: string; name?: string }[], source: '测试用：按往年结构拟定' }
}

/** 2027 as the demo confirms it (src/demo.ts): the usual structure with 调休, 春节 around 6 February. */
export const YEAR_2027 = {
  year: 2027,
  holidays: [
    ...run('2027-01-01', 3, '元旦'),
    ...run('2027-02-05', 8, '春节'),
    ...run('2027-04-03', 3, '清明节'),
    ...run('2027-05-01', 5, '劳动节'),
    { date: '2027-06-09', name: '端午节' },
    { date: '2027-09-15', name: '中秋节' },
    ...run('2027-10-01', 7, '国庆节'),
  ],
  makeupWorkdays: [
    { date: '2027-01-30', name: '春节' },
    { date: '2027-02-20', name: '春节' },
    { date: '2027-05-08', name: '劳动节' },
    { date: '2027-09-26', name: '国庆节' },
    { date: '2027-10-09', name: '国庆节' },
  ],
}

/** The school's reviewer confirms every year from `from` to `to` that the package does not cover. */
export async function confirmUncoveredYears(ta: TestApp, w: World, from: string, to: string) {
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    if (isPackageYear(y)) continue
    const known = await ta.as(w.tokens.reviewer).get(`/api/v1/schools/${w.schoolId}/calendar-years`)
    if (known.json().confirmed.some((c: { year: number }) => c.year === y)) continue
    const res = await ta.as(w.tokens.reviewer).post(`/api/v1/schools/${w.schoolId}/calendar-years`, plausibleYear(y))
    if (res.statusCode !== 201) throw new Error(`confirming ${y} failed: ${res.statusCode} ${res.body}`)
  }
}

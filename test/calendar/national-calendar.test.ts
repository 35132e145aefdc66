import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import chineseDays from 'chinese-days'
import t from 'tap'
import { CalendarInputError, fromDayNumber, toDayNumber } from '../../src/modules/calendar/iso-date.js'
import { CalendarYearNotCovered, coveredYears, nationalDay, type YearCalendarOverride } from '../../src/modules/calendar/national-calendar.js'

// chinese-days 1.5.7 has no 2027 data. If an upgrade adds it, move this to the next year.
const UNCOVERED = 2027

t.test('covered years are those the package data lists holidays for', async (t) => {
  const years = coveredYears()
  t.ok(years.includes(2025) && years.includes(2026), '2025 and 2026 are covered')
  t.notOk(years.includes(UNCOVERED), `${UNCOVERED} is not`)
})

// The same data also ships as JSON in the package's dist: the years must agree with it.
const json = join(dirname(createRequire(import.meta.url).resolve('chinese-days')), 'chinese-days.json')
t.test('covered years agree with dist/chinese-days.json', { skip: !existsSync(json) && 'no JSON in this version' }, async (t) => {
  const years = coveredYears()
  const data = JSON.parse(readFileSync(json, 'utf8')) as { holidays: Record<string, string> }
  const jsonYears = [...new Set(Object.keys(data.holidays).map((d) => Number(d.slice(0, 4))))]
  t.same(
    years,
    jsonYears.sort((a, b) => a - b),
  )
})

// chinese-days' own weekday logic is a day off west of UTC, so compare only where it is sound.
const westOfUtc = new Date(2025, 0, 1).getTimezoneOffset() > 0
t.test('every day of every covered year agrees with the package', { skip: westOfUtc && 'west of UTC' }, async (t) => {
  let disagreements = 0
  for (const year of coveredYears()) {
    for (let n = toDayNumber(`${year}-01-01`); n <= toDayNumber(`${year}-12-31`); n++) {
      const iso = fromDayNumber(n)
      const { kind } = nationalDay(iso)
      const works = kind === 'workday' || kind === 'makeup-workday'
      if (works !== chineseDays.isWorkday(iso) || (kind === 'holiday') !== chineseDays.getHolidaysInRange(iso, iso, false).length > 0) {
        disagreements++
      }
    }
  }
  t.equal(disagreements, 0)
})

t.test('2025 National Day and Mid-autumn (国办发明电〔2024〕12号)', async (t) => {
  // 国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
  for (const date of ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-07', '2025-10-08']) {
    t.same(nationalDay(date), { date, kind: 'holiday', name: '国庆节' }, date)
  }
  t.same(nationalDay('2025-10-06'), { date: '2025-10-06', kind: 'holiday', name: '中秋节' }, 'package says 中秋')
  t.same(nationalDay('2025-09-28'), { date: '2025-09-28', kind: 'makeup-workday', name: '国庆节' })
  t.same(nationalDay('2025-10-11'), { date: '2025-10-11', kind: 'makeup-workday', name: '国庆节' })
  t.same(nationalDay('2025-10-09'), { date: '2025-10-09', kind: 'workday' })
  t.same(nationalDay('2025-10-12'), { date: '2025-10-12', kind: 'weekend' })
  t.equal(nationalDay('2025-04-04').name, '清明节', 'package says 清明')
  t.equal(nationalDay('2025-05-31').name, '端午节', 'package says 端午')
})

t.test('2026 Spring Festival and National Day (国务院办公厅 2025-11 通知)', async (t) => {
  // 春节：2月15日（周日）至23日（周一）放假调休，共9天，2月14日（周六）、2月28日（周六）上班。
  for (let d = 15; d <= 23; d++) t.equal(nationalDay(`2026-02-${d}`).kind, 'holiday', `2026-02-${d}`)
  t.same(nationalDay('2026-02-16'), { date: '2026-02-16', kind: 'holiday', name: '春节' })
  t.equal(nationalDay('2026-02-14').kind, 'makeup-workday')
  t.equal(nationalDay('2026-02-28').kind, 'makeup-workday')
  t.equal(nationalDay('2026-02-24').kind, 'workday')
  // 国庆节：10月1日（周四）至7日（周三）放假调休，共7天，9月20日（周日）、10月10日（周六）上班。
  t.same(nationalDay('2026-10-07'), { date: '2026-10-07', kind: 'holiday', name: '国庆节' })
  t.equal(nationalDay('2026-09-20').kind, 'makeup-workday')
  t.equal(nationalDay('2026-10-10').kind, 'makeup-workday')
  t.equal(nationalDay('2026-10-08').kind, 'workday')
})

t.test(`${UNCOVERED}: refused unless the school confirms it`, async (t) => {
  const date = `${UNCOVERED}-03-01`
  t.throws(() => nationalDay(date), CalendarYearNotCovered)
  try {
    nationalDay(date)
  } catch (err) {
    t.equal((err as CalendarYearNotCovered).year, UNCOVERED, 'the error carries the year')
  }
  const draft: YearCalendarOverride = { year: UNCOVERED, confirmed: false, holidays: [], makeupWorkdays: [] }
  t.throws(() => nationalDay(date, [draft]), CalendarYearNotCovered, 'an unconfirmed draft does not count')

  const plain: YearCalendarOverride = { ...draft, confirmed: true }
  t.same(nationalDay(date, [plain]), { date, kind: 'workday' }, 'confirmed plain weekdays')
  t.same(nationalDay(`${UNCOVERED}-03-06`, [plain]), { date: `${UNCOVERED}-03-06`, kind: 'weekend' })

  // A made-up schedule (not the real one): checks that the override's entries are used.
  const entered: YearCalendarOverride = {
    year: UNCOVERED,
    confirmed: true,
    holidays: [{ date: `${UNCOVERED}-01-01`, name: '元旦' }],
    makeupWorkdays: [{ date: `${UNCOVERED}-01-09` }],
  }
  t.same(nationalDay(`${UNCOVERED}-01-01`, [entered]), { date: `${UNCOVERED}-01-01`, kind: 'holiday', name: '元旦' })
  t.same(nationalDay(`${UNCOVERED}-01-09`, [entered]), { date: `${UNCOVERED}-01-09`, kind: 'makeup-workday' })
})

t.test('package data wins over an override for a covered year', async (t) => {
  const wrong: YearCalendarOverride = { year: 2025, confirmed: true, holidays: [], makeupWorkdays: [] }
  t.equal(nationalDay('2025-10-01', [wrong]).kind, 'holiday')
})

t.test('contradictory overrides are refused', async (t) => {
  const y = UNCOVERED
  const base: YearCalendarOverride = { year: y, confirmed: true, holidays: [], makeupWorkdays: [] }
  const cases: [string, YearCalendarOverride[]][] = [
    ['date outside the year', [{ ...base, holidays: [{ date: `${y + 1}-01-01`, name: '元旦' }] }]],
    ['make-up workday on a weekday', [{ ...base, makeupWorkdays: [{ date: `${y}-03-01` }] }]],
    ['same date twice', [{ ...base, holidays: [{ date: `${y}-01-01`, name: '元旦' }], makeupWorkdays: [{ date: `${y}-01-01` }] }]],
    ['two confirmed overrides for one year', [base, base]],
    ['malformed date', [{ ...base, holidays: [{ date: `${y}-1-1`, name: '元旦' }] }]],
  ]
  for (const [name, overrides] of cases) t.throws(() => nationalDay(`${y}-03-01`, overrides), CalendarInputError, name)
})

t.test('answers do not shift in a time zone west of UTC (chinese-days parses strings as UTC)', async (t) => {
  const fixture = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'tz-probe.ts')
  for (const TZ of ['America/Los_Angeles', 'Asia/Shanghai']) {
    const run = spawnSync(process.execPath, ['--import=tsx', fixture], { env: { ...process.env, TZ }, encoding: 'utf8' })
    t.equal(run.status, 0, run.stderr)
    const out = JSON.parse(run.stdout) as Record<string, unknown>
    t.same(out.monday, { date: '2025-10-13', kind: 'workday' }, `${TZ}: Monday stays a Monday`)
    t.same(out.makeup, { date: '2025-10-11', kind: 'makeup-workday', name: '国庆节' }, TZ)
    t.equal(out.october, 18, TZ)
  }
})

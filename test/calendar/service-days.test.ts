import t from 'tap'
import { CalendarInputError } from '../../src/modules/calendar/iso-date.js'
import { CalendarYearNotCovered, type YearCalendarOverride } from '../../src/modules/calendar/national-calendar.js'
import { calendarDay, countServiceDays, monthCalendar, type PlanCalendarInput, serviceDaysForEnrollment, uncoveredYears } from '../../src/modules/calendar/service-days.js'

const MON_FRI = [1, 2, 3, 4, 5]
// Autumn term 2025: 1 September 2025 to 16 January 2026.
const autumn2025: PlanCalendarInput = {
  termStartsOn: '2025-09-01',
  termEndsOn: '2026-01-16',
  weekdays: MON_FRI,
  schoolOverrides: [],
}
const serviceDates = (month: string, input: PlanCalendarInput) =>
  monthCalendar(month, input)
    .filter((d) => d.isServiceDay)
    .map((d) => d.date.slice(8))

t.test('October 2025, Monday–Friday: National Day + Mid-autumn, 10-11 Saturday worked', async (t) => {
  // 23 weekdays (Oct 1 is a Wednesday) − 6 weekday holidays (1, 2, 3, 6, 7, 8) + Saturday 11 = 18.
  const expected = ['09', '10', '11', '13', '14', '15', '16', '17', '20', '21', '22', '23', '24', '27', '28', '29', '30', '31']
  t.same(serviceDates('2025-10', autumn2025), expected)
  t.equal(serviceDaysForEnrollment('2025-10', autumn2025, { startsOn: '2025-09-01' }).serviceDays, 18)
  const days = monthCalendar('2025-10', autumn2025)
  t.equal(days.length, 31)
  t.same(days[0], { date: '2025-10-01', isServiceDay: false, status: 'holiday', reason: '国庆节' })
  t.same(days[5], { date: '2025-10-06', isServiceDay: false, status: 'holiday', reason: '中秋节' })
  t.same(days[10], { date: '2025-10-11', isServiceDay: true, status: 'makeup-workday-service', reason: '调休上班（国庆节）' })
  t.same(days[11], { date: '2025-10-12', isServiceDay: false, status: 'weekend', reason: '周日' })
  t.same(days[12], { date: '2025-10-13', isServiceDay: true, status: 'service', reason: '工作日' })
})

t.test('September 2025: every weekday plus Sunday 9-28', async (t) => {
  // 22 weekdays (Sep 1 is a Monday), no holiday, + Sunday 28 (调休) = 23.
  const dates = serviceDates('2025-09', autumn2025)
  t.equal(dates.length, 23)
  t.ok(dates.includes('28'))
  t.notOk(dates.includes('27'), 'Saturday 27 is an ordinary weekend')
})

t.test('2026 (verified in the package against the State Council notice)', async (t) => {
  const spring2026: PlanCalendarInput = { ...autumn2025, termStartsOn: '2026-02-01', termEndsOn: '2026-07-10' }
  // 春节 2月15日（周日）至23日（周一）放假，2月14日（周六）、2月28日（周六）上班.
  // 20 weekdays (Feb 1 is a Sunday) − 6 weekday holidays (16–20, 23) + Saturdays 14 and 28 = 16.
  t.same(serviceDates('2026-02', spring2026), ['02', '03', '04', '05', '06', '09', '10', '11', '12', '13', '14', '24', '25', '26', '27', '28'])
  const autumn2026: PlanCalendarInput = { ...autumn2025, termStartsOn: '2026-09-01', termEndsOn: '2027-01-22' }
  // 国庆节 10月1日（周四）至7日（周三），9月20日（周日）、10月10日（周六）上班.
  // 22 weekdays − 5 weekday holidays (1, 2, 5, 6, 7) + Saturday 10 = 18.
  t.equal(countServiceDays('2026-10-01', '2026-10-31', autumn2026), 18)
  // 中秋节 9月25日（周五）至27日（周日）: 22 weekdays − Friday 25 + Sunday 20 = 22.
  t.equal(countServiceDays('2026-09-01', '2026-09-30', autumn2026), 22)
})

t.test('2025 has 248 working days, February 19 (STACK.md)', async (t) => {
  const year2025: PlanCalendarInput = { ...autumn2025, termStartsOn: '2025-01-01', termEndsOn: '2025-12-31' }
  t.equal(countServiceDays('2025-01-01', '2025-12-31', year2025), 248)
  // 20 weekdays − Monday 3 and Tuesday 4 (春节) + Saturday 8 = 19.
  t.equal(serviceDaysForEnrollment('2025-02', year2025, { startsOn: '2025-01-01' }).serviceDays, 19)
  let sum = 0
  for (let m = 1; m <= 12; m++) sum += serviceDaysForEnrollment(`2025-${String(m).padStart(2, '0')}`, year2025, { startsOn: '2025-01-01' }).serviceDays
  t.equal(sum, 248, 'the months add up to the year')
})

t.test('2027 is refused until the school confirms it', async (t) => {
  const autumn2026: PlanCalendarInput = { ...autumn2025, termStartsOn: '2026-09-01', termEndsOn: '2027-01-22' }
  t.same(uncoveredYears(autumn2026), [2027])
  t.equal(countServiceDays('2026-12-01', '2026-12-31', autumn2026), 23, 'December 2026 still works')
  t.throws(() => monthCalendar('2027-01', autumn2026), CalendarYearNotCovered)
  t.throws(() => calendarDay('2027-01-05', autumn2026), CalendarYearNotCovered)
  // Out-of-term days of an unknown year need no national calendar.
  t.equal(calendarDay('2027-02-01', autumn2026).status, 'outside-term')

  const confirmed: YearCalendarOverride = {
    year: 2027,
    confirmed: true,
    holidays: [{ date: '2027-01-01', name: '元旦' }], // made-up entries for the test, not the real 2027 notice
    makeupWorkdays: [{ date: '2027-01-09', name: '元旦' }],
  }
  const withOverride = { ...autumn2026, yearOverrides: [confirmed] }
  t.same(uncoveredYears(withOverride), [])
  // January 2027 to the 22nd: 16 weekdays (Jan 1 is a Friday) − Friday 1 + Saturday 9 = 16.
  t.equal(serviceDaysForEnrollment('2027-01', withOverride, { startsOn: '2026-09-01' }).serviceDays, 16)
  t.same(calendarDay('2027-01-01', withOverride), { date: '2027-01-01', isServiceDay: false, status: 'holiday', reason: '元旦' })
  t.equal(calendarDay('2027-01-09', withOverride).status, 'makeup-workday-service')
  t.same(uncoveredYears({ ...autumn2026, yearOverrides: [{ ...confirmed, confirmed: false }] }), [2027], 'a draft does not count')
})

t.test('school overrides', async (t) => {
  const input: PlanCalendarInput = {
    ...autumn2025,
    schoolOverrides: [
      { date: '2025-10-15', kind: 'closure', reason: '学校运动会停课' },
      { date: '2025-10-18', kind: 'open', reason: '周六开放托管' },
      { date: '2025-10-02', kind: 'open', reason: '假期托管' },
    ],
  }
  t.same(calendarDay('2025-10-15', input), { date: '2025-10-15', isServiceDay: false, status: 'closure', reason: '学校运动会停课' })
  t.same(calendarDay('2025-10-18', input), { date: '2025-10-18', isServiceDay: true, status: 'school-open', reason: '周六开放托管' })
  t.equal(calendarDay('2025-10-02', input).status, 'school-open', 'open wins over a holiday')
  t.equal(countServiceDays('2025-10-01', '2025-10-31', input), 18 - 1 + 1 + 1)
  const outside = { ...input, schoolOverrides: [{ date: '2025-08-30', kind: 'open' as const, reason: '开学前' }] }
  t.equal(calendarDay('2025-08-30', outside).status, 'outside-term', 'the term bounds win')
})

t.test("a day off the school opens keeps to the plan's weekdays", async (t) => {
  const opened = (...dates: string[]) => dates.map((date) => ({ date, kind: 'open' as const, reason: '开放托管' }))
  // 2025-10-07 is a Tuesday of the National Day holiday, 2025-10-08 a Wednesday, 2025-10-18 a Saturday.
  const monWed: PlanCalendarInput = { ...autumn2025, weekdays: [1, 3], schoolOverrides: opened('2025-10-07', '2025-10-08', '2025-10-18') }
  t.same(
    calendarDay('2025-10-07', monWed),
    { date: '2025-10-07', isServiceDay: false, status: 'not-plan-weekday', reason: '开放托管，本方案周二不开展托管' },
    'like an ordinary Tuesday',
  )
  t.equal(calendarDay('2025-10-14', monWed).status, 'not-plan-weekday', 'an ordinary Tuesday')
  t.equal(calendarDay('2025-10-08', monWed).status, 'school-open', 'a Wednesday is a plan weekday')
  t.equal(calendarDay('2025-10-18', monWed).status, 'school-open', 'a Saturday counts when the plan runs on school weekdays, as a 调休 day does')
  // Mondays 13, 20, 27; Wednesdays 15, 22, 29; Saturday 11 (调休) + opened 8 and 18.
  t.same(serviceDates('2025-10', monWed), ['08', '11', '13', '15', '18', '20', '22', '27', '29'])
  const saturdaysOnly: PlanCalendarInput = { ...autumn2025, weekdays: [6], schoolOverrides: opened('2025-10-18') }
  t.same(calendarDay('2025-10-18', saturdaysOnly), { date: '2025-10-18', isServiceDay: false, status: 'not-plan-weekday', reason: '开放托管，本方案不在工作日开展' })
  const closedTuesday: PlanCalendarInput = { ...monWed, schoolOverrides: [{ date: '2025-10-14', kind: 'closure', reason: '停课' }] }
  t.equal(calendarDay('2025-10-14', closedTuesday).status, 'closure', 'a closure is a closure whatever the weekday')
})

t.test('a Monday/Wednesday/Friday plan', async (t) => {
  const mwf = { ...autumn2025, weekdays: [1, 3, 5] }
  // Mondays 13, 20, 27; Wednesdays 15, 22, 29; Fridays 10, 17, 24, 31 (1, 3, 6, 8 are holidays);
  // + Saturday 11: a 调休 working day counts for any plan running on school weekdays.
  t.same(serviceDates('2025-10', mwf), ['10', '11', '13', '15', '17', '20', '22', '24', '27', '29', '31'])
  t.same(calendarDay('2025-10-14', mwf), { date: '2025-10-14', isServiceDay: false, status: 'not-plan-weekday', reason: '本方案周二不开展托管' })
  t.equal(calendarDay('2025-10-16', mwf).status, 'not-plan-weekday', 'Thursday')
  const saturdaysOnly = { ...autumn2025, weekdays: [6] }
  t.equal(calendarDay('2025-10-11', saturdaysOnly).status, 'not-plan-weekday', 'no school weekday, no 调休 day')
  t.equal(countServiceDays('2025-09-01', '2026-01-16', saturdaysOnly), 0, 'care runs on school working days only')
})

t.test('enrollment periods', async (t) => {
  t.same(
    serviceDaysForEnrollment('2025-10', autumn2025, { startsOn: '2025-09-01', withdrawnOn: '2025-10-15' }),
    {
      month: '2025-10',
      serviceDays: 5,
      dates: ['2025-10-09', '2025-10-10', '2025-10-11', '2025-10-13', '2025-10-14'],
    },
    'withdrawal on the 15th: the 14th is the last day served',
  )
  t.equal(serviceDaysForEnrollment('2025-10', autumn2025, { startsOn: '2025-10-20', withdrawnOn: null }).serviceDays, 10, 'starts on the 20th')
  t.equal(serviceDaysForEnrollment('2025-10', autumn2025, { startsOn: '2025-10-13', withdrawnOn: '2025-10-13' }).serviceDays, 0, 'withdrawn the day it starts')
  t.same(serviceDaysForEnrollment('2025-11', autumn2025, { startsOn: '2025-09-01', withdrawnOn: '2025-10-20' }), { month: '2025-11', serviceDays: 0, dates: [] })
  t.equal(serviceDaysForEnrollment('2025-12', autumn2025, { startsOn: '2026-01-05' }).serviceDays, 0, 'starts next month')
})

t.test('outside the term', async (t) => {
  t.equal(serviceDaysForEnrollment('2025-08', autumn2025, { startsOn: '2025-08-01' }).serviceDays, 0)
  t.ok(monthCalendar('2025-08', autumn2025).every((d) => d.status === 'outside-term'))
  // January 2026 to the 16th: 1–3 元旦 (Thu–Sat), Sunday 4 worked, then 5–9 and 12–16 = 11.
  const jan = monthCalendar('2026-01', autumn2025)
  t.equal(jan.filter((d) => d.isServiceDay).length, 11)
  t.equal(jan[3]?.status, 'makeup-workday-service', 'Sunday 2026-01-04')
  t.same(jan[16], { date: '2026-01-17', isServiceDay: false, status: 'outside-term', reason: '不在学期内' })
  t.equal(countServiceDays('2025-08-01', '2026-02-28', autumn2025), countServiceDays('2025-09-01', '2026-01-16', autumn2025))
  t.equal(countServiceDays('2025-10-31', '2025-10-01', autumn2025), 0, 'an inverted range is empty')
})

t.test('bad input is refused', async (t) => {
  const cases: [string, PlanCalendarInput][] = [
    ['term ends before it starts', { ...autumn2025, termEndsOn: '2025-08-31' }],
    ['weekday 0', { ...autumn2025, weekdays: [0, 1] }],
    ['no weekday', { ...autumn2025, weekdays: [] }],
    ['malformed term date', { ...autumn2025, termStartsOn: '2025-9-1' }],
    [
      'two overrides on one date',
      {
        ...autumn2025,
        schoolOverrides: [
          { date: '2025-10-15', kind: 'closure', reason: 'a' },
          { date: '2025-10-15', kind: 'open', reason: 'b' },
        ],
      },
    ],
  ]
  for (const [name, input] of cases) t.throws(() => monthCalendar('2025-10', input), CalendarInputError, name)
  t.throws(() => monthCalendar('2025-13', autumn2025), CalendarInputError, 'bad month')
})

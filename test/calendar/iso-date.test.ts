import t from 'tap'
import { addDays, CalendarInputError, fromDayNumber, isoWeekday, monthRange, toDayNumber } from '../../src/modules/calendar/iso-date.js'

t.test('day numbers agree with the JavaScript Date (UTC) for 1900–2200', async (t) => {
  let mismatches = 0
  for (let n = toDayNumber('1900-01-01'); n <= toDayNumber('2200-12-31'); n++) {
    const expected = new Date(n * 86_400_000).toISOString().slice(0, 10)
    if (fromDayNumber(n) !== expected || toDayNumber(expected) !== n) mismatches++
  }
  t.equal(mismatches, 0)
  t.equal(toDayNumber('1970-01-01'), 0)
})

t.test('weekdays, month ranges, adding days', async (t) => {
  t.equal(isoWeekday('2025-10-01'), 3, '2025-10-01 is a Wednesday')
  t.equal(isoWeekday('2025-09-28'), 7, '2025-09-28 is a Sunday')
  t.equal(isoWeekday('2025-10-11'), 6, '2025-10-11 is a Saturday')
  t.equal(isoWeekday('1969-12-29'), 1, 'before 1970 too')
  const feb = monthRange('2024-02')
  t.equal(fromDayNumber(feb.last), '2024-02-29', 'leap February')
  t.equal(fromDayNumber(monthRange('2100-02').last), '2100-02-28', '2100 is not a leap year')
  t.equal(addDays('2025-12-31', 1), '2026-01-01')
  t.equal(addDays('2025-03-01', -1), '2025-02-28')
})

t.test('malformed dates and months are refused', async (t) => {
  for (const bad of ['2025-02-29', '2025-13-01', '2025-1-1', '2025-10-01T00:00', '', '0999-01-01']) {
    t.throws(() => toDayNumber(bad), CalendarInputError, bad)
  }
  for (const bad of ['2025-13', '2025-1', '2025-10-01']) {
    t.throws(() => monthRange(bad), CalendarInputError, bad)
  }
})

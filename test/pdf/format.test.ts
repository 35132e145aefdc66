import t from 'tap'
import { beijingDate, formatBeijingDateTime, formatClock, formatDateZh, formatWeekdays, maskIdentifier } from '../../src/pdf/format.js'

t.test('weekdays: runs of three or more become a range', async (t) => {
  t.equal(formatWeekdays([1, 2, 3, 4, 5]), '周一至周五')
  t.equal(formatWeekdays([5, 4, 3, 2, 1, 1]), '周一至周五', 'order and repeats do not matter')
  t.equal(formatWeekdays([1, 3, 5]), '周一、周三、周五')
  t.equal(formatWeekdays([1, 2, 4, 5]), '周一、周二、周四、周五')
  t.equal(formatWeekdays([1, 2, 3, 5, 6, 7]), '周一至周三、周五至周日')
  t.throws(() => formatWeekdays([]))
  t.throws(() => formatWeekdays([0 as 1]))
})

t.test('calendar dates and times', async (t) => {
  t.equal(formatDateZh('2025-09-01'), '2025年9月1日')
  t.throws(() => formatDateZh('2025-02-29'), /not a calendar date/)
  t.throws(() => formatDateZh('2025-9-1'))
  t.equal(formatClock('16:30'), '16:30')
  t.throws(() => formatClock('24:00'))
  t.throws(() => formatClock('4:30'))
})

t.test('instants are shown in Beijing time whatever the server zone', async (t) => {
  t.equal(beijingDate(new Date('2025-08-31T16:30:00Z')), '2025-09-01', 'after 16:00 UTC it is the next day in Beijing')
  t.equal(formatBeijingDateTime(new Date('2025-08-31T12:15:03Z')), '2025年8月31日 20:15:03（北京时间）')
  t.throws(() => beijingDate(new Date('nonsense')))
})

t.test('identifiers are masked to their tail and their length hidden', async (t) => {
  t.equal(maskIdentifier('410302201500123456'), '******3456')
  t.equal(maskIdentifier('12345678'), '******78')
  t.equal(maskIdentifier('1234'), '******')
  t.equal(maskIdentifier(' 410302201500123456 '), '******3456')
})

import t from 'tap'
import { chinaToday } from '../../src/china-time.js'
import { leaveDaysForEnrollmentMonth } from '../../src/modules/attendance/leave.js'
import { addDays } from '../../src/modules/calendar/iso-date.js'
import { isPackageYear } from '../../src/modules/calendar/national-calendar.js'
import { build, seedWorld } from '../helpers/app.js'
import { plausibleYear } from '../helpers/calendar-years.js'
import { insertApprovedPlan, insertEnrollment } from '../helpers/enrollment-fixtures.js'
import { count, expectOk } from './helpers.js'

// Leave is for coming days, so this test lives in a term that starts today, whatever today is.
// A year the package does not cover is confirmed as plain weekdays, as a school would.
t.test('a guardian reports leave for their own child, for coming days', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta, 'lv')
  const today = chinaToday({ now: new Date() })
  const endsOn = addDays(today, 70)
  const term = await expectOk(201, ta.as(w.tokens.reviewer).post(`/api/v1/schools/${w.schoolId}/terms`, { name: '请假测试学期', startsOn: today, endsOn }))
  for (const year of new Set([Number(today.slice(0, 4)), Number(endsOn.slice(0, 4))])) {
    if (!isPackageYear(year)) await expectOk(201, ta.as(w.tokens.reviewer).post(`/api/v1/schools/${w.schoolId}/calendar-years`, plausibleYear(year)))
  }
  const planId = await insertApprovedPlan(ta.db, { committeeId: w.committeeId, termId: term.id, createdBy: w.userIds.chair! })
  const mine = await insertEnrollment(ta.db, { planId, guardianUserId: w.userIds.parent1!, student: { name: '王小明', className: '三年级（2）班' }, startsOn: today })
  const theirs = await insertEnrollment(ta.db, { planId, guardianUserId: w.userIds.parent2!, student: { name: '陈小红', className: '三年级（2）班' }, startsOn: today })

  const days: { date: string; isServiceDay: boolean; status: string }[] = []
  for (const month of new Set([today.slice(0, 7), addDays(today, 31).slice(0, 7)])) {
    days.push(...(await expectOk(200, ta.as(w.tokens.parent1).get(`/api/v1/plans/${planId}/calendar?month=${month}`))).days)
  }
  const coming = days.filter((d) => d.date > today)
  const serviceDay = coming.find((d) => d.isServiceDay)!.date
  const weekend = coming.find((d) => d.status === 'weekend')!.date
  const leave = { from: serviceDay, to: serviceDay, reason: '发烧，在家休息' }

  // Refusals, none of which writes anything.
  const foreign = await ta.as(w.tokens.parent2).post(`/api/v1/enrollments/${mine}/leave`, leave)
  t.equal(foreign.statusCode, 404, "another family's child does not exist for you")
  t.equal((await ta.as((await seedWorld(ta, 'lv-x')).tokens.parent1).post(`/api/v1/enrollments/${mine}/leave`, leave)).statusCode, 404, 'a parent of another school')
  t.equal((await ta.as(w.tokens.chair).post(`/api/v1/enrollments/${mine}/leave`, leave)).statusCode, 403, 'the committee does not report leave for a family')
  const past = await ta.as(w.tokens.parent1).post(`/api/v1/enrollments/${mine}/leave`, { ...leave, from: addDays(today, -1) })
  t.equal(past.statusCode, 422)
  t.equal(past.json().code, 'leave-in-the-past')
  t.equal((await ta.as(w.tokens.parent1).post(`/api/v1/enrollments/${mine}/leave`, { ...leave, from: weekend, to: weekend })).json().code, 'no-service-day')
  t.equal((await ta.as(w.tokens.parent1).post(`/api/v1/enrollments/${mine}/leave`, { ...leave, to: addDays(endsOn, 1) })).json().code, 'outside-term')
  t.equal((await ta.as(w.tokens.parent1).post(`/api/v1/enrollments/${mine}/leave`, { ...leave, from: serviceDay, to: addDays(serviceDay, -1) })).statusCode, 400)
  t.equal(await count(ta, 'leave_requests'), 0)

  const reported = await expectOk(201, ta.as(w.tokens.parent1).post(`/api/v1/enrollments/${mine}/leave`, leave))
  t.match(reported, { enrollmentId: mine, from: serviceDay, to: serviceDay, serviceDays: [serviceDay] })
  t.equal((await ta.as(w.tokens.parent1).post(`/api/v1/enrollments/${mine}/leave`, { ...leave, to: addDays(serviceDay, 3) })).json().code, 'leave-overlaps')

  const roster = await expectOk(200, ta.as(w.tokens.chair).get(`/api/v1/plans/${planId}/sessions/${serviceDay}/roster`))
  const stateOf = (id: string) => roster.students.find((s: { enrollmentId: string }) => s.enrollmentId === id)
  t.equal(stateOf(mine).state, 'leave')
  t.same(stateOf(mine).leave, { id: reported.id, from: serviceDay, to: serviceDay, reason: '发烧，在家休息' })
  t.equal(stateOf(theirs).state, 'expected', "the other family's child is unaffected")
  t.same(roster.summary, { total: 2, expected: 1, leave: 1, present: 0, absent: 0, checked_out: 0 })

  // What per-day leave refunds will count.
  const month = serviceDay.slice(0, 7)
  t.same(await leaveDaysForEnrollmentMonth(ta.db, mine, month), { month, leaveDays: 1, dates: [serviceDay] })
  t.equal((await leaveDaysForEnrollmentMonth(ta.db, theirs, month)).leaveDays, 0)
  const audit = await ta.db.selectFrom('audit_events').select('actor_user_id').where('action', '=', 'leave.reported').execute()
  t.same(audit, [{ actor_user_id: w.userIds.parent1 }])
})

import { randomUUID } from 'node:crypto'
import t from 'tap'
import { CalendarYearNotConfirmed } from '../../src/modules/calendar/errors.js'
import { planServiceDays, serviceDaysForEnrollmentMonth } from '../../src/modules/calendar/service.js'
import { count, expectOk, sameNotFound } from '../attendance/helpers.js'
import { build, seedWorld } from '../helpers/app.js'
import { YEAR_2027 } from '../helpers/calendar-years.js'
import { insertApprovedPlan, insertEnrollment } from '../helpers/enrollment-fixtures.js'
import { applyAndApprove, approvedPlan, planBody } from '../plans/helpers.js'

// The State Council's notice for 2025 (国办发明电〔2024〕12号), written out: 国庆节、中秋节 10月1日
// （周三）至8日（周三）放假调休，共8天；9月28日（周日）、10月11日（周六）上班.
const OCTOBER_2025: Record<string, string> = {
  '01': 'holiday',
  '02': 'holiday',
  '03': 'holiday',
  '04': 'holiday',
  '05': 'holiday',
  '06': 'holiday',
  '07': 'holiday',
  '08': 'holiday',
  '09': 'service',
  '10': 'service',
  '11': 'makeup-workday-service',
  '12': 'weekend',
  '13': 'service',
  '14': 'service',
  '15': 'service',
  '16': 'service',
  '17': 'service',
  '18': 'weekend',
  '19': 'weekend',
  '20': 'service',
  '21': 'service',
  '22': 'service',
  '23': 'service',
  '24': 'service',
  '25': 'weekend',
  '26': 'weekend',
  '27': 'service',
  '28': 'service',
  '29': 'service',
  '30': 'service',
  '31': 'service',
}

t.test('a term across National Day and its 调休 days, through the real plan and enrollment chain', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta, 'cal')
  const plan = await approvedPlan(ta, w)
  const october = await expectOk(200, ta.as(w.tokens.parent1).get(`/api/v1/plans/${plan.id}/calendar?month=2025-10`))
  t.equal(october.serviceDays, 18, '23 weekdays − 6 weekday holidays + Saturday 11 October')
  t.same(Object.fromEntries(october.days.map((d: { date: string; status: string }) => [d.date.slice(8), d.status])), OCTOBER_2025)
  t.same(october.days[10], { date: '2025-10-11', isServiceDay: true, status: 'makeup-workday-service', reason: '调休上班（国庆节）' })
  t.equal(october.days[0].reason, '国庆节')
  const september = await expectOk(200, ta.as(w.tokens.chair).get(`/api/v1/plans/${plan.id}/calendar?month=2025-09`))
  t.equal(september.serviceDays, 23, '22 weekdays + Sunday 28 September (调休)')
  t.equal(september.days[27].status, 'makeup-workday-service')

  // The functions money will call agree with the page people read.
  const term = { '2025-09': 23, '2025-10': 18, '2025-11': 20, '2025-12': 23, '2026-01': 11 }
  for (const [month, n] of Object.entries(term)) t.equal((await planServiceDays(ta.db, plan.id, month)).serviceDays, n, month)

  // An application approved but not yet signed for has no service days.
  const application = await applyAndApprove(ta, w, plan.id, w.tokens.parent1, '王小明')
  t.equal((await serviceDaysForEnrollmentMonth(ta.db, application.enrollmentId, '2025-10')).serviceDays, 0, 'no agreement, no care')
  // Enrollments from the start of a 2025 term are written as fixtures: agreements signed today
  // cannot start in the past. A family that withdraws from 15 October (the first day without
  // care) is served 9–14 October.
  const fixture = { planId: plan.id, guardianUserId: w.userIds.parent1!, student: { name: '王小明', className: '三年级（2）班' }, startsOn: '2025-09-01' }
  const staying = await insertEnrollment(ta.db, fixture)
  const leaving = await insertEnrollment(ta.db, { ...fixture, student: { name: '王小亮', className: '三年级（2）班' }, withdrawnOn: '2025-10-15' })
  t.equal((await serviceDaysForEnrollmentMonth(ta.db, staying, '2025-10')).serviceDays, 18, 'the whole of October without withdrawal')
  t.same(await serviceDaysForEnrollmentMonth(ta.db, leaving, '2025-10'), {
    month: '2025-10',
    serviceDays: 5,
    dates: ['2025-10-09', '2025-10-10', '2025-10-11', '2025-10-13', '2025-10-14'],
  })
  t.equal((await serviceDaysForEnrollmentMonth(ta.db, leaving, '2025-09')).serviceDays, 23, 'September unchanged')
  t.equal((await serviceDaysForEnrollmentMonth(ta.db, leaving, '2025-11')).serviceDays, 0, 'nothing after withdrawal')

  // Who sees it: the committee, its parents and its school; nobody else, and nobody else learns
  // that the plan exists: the same 404 as for a plan that does not.
  const other = await seedWorld(ta, 'cal-other')
  const nobody = randomUUID()
  const calendarAs = (token: string, planId: string) => ta.as(token).get(`/api/v1/plans/${planId}/calendar?month=2025-10`)
  for (const who of ['reviewer', 'chair', 'parent1'] as const) {
    const theirs = await calendarAs(other.tokens[who], plan.id)
    sameNotFound(t, theirs, plan.id, await calendarAs(other.tokens[who], nobody), nobody, `another school's ${who}`)
    t.notMatch(theirs.body, w.committeeId, 'the committee id is not revealed')
  }
  t.equal((await ta.as(w.tokens.reviewer).get(`/api/v1/plans/${plan.id}/calendar?month=2025-10`)).statusCode, 200)
  t.equal((await ta.as(w.tokens.chair).get(`/api/v1/plans/${plan.id}/calendar?month=2025-13`)).statusCode, 400)
})

t.test('a plan the school has not approved has no calendar for parents', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta, 'cal-draft')
  const draft = await expectOk(201, ta.as(w.tokens.chair).post(`/api/v1/committees/${w.committeeId}/plans`, planBody(w.termId)))
  const nobody = randomUUID()
  const calendarAs = (token: string, planId: string) => ta.as(token).get(`/api/v1/plans/${planId}/calendar?month=2025-10`)
  sameNotFound(t, await calendarAs(w.tokens.parent1, draft.id), draft.id, await calendarAs(w.tokens.parent1, nobody), nobody, "a parent asking for a draft plan's calendar")
  const officer = await calendarAs(w.tokens.chair, draft.id)
  t.equal(officer.statusCode, 409, 'the committee is told why')
  t.equal(officer.json().code, 'plan-not-approved')
  t.equal((await calendarAs(w.tokens.reviewer, draft.id)).json().code, 'plan-not-approved', 'and so is the school')
})

t.test("a day off the school opens counts only on the plan's weekdays", async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta, 'opn')
  const plan = (weekdays: number[]) => insertApprovedPlan(ta.db, { committeeId: w.committeeId, termId: w.termId, createdBy: w.userIds.chair!, weekdays })
  const monWed = await plan([1, 3])
  const monFri = await plan([1, 2, 3, 4, 5])
  const saturdays = await plan([6])
  const octoberOf = async (planId: string) => expectOk(200, ta.as(w.tokens.chair).get(`/api/v1/plans/${planId}/calendar?month=2025-10`))
  // Mondays 13, 20, 27 and Wednesdays 15, 22, 29 (1, 6 and 8 are holidays) + the 调休 Saturday 11.
  t.equal((await octoberOf(monWed)).serviceDays, 7)

  const url = `/api/v1/schools/${w.schoolId}/closures`
  for (const date of ['2025-10-07', '2025-10-08', '2025-10-18']) await expectOk(201, ta.as(w.tokens.reviewer).post(url, { date, kind: 'open', reason: '假期开放托管' }))
  const mw = await octoberOf(monWed)
  t.same(
    mw.days[6],
    { date: '2025-10-07', isServiceDay: false, status: 'not-plan-weekday', reason: '假期开放托管，本方案周二不开展托管' },
    'an opened Tuesday is no day of a Monday/Wednesday plan',
  )
  t.same(mw.days[7], { date: '2025-10-08', isServiceDay: true, status: 'school-open', reason: '假期开放托管' }, 'an opened Wednesday is')
  t.equal(mw.days[17].status, 'school-open', 'an opened Saturday counts like a 调休 day')
  t.equal(mw.serviceDays, 9)
  t.equal((await planServiceDays(ta.db, monWed, '2025-10')).serviceDays, 9, 'money counts the same days')
  t.equal((await octoberOf(monFri)).days[6].status, 'school-open', 'the Tuesday counts for a Monday–Friday plan')
  t.equal((await octoberOf(monFri)).serviceDays, 18 + 3)
  const sat = await octoberOf(saturdays)
  t.equal(sat.days[17].status, 'not-plan-weekday', 'a plan on no school weekday runs on no opened day either')
  t.equal(sat.serviceDays, 0)
})

t.test('a school closure removes the day for every plan of the school', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta, 'clo')
  const api = ta.as(w.admin)
  const second = await expectOk(201, api.post(`/api/v1/schools/${w.schoolId}/committees`, { name: '五年级家委会', slug: 'clo-grade-5', level: 'grade', grade: 5 }))
  const planA = await insertApprovedPlan(ta.db, { committeeId: w.committeeId, termId: w.termId, createdBy: w.userIds.chair! })
  const planB = await insertApprovedPlan(ta.db, { committeeId: second.id, termId: w.termId, createdBy: w.userIds.chair!, weekdays: [1, 3, 5] })
  const octoberOf = async (planId: string) => expectOk(200, ta.as(w.tokens.reviewer).get(`/api/v1/plans/${planId}/calendar?month=2025-10`))
  t.equal((await octoberOf(planA)).serviceDays, 18)
  t.equal((await octoberOf(planB)).serviceDays, 11, 'Mon/Wed/Fri plus the 调休 Saturday')

  const url = `/api/v1/schools/${w.schoolId}/closures`
  const sportsDay = { date: '2025-10-15', kind: 'closure', reason: '学校运动会停课' }
  // Refusals first, and nothing is written by any of them.
  t.equal((await ta.as(w.tokens.chair).post(url, sportsDay)).statusCode, 403, 'the committee does not close the school')
  t.equal((await ta.as((await seedWorld(ta, 'clo-x')).tokens.reviewer).post(url, sportsDay)).statusCode, 404, "another school's reviewer")
  const holiday = await ta.as(w.tokens.reviewer).post(url, { date: '2025-10-01', kind: 'closure', reason: '国庆' })
  t.equal(holiday.statusCode, 422)
  t.equal(holiday.json().code, 'not-a-school-day')
  const openWorkday = await ta.as(w.tokens.reviewer).post(url, { date: '2025-10-14', kind: 'open', reason: '照常' })
  t.equal(openWorkday.json().code, 'already-a-school-day')
  t.equal(await count(ta, 'school_day_overrides'), 0)

  const closure = await expectOk(201, ta.as(w.tokens.reviewer).post(url, sportsDay))
  t.match(closure, { schoolId: w.schoolId, date: '2025-10-15', kind: 'closure', reason: '学校运动会停课', createdBy: w.userIds.reviewer })
  t.equal((await octoberOf(planA)).serviceDays, 17)
  t.equal((await octoberOf(planB)).serviceDays, 10, 'Wednesday 15th is gone for the other committee too')
  t.same((await octoberOf(planA)).days[14], { date: '2025-10-15', isServiceDay: false, status: 'closure', reason: '学校运动会停课' })
  const again = await ta.as(w.tokens.reviewer).post(url, { ...sportsDay, reason: '考试' })
  t.equal(again.statusCode, 409)
  t.equal(again.json().code, 'school-day-already-decided')
  t.equal((await planServiceDays(ta.db, planA, '2025-10')).serviceDays, 17, 'money counts the same days')

  // The other way: the school opens care on a Saturday.
  await expectOk(201, ta.as(w.tokens.reviewer).post(url, { date: '2025-10-18', kind: 'open', reason: '周六开放托管' }))
  t.equal((await octoberOf(planA)).serviceDays, 18)
  const list = await expectOk(200, ta.as(w.tokens.chair).get(`${url}?from=2025-10-01&to=2025-10-31`))
  t.same(
    list.items.map((o: { date: string }) => o.date),
    ['2025-10-15', '2025-10-18'],
  )
  const audit = await ta.db.selectFrom('audit_events').select('action').where('entity_id', '=', w.schoolId).where('action', 'like', 'school-day.%').execute()
  t.same(audit.map((a) => a.action).sort(), ['school-day.closure', 'school-day.open'])
})

t.test('a year the holiday data does not cover is refused until the school confirms it', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta, 'y27')
  const term = await expectOk(201, ta.as(w.tokens.reviewer).post(`/api/v1/schools/${w.schoolId}/terms`, { name: '2026年秋季学期', startsOn: '2026-09-01', endsOn: '2027-01-22' }))
  const planId = await insertApprovedPlan(ta.db, { committeeId: w.committeeId, termId: term.id, createdBy: w.userIds.chair! })
  const calendar = (month: string) => ta.as(w.tokens.chair).get(`/api/v1/plans/${planId}/calendar?month=${month}`)

  t.equal((await expectOk(200, calendar('2026-12'))).serviceDays, 23, 'December 2026 is covered')
  const refused = await calendar('2027-01')
  t.equal(refused.statusCode, 409)
  t.equal(refused.json().code, 'calendar-year-not-confirmed')
  t.match(refused.json().detail, /2027/)
  await t.rejects(planServiceDays(ta.db, planId, '2027-01'), CalendarYearNotConfirmed, 'money refuses too')
  const closure = await ta.as(w.tokens.reviewer).post(`/api/v1/schools/${w.schoolId}/closures`, { date: '2027-01-08', reason: '期末考试' })
  t.equal(closure.json().code, 'calendar-year-not-confirmed', 'no closure in an unknown year either')

  const url = `/api/v1/schools/${w.schoolId}/calendar-years`
  // Made-up entries for the test (the demo's 2027): the real 2027 notice is not in the package.
  const body = YEAR_2027
  t.equal((await ta.as(w.tokens.chair).post(url, body)).statusCode, 403, 'the committee does not decide holidays')
  t.equal((await ta.as(w.tokens.parent1).post(url, body)).statusCode, 403)
  const covered = await ta.as(w.tokens.reviewer).post(url, { ...body, year: 2026 })
  t.equal(covered.json().code, 'calendar-year-covered')
  const badMakeup = await ta.as(w.tokens.reviewer).post(url, { ...body, makeupWorkdays: [...body.makeupWorkdays, { date: '2027-01-06' }] })
  t.equal(badMakeup.statusCode, 422, 'a make-up workday on a Wednesday')
  t.equal(badMakeup.json().code, 'calendar-input-invalid')
  const wrongYear = await ta.as(w.tokens.reviewer).post(url, { ...body, holidays: [...body.holidays, { date: '2026-10-01', name: '国庆节' }] })
  t.equal(wrongYear.statusCode, 422)
  t.equal(await count(ta, 'calendar_years'), 0, 'nothing written by the refusals')
  t.equal((await calendar('2027-01')).statusCode, 409, 'still refused')

  const confirmed = await expectOk(201, ta.as(w.tokens.reviewer).post(url, body))
  t.match(confirmed, { year: 2027, confirmedBy: w.userIds.reviewer })
  const january = await expectOk(200, calendar('2027-01'))
  t.equal(january.serviceDays, 15, '16 weekdays to the 22nd − Friday 1 January')
  t.same(january.days[0], { date: '2027-01-01', isServiceDay: false, status: 'holiday', reason: '元旦' })
  t.equal((await ta.as(w.tokens.reviewer).post(url, body)).json().code, 'calendar-year-already-confirmed')
  const years = await expectOk(200, ta.as(w.tokens.parent1).get(url))
  t.ok(years.builtInYears.includes(2026) && !years.builtInYears.includes(2027))
  t.same(
    years.confirmed.map((y: { year: number }) => y.year),
    [2027],
  )
})

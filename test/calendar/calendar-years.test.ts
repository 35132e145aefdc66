import t from 'tap'
import { build, seedWorld } from '../helpers/app.js'
import { plausibleYear, YEAR_2027 } from '../helpers/calendar-years.js'
import { insertApprovedPlan, insertEnrollment } from '../helpers/enrollment-fixtures.js'
import { expectStatus, planBody } from '../plans/helpers.js'

// Issue 14 item 13: a confirmed holiday year can be corrected, with a reason and its history;
// a confirmation is checked for sense; a plan reaching into a year nobody confirmed is warned at
// submission and refused at approval.
t.test('a confirmation is checked: 元旦, 春节, dates in the year, a plausible count', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta, 'cy')
  const url = `/api/v1/schools/${w.schoolId}/calendar-years`
  const post = (body: object) => ta.as(w.tokens.reviewer).post(url, body)
  const without = (name: string) => ({ ...YEAR_2027, holidays: YEAR_2027.holidays.filter((h) => h.name !== name) })

  const cases: [string, object, string][] = [
    ['no 元旦', without('元旦'), 'body.holidays'],
    ['no 春节', without('春节'), 'body.holidays'],
    [
      '春节 away from the lunar new year',
      { ...YEAR_2027, holidays: YEAR_2027.holidays.map((h) => (h.name === '春节' ? { ...h, date: h.date.replace('2027-02', '2027-03') } : h)) },
      'body.holidays',
    ],
    ['only three days off', { ...YEAR_2027, holidays: YEAR_2027.holidays.slice(0, 3) }, 'body.holidays'],
    [
      '59 days off',
      { ...YEAR_2027, holidays: [...YEAR_2027.holidays, ...Array.from({ length: 31 }, (_, i) => ({ date: `2027-07-${String(i + 1).padStart(2, '0')}`, name: '暑假' }))] },
      'body.holidays',
    ],
    [
      'too many make-up days',
      {
        ...YEAR_2027,
        makeupWorkdays: [
          '2027-03-06',
          '2027-03-07',
          '2027-03-13',
          '2027-03-14',
          '2027-03-20',
          '2027-03-21',
          '2027-03-27',
          '2027-03-28',
          '2027-04-10',
          '2027-04-11',
          '2027-04-17',
          '2027-04-18',
          '2027-04-24',
          '2027-04-25',
          '2027-05-15',
        ].map((date) => ({ date })),
      },
      'body.makeupWorkdays',
    ],
  ]
  for (const [what, body, path] of cases) {
    const res = await post(body)
    t.equal(res.statusCode, 422, what)
    t.equal(res.json().code, 'calendar-year-implausible', what)
    t.ok(
      res.json().errors.some((e: { path: string }) => e.path === path),
      `${what}: names ${path}`,
    )
  }
  const weekdayMakeup = await post({ ...YEAR_2027, makeupWorkdays: [{ date: '2027-01-06' }] })
  t.equal(weekdayMakeup.json().code, 'calendar-input-invalid', 'a make-up workday on a Wednesday')
  const twice = await post({ ...YEAR_2027, holidays: [...YEAR_2027.holidays, { date: '2027-01-01', name: '元旦' }] })
  t.equal(twice.statusCode, 422, 'a date twice')
  const outside = await post({ ...YEAR_2027, holidays: [...YEAR_2027.holidays, { date: '2026-12-31', name: '元旦' }] })
  t.equal(outside.statusCode, 422, 'a date outside the year')
  t.equal(await ta.db.selectFrom('calendar_years').select('year').executeTakeFirst(), undefined, 'nothing written by the refusals')

  const confirmed = await expectStatus(201, post({ ...YEAR_2027, source: '学校确认，待国务院通知发布后核对' }))
  t.match(confirmed, { year: 2027, version: 1, reason: null, source: '学校确认，待国务院通知发布后核对', confirmedBy: w.userIds.reviewer })
  t.equal(confirmed.holidays.length, 28)
})

t.test('a confirmed year is corrected with a reason; every version is kept', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta, 'cc')
  const term = await expectStatus(
    201,
    ta.as(w.tokens.reviewer).post(`/api/v1/schools/${w.schoolId}/terms`, { name: '2027年春季学期', startsOn: '2027-03-01', endsOn: '2027-07-09' }),
  )
  const planId = await insertApprovedPlan(ta.db, { committeeId: w.committeeId, termId: term.id, createdBy: w.userIds.chair! })
  const years = `/api/v1/schools/${w.schoolId}/calendar-years`
  const june = () => expectStatus(200, ta.as(w.tokens.chair).get(`/api/v1/plans/${planId}/calendar?month=2027-06`))
  // A typo: 端午 entered on Thursday the 10th instead of Wednesday the 9th.
  const typo = { ...YEAR_2027, holidays: YEAR_2027.holidays.map((h) => (h.name === '端午节' ? { ...h, date: '2027-06-10' } : h)) }
  await expectStatus(201, ta.as(w.tokens.reviewer).post(years, typo))
  t.equal((await ta.as(w.tokens.reviewer).post(years, YEAR_2027)).json().code, 'calendar-year-already-confirmed', 'a second confirmation is still refused…')
  t.match((await ta.as(w.tokens.reviewer).post(years, YEAR_2027)).json().detail, /corrections/, '…and says how to correct')
  t.equal((await june()).days.find((d: { date: string }) => d.date === '2027-06-10').status, 'holiday')

  const url = `${years}/2027/corrections`
  const fix = { holidays: YEAR_2027.holidays, makeupWorkdays: YEAR_2027.makeupWorkdays, reason: '端午节误录为6月10日，按通知更正为6月9日' }
  t.equal((await ta.as(w.tokens.chair).post(url, fix)).statusCode, 403, 'the committee does not decide holidays')
  t.equal((await ta.as((await seedWorld(ta, 'cc-x')).tokens.reviewer).post(url, fix)).statusCode, 404, "another school's reviewer")
  t.equal((await ta.as(w.tokens.reviewer).post(url, { ...fix, reason: '' })).statusCode, 400, 'a correction needs its reason')
  t.equal(
    (await ta.as(w.tokens.reviewer).post(url, { ...fix, holidays: fix.holidays.filter((h) => h.name !== '春节') })).json().code,
    'calendar-year-implausible',
    'and the same checks',
  )
  t.equal((await ta.as(w.tokens.reviewer).post(`${years}/2028/corrections`, fix)).json().code, 'calendar-year-not-confirmed', 'only a confirmed year is corrected')
  t.equal((await ta.as(w.tokens.reviewer).post(`${years}/2026/corrections`, fix)).json().code, 'calendar-year-covered', 'a built-in year is not the school’s')
  t.equal((await ta.as(w.tokens.reviewer).post(url, { ...typo, reason: '无变化' })).json().code, 'calendar-year-unchanged')

  const corrected = await expectStatus(201, ta.as(w.tokens.reviewer).post(url, fix))
  t.match(corrected, { year: 2027, version: 2, reason: fix.reason, correctedBy: w.userIds.reviewer, confirmedBy: w.userIds.reviewer })
  const days = (await june()).days
  t.equal(days.find((d: { date: string }) => d.date === '2027-06-09').status, 'holiday', 'the service calendar follows the correction')
  t.equal(days.find((d: { date: string }) => d.date === '2027-06-10').status, 'service')

  const history = await expectStatus(200, ta.as(w.tokens.chair).get(`${years}/2027`))
  t.same(
    history.versions.map((v: { version: number; reason: string | null }) => [v.version, v.reason]),
    [
      [1, null],
      [2, fix.reason],
    ],
    'the first confirmation and the correction, both kept',
  )
  t.ok(
    history.versions[0].holidays.some((h: { date: string }) => h.date === '2027-06-10'),
    'with what each said',
  )
  t.equal(history.inForce.version, 2)
  const listed = await expectStatus(200, ta.as(w.tokens.parent1).get(years))
  t.same(
    listed.confirmed.map((y: { year: number; version: number }) => [y.year, y.version]),
    [[2027, 2]],
  )
  const audit = await ta.db.selectFrom('audit_events').select('data').where('action', '=', 'calendar-year.corrected').executeTakeFirstOrThrow()
  t.match(audit.data, { year: 2027, version: 2, reason: fix.reason })
  await t.rejects(ta.db.deleteFrom('calendar_year_corrections').execute(), /append-only/)

  // Care held on a day stays held: a correction may not make it a holiday.
  const enrollmentId = await insertEnrollment(ta.db, {
    planId,
    guardianUserId: w.userIds.parent1!,
    student: { name: '王小明', className: '三年级（2）班' },
    startsOn: '2027-03-01',
  })
  await ta.db
    .insertInto('attendance_records')
    .values({
      school_id: w.schoolId,
      plan_id: planId,
      enrollment_id: enrollmentId,
      service_date: '2027-06-10',
      kind: 'check_in',
      status: 'present',
      at: '2027-06-10T16:30:00+08:00',
      recorded_by: w.userIds.chair!,
      created_at: new Date(),
    })
    .execute()
  const back = await ta.as(w.tokens.reviewer).post(url, { ...typo, reason: '再改回6月10日' })
  t.equal(back.statusCode, 409)
  t.equal(back.json().code, 'care-already-held')
  t.equal((await expectStatus(200, ta.as(w.tokens.chair).get(`${years}/2027`))).versions.length, 2, 'nothing written')
})

t.test('a plan reaching into a year nobody confirmed: warned at submission, refused at approval', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta, 'cp', { term: { name: '2027年秋季学期', startsOn: '2027-09-01', endsOn: '2028-01-14' } })
  await expectStatus(201, ta.as(w.tokens.reviewer).post(`/api/v1/schools/${w.schoolId}/calendar-years`, YEAR_2027))
  const chair = ta.as(w.tokens.chair)
  const plan = await expectStatus(201, chair.post(`/api/v1/committees/${w.committeeId}/plans`, planBody(w.termId)))
  await expectStatus(200, chair.post(`/api/v1/plans/${plan.id}/demand/open`))
  await expectStatus(200, ta.as(w.tokens.parent1).put(`/api/v1/plans/${plan.id}/demand/responses/me`, { need: true }))
  const submitted = await expectStatus(201, chair.post(`/api/v1/plans/${plan.id}/submit`))
  t.match(submitted.warnings, [{ code: 'calendar-year-not-confirmed', years: [2028] }], 'the chair is told at submission')
  t.match(submitted.warnings[0].detail, /2028/)

  const review = `/api/v1/plans/${plan.id}/review`
  const refused = await ta.as(w.tokens.reviewer).post(review, { decision: 'approve' })
  t.equal(refused.statusCode, 422, 'nobody bills on a calendar that does not exist')
  t.equal(refused.json().code, 'calendar-year-not-confirmed')
  t.match(refused.json().detail, /2028/)
  t.equal((await expectStatus(200, chair.get(`/api/v1/plans/${plan.id}`))).status, 'submitted', 'nothing changed')

  await expectStatus(201, ta.as(w.tokens.reviewer).post(`/api/v1/schools/${w.schoolId}/calendar-years`, plausibleYear(2028)))
  const approved = await expectStatus(200, ta.as(w.tokens.reviewer).post(review, { decision: 'approve' }))
  t.equal(approved.review.decision, 'approve', 'approved once the year is confirmed')

  // A term the built-in calendar covers has nothing to warn about.
  const covered = await seedWorld(ta, 'cp2')
  const plan2 = await expectStatus(201, ta.as(covered.tokens.chair).post(`/api/v1/committees/${covered.committeeId}/plans`, planBody(covered.termId)))
  await expectStatus(200, ta.as(covered.tokens.chair).post(`/api/v1/plans/${plan2.id}/demand/open`))
  await expectStatus(200, ta.as(covered.tokens.parent1).put(`/api/v1/plans/${plan2.id}/demand/responses/me`, { need: true }))
  t.same((await expectStatus(201, ta.as(covered.tokens.chair).post(`/api/v1/plans/${plan2.id}/submit`))).warnings, [])
})

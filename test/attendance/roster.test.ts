import t from 'tap'
import { build, seedWorld } from '../helpers/app.js'
import { insertApprovedPlan, insertEnrollment } from '../helpers/enrollment-fixtures.js'
import { hire } from '../staff/helpers.js'
import { createStaffUser, expectOk, signIn } from './helpers.js'

const DAY = '2025-10-09' // the first service day after the National Day holiday

t.test('the roster of a day: only that plan, only that day, only what the door needs', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta, 'ros')
  const chair = w.userIds.chair!
  const planA = await insertApprovedPlan(ta.db, { committeeId: w.committeeId, termId: w.termId, createdBy: chair, title: 'A' })
  const planB = await insertApprovedPlan(ta.db, { committeeId: w.committeeId, termId: w.termId, createdBy: chair, title: 'B' })
  const p1 = w.userIds.parent1!
  const p2 = w.userIds.parent2!
  const grandma = { name: '李秀英', phone: '13900139000', relation: '外婆' }
  const ming = await insertEnrollment(ta.db, {
    planId: planA,
    guardianUserId: p1,
    student: { name: '王小明', className: '三年级（2）班', studentNo: '0302' },
    pickup: { persons: [grandma], goesHomeAlone: false },
    specialNeeds: '花生过敏',
    startsOn: '2025-09-01',
  })
  await insertEnrollment(ta.db, {
    planId: planA,
    guardianUserId: p2,
    student: { name: '陈小红', className: '三年级（1）班' },
    pickup: { persons: [], goesHomeAlone: true, aloneConsent: '同意独自回家' },
    startsOn: '2025-09-01',
  })
  await insertEnrollment(ta.db, { planId: planA, guardianUserId: p2, student: { name: '陈小刚', className: '三年级（1）班' }, startsOn: '2025-10-10' })
  await insertEnrollment(ta.db, { planId: planA, guardianUserId: p2, student: { name: '赵离开', className: '三年级（3）班' }, startsOn: '2025-09-01', withdrawnOn: DAY })
  await insertEnrollment(ta.db, { planId: planB, guardianUserId: p1, student: { name: '王小亮', className: '一年级（1）班' }, startsOn: '2025-09-01' })

  const staffA = await createStaffUser(ta, w, 'ros-staff-a')
  const staffB = await createStaffUser(ta, w, 'ros-staff-b')
  await hire(ta, w, staffA, planA)
  await hire(ta, w, staffB, planB)
  await signIn(ta, w, staffA, planA, DAY)
  await signIn(ta, w, staffB, planB, DAY)
  const roster = (token: string, planId = planA, date = DAY) => ta.as(token).get(`/api/v1/plans/${planId}/sessions/${date}/roster`)

  const body = await expectOk(200, roster(staffA.token))
  t.same(
    body.students.map((s: { name: string }) => s.name),
    ['陈小红', '王小明'],
    'by class; not yet started and already withdrawn are not on it',
  )
  t.same(body.day, { status: 'service', reason: '工作日' })
  t.same(body.summary, { total: 2, expected: 2, leave: 0, present: 0, absent: 0, checked_out: 0 })
  t.same(
    body.staffOnDuty.map((s: { staffId: string }) => s.staffId),
    [staffA.staffId],
    "only this plan's staff",
  )
  const first = body.students.find((s: { enrollmentId: string }) => s.enrollmentId === ming)
  t.same(
    Object.keys(first).sort(),
    ['checkIn', 'checkOut', 'className', 'enrollmentId', 'leave', 'name', 'pickup', 'specialNeeds', 'state', 'studentNo'].sort(),
    'nothing else about the family',
  )
  t.same(
    first.pickup,
    { persons: [{ name: '王小明妈妈', phone: '13800138000', relation: '母亲' }, grandma], goesHomeAlone: false, aloneConsent: null },
    'the guardian is always authorised',
  )
  t.equal(first.specialNeeds, '花生过敏')
  t.equal(first.className, '三年级（2）班')
  t.equal(body.students[0].pickup.goesHomeAlone, true)

  // Staff on duty elsewhere, or on another day, learn nothing: 404.
  t.equal((await roster(staffA.token, planB)).statusCode, 404, "another plan's roster")
  t.equal((await roster(staffB.token, planA)).statusCode, 404)
  t.equal((await roster(staffA.token, planA, '2025-10-10')).statusCode, 404, 'another day')
  const other = await seedWorld(ta, 'ros-x')
  t.equal((await roster(other.tokens.chair)).statusCode, 404, "another committee's chair")
  t.equal((await roster(other.tokens.reviewer)).statusCode, 404, "another school's reviewer")
  // The roster lists other families' children: to a parent it is as if it did not exist (404, not 403).
  const parents = await roster(w.tokens.parent1)
  t.equal(parents.statusCode, 404, "a parent asking for a roster of other families' children")
  t.notMatch(parents.body, /students|staffOnDuty/, 'and learns nothing of it')
  for (const who of ['chair', 'treasurer', 'auditor', 'member', 'reviewer'] as const) t.equal((await roster(w.tokens[who])).statusCode, 200, who)

  // Only service days have a roster; the problem says why.
  const holiday = await roster(w.tokens.chair, planA, '2025-10-01')
  t.equal(holiday.statusCode, 422)
  t.equal(holiday.json().code, 'not-a-service-day')
  t.match(holiday.json().detail, /国庆节/)
  t.equal((await roster(w.tokens.chair, planA, '2025-10-11')).statusCode, 200, 'the 调休 Saturday has a session')
})

import t from 'tap'
import { dutyShifts } from '../../src/modules/attendance/duty.js'
import { at, count, createStaffUser, expectOk, staffBody } from '../attendance/helpers.js'
import { build, seedWorld } from '../helpers/app.js'
import { insertApprovedPlan } from '../helpers/enrollment-fixtures.js'

const DAY = '2025-10-09'

t.test('the chair records care staff after their background check', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta, 'stf')
  const url = `/api/v1/committees/${w.committeeId}/staff`
  const created = await expectOk(201, ta.as(w.tokens.chair).post(url, staffBody('刘老师')))
  t.match(created, { committeeId: w.committeeId, name: '刘老师', kind: 'retired_teacher', userId: null, backgroundCheck: { issuedOn: '2025-08-01', certificateNoMasked: '****0123' }, qualifications: ['教师资格证'] })
  t.notMatch(JSON.stringify(created), /GA-2025/, 'the certificate number is never shown in full')

  t.equal((await ta.as(w.tokens.treasurer).post(url, staffBody('x'))).statusCode, 403, 'only the chair hires')
  t.equal((await ta.as((await seedWorld(ta, 'stf-x')).tokens.chair).post(url, staffBody('x'))).statusCode, 404, "another committee's chair")
  const future = await ta.as(w.tokens.chair).post(url, { ...staffBody('x'), backgroundCheck: { certificateNo: 'GA-1', issuedOn: '2999-01-01' } })
  t.equal(future.json().code, 'background-check-invalid')
  t.equal((await ta.as(w.tokens.chair).post(url, staffBody('x', '00000000-0000-4000-8000-000000000000'))).statusCode, 404, 'an unknown account')
  t.equal((await ta.as(w.tokens.chair).post(url, { ...staffBody('x'), kind: 'robot' })).statusCode, 400)
  t.equal(await count(ta, 'staff'), 1)
  const withAccount = await createStaffUser(ta, w, 'stf-zhao')
  t.equal((await ta.as(w.tokens.chair).post(url, staffBody('again', withAccount.userId))).json().code, 'staff-user-taken')

  const list = await expectOk(200, ta.as(w.tokens.auditor).get(url))
  t.same(list.items.map((s: { name: string }) => s.name), ['刘老师', '老师stf-zhao'])
  t.equal((await ta.as(w.tokens.parent1).get(url)).statusCode, 403)
})

t.test('staff on duty: who can be put on duty, and append-only corrections', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta, 'duty')
  const planA = await insertApprovedPlan(ta.db, { committeeId: w.committeeId, termId: w.termId, createdBy: w.userIds.chair! })
  const planB = await insertApprovedPlan(ta.db, { committeeId: w.committeeId, termId: w.termId, createdBy: w.userIds.chair! })
  const zhao = await createStaffUser(ta, w, 'duty-zhao')
  const qian = await createStaffUser(ta, w, 'duty-qian')
  const noAccount = await expectOk(201, ta.as(w.tokens.chair).post(`/api/v1/committees/${w.committeeId}/staff`, staffBody('孙老师')))
  const other = await seedWorld(ta, 'duty-x')
  const foreign = await expectOk(201, ta.as(other.tokens.chair).post(`/api/v1/committees/${other.committeeId}/staff`, staffBody('外校老师')))
  const duty = (planId: string, date = DAY) => `/api/v1/plans/${planId}/sessions/${date}/staff-duty`

  // Refusals first; none writes a record.
  const notOurs = await ta.as(w.tokens.chair).post(duty(planA), { staffId: foreign.id, event: 'sign_in', at: at(DAY, '16:20') })
  t.equal(notOurs.statusCode, 422)
  t.equal(notOurs.json().code, 'staff-not-eligible', "another committee's staff member cannot be put on duty")
  t.equal((await ta.as(zhao.token).post(duty(planA), { staffId: qian.staffId, event: 'sign_in', at: at(DAY, '16:20') })).statusCode, 403, 'staff sign only themselves in')
  t.equal((await ta.as(w.tokens.treasurer).post(duty(planA), { staffId: qian.staffId, event: 'sign_in', at: at(DAY, '16:20') })).statusCode, 403)
  t.equal((await ta.as(other.tokens.chair).post(duty(planA), { event: 'sign_in', at: at(DAY, '16:20') })).statusCode, 404)
  const holiday = await ta.as(zhao.token).post(duty(planA, '2025-10-01'), { event: 'sign_in', at: at('2025-10-01', '16:20') })
  t.equal(holiday.json().code, 'not-a-service-day')
  t.equal((await ta.as(zhao.token).post(duty(planA), { event: 'sign_out', at: at(DAY, '18:00') })).json().code, 'not-signed-in')
  t.equal((await ta.as(zhao.token).post(duty(planA), { event: 'sign_in', at: at('2999-01-01', '16:20') })).statusCode, 422)
  t.equal(await count(ta, 'staff_duty_records'), 0)

  const signIn = await expectOk(201, ta.as(zhao.token).post(duty(planA), { event: 'sign_in', at: at(DAY, '16:20') }))
  t.match(signIn, { staffId: zhao.staffId, planId: planA, date: DAY, event: 'sign_in', recordedBy: zhao.userId })
  await expectOk(201, ta.as(w.tokens.chair).post(duty(planA), { staffId: noAccount.id, event: 'sign_in', at: at(DAY, '16:25') }))
  t.equal((await ta.as(zhao.token).post(duty(planA), { event: 'sign_in', at: at(DAY, '16:30') })).json().code, 'already-signed-in')
  t.equal((await ta.as(zhao.token).post(duty(planB), { event: 'sign_in', at: at(DAY, '16:30') })).json().code, 'on-duty-elsewhere')
  t.equal((await ta.as(zhao.token).post(duty(planA), { event: 'sign_out', at: at(DAY, '16:00') })).json().code, 'sign-out-before-sign-in')
  const signOut = await expectOk(201, ta.as(zhao.token).post(duty(planA), { event: 'sign_out', at: at(DAY, '18:10') }))

  // The chair corrects a forgotten sign-out time; the original stays.
  const url = `/api/v1/staff-duty/${signOut.id}/corrections`
  t.equal((await ta.as(zhao.token).post(url, { at: at(DAY, '18:40'), reason: '我签退晚了' })).statusCode, 404, 'staff do not correct their own pay records')
  t.equal((await ta.as(w.tokens.member).post(url, { at: at(DAY, '18:40'), reason: '补记' })).statusCode, 403)
  t.equal((await ta.as(w.tokens.chair).post(url, { at: at(DAY, '16:00'), reason: '补记' })).json().code, 'sign-out-before-sign-in')
  const fixed = await expectOk(201, ta.as(w.tokens.chair).post(url, { at: at(DAY, '18:40'), reason: '家长会延长，实际 18:40 签退' }))
  t.equal(fixed.correctsId, signOut.id)
  t.equal((await ta.as(w.tokens.chair).post(url, { at: at(DAY, '18:45'), reason: '再改' })).json().code, 'already-corrected')
  await t.rejects(ta.db.updateTable('staff_duty_records').set({ at: new Date() }).where('id', '=', signOut.id).execute(), /append-only/)

  // What pay will be computed from: the corrected shift.
  const shifts = await dutyShifts(ta.db, w.committeeId, '2025-10-01', '2025-10-31', zhao.staffId)
  t.same(shifts.map((s) => ({ planId: s.planId, date: s.date, minutes: s.minutes })), [{ planId: planA, date: DAY, minutes: 140 }])
  const open = await dutyShifts(ta.db, w.committeeId, DAY, DAY, noAccount.id)
  t.equal(open[0]?.minutes, null, 'not signed out: nothing to pay by the hour yet')

  // Once signed out, a staff member no longer writes the session.
  const roster = await expectOk(200, ta.as(zhao.token).get(`/api/v1/plans/${planA}/sessions/${DAY}/roster`))
  t.same(roster.staffOnDuty.map((s: { name: string }) => s.name).sort(), ['孙老师', '老师duty-zhao'].sort())
  t.equal((await ta.as(zhao.token).post(`/api/v1/plans/${planA}/sessions/${DAY}/close`)).statusCode, 403)
  const qianWrites = await ta.as(qian.token).post(`/api/v1/plans/${planA}/sessions/${DAY}/close`)
  t.equal(qianWrites.statusCode, 403, 'staff who have not signed in are told to')
  t.match(qianWrites.json().detail, /Sign in/)
})

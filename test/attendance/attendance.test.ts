import { randomUUID } from 'node:crypto'
import t from 'tap'
import { build, seedWorld } from '../helpers/app.js'
import { insertApprovedPlan, insertEnrollment } from '../helpers/enrollment-fixtures.js'
import { hire } from '../staff/helpers.js'
import { at, count, createStaffUser, expectOk, sameNotFound, signIn } from './helpers.js'

const DAY = '2025-10-09'

async function setup(t: Parameters<typeof build>[0], prefix: string) {
  const ta = await build(t)
  const w = await seedWorld(ta, prefix)
  const planId = await insertApprovedPlan(ta.db, { committeeId: w.committeeId, termId: w.termId, createdBy: w.userIds.chair! })
  const grandma = { name: '李秀英', phone: '13900139000', relation: '外婆' }
  const ming = await insertEnrollment(ta.db, {
    planId,
    guardianUserId: w.userIds.parent1!,
    student: { name: '王小明', className: '三年级（2）班' },
    pickup: { persons: [grandma], goesHomeAlone: false },
    startsOn: '2025-09-01',
  })
  const hong = await insertEnrollment(ta.db, {
    planId,
    guardianUserId: w.userIds.parent2!,
    student: { name: '陈小红', className: '三年级（2）班' },
    pickup: { persons: [], goesHomeAlone: true, aloneConsent: '本人同意孩子独自回家。陈母 2025-08-30' },
    startsOn: '2025-09-01',
  })
  const gang = await insertEnrollment(ta.db, { planId, guardianUserId: w.userIds.parent2!, student: { name: '陈小刚', className: '三年级（2）班' }, startsOn: '2025-09-01' })
  const staff = await createStaffUser(ta, w, `${prefix}-staff`)
  await hire(ta, w, staff, planId)
  await signIn(ta, w, staff, planId, DAY)
  const url = `/api/v1/plans/${planId}/sessions/${DAY}/attendance`
  return { ta, w, planId, ming, hong, gang, staff, url }
}

t.test('check-in and check-out with the pickup handover', async (t) => {
  const { ta, w, planId, ming, hong, gang, staff, url } = await setup(t, 'att')
  const api = ta.as(staff.token)
  const present = await expectOk(201, api.post(url, { enrollmentId: ming, status: 'present', at: at(DAY, '16:31') }))
  t.match(present, { enrollmentId: ming, date: DAY, status: 'present', correctsId: null, recordedBy: staff.userId })
  await expectOk(201, api.post(url, { enrollmentId: hong, status: 'present', at: at(DAY, '16:32') }))
  await expectOk(201, api.post(url, { enrollmentId: gang, status: 'absent', at: at(DAY, '16:35') }))
  const before = await count(ta, 'attendance_records')

  // Refusals, none of which writes anything.
  const stranger = await api.post(url, { enrollmentId: ming, status: 'checked_out', pickedUpBy: { name: '张三' }, at: at(DAY, '18:00') })
  t.equal(stranger.statusCode, 422)
  t.equal(stranger.json().code, 'pickup-not-authorised')
  t.match(stranger.json().detail, /李秀英/)
  const wrongPhone = await api.post(url, { enrollmentId: ming, status: 'checked_out', pickedUpBy: { name: '李秀英', phone: '13100000000' }, at: at(DAY, '18:00') })
  t.equal(wrongPhone.json().code, 'pickup-not-authorised', 'the right name with another phone')
  const alone = await api.post(url, { enrollmentId: ming, status: 'checked_out', pickedUpBy: 'self', at: at(DAY, '18:00') })
  t.equal(alone.json().code, 'pickup-not-authorised', 'no written consent to go home alone')
  t.equal(
    (await api.post(url, { enrollmentId: gang, status: 'checked_out', pickedUpBy: { name: '陈小刚妈妈' }, at: at(DAY, '18:00') })).json().code,
    'not-checked-in',
    'an absent child is not handed over',
  )
  t.equal((await api.post(url, { enrollmentId: ming, status: 'present', at: at(DAY, '16:40') })).json().code, 'attendance-already-recorded')
  t.equal((await api.post(url, { enrollmentId: ming, status: 'checked_out', pickedUpBy: { name: '李秀英' }, at: at(DAY, '16:00') })).json().code, 'check-out-before-check-in')
  t.equal((await api.post(url, { enrollmentId: ming, status: 'present', at: at('2025-10-10', '16:40') })).json().code, 'time-not-on-session-date')
  t.equal((await api.post(url, { enrollmentId: ming, status: 'checked_out', at: at(DAY, '18:00') })).statusCode, 400, 'a check-out names who collected the child')
  t.equal(
    (await ta.as(w.tokens.chair).post(url, { enrollmentId: ming, status: 'checked_out', pickedUpBy: { name: '李秀英' }, at: at(DAY, '18:00') })).statusCode,
    403,
    'the chair is not on duty',
  )
  t.equal((await ta.as(w.tokens.parent1).post(url, { enrollmentId: ming, status: 'checked_out', pickedUpBy: { name: '李秀英' }, at: at(DAY, '18:00') })).statusCode, 403)
  const otherPlan = await insertApprovedPlan(ta.db, { committeeId: w.committeeId, termId: w.termId, createdBy: w.userIds.chair! })
  const outsider = await insertEnrollment(ta.db, {
    planId: otherPlan,
    guardianUserId: w.userIds.parent1!,
    student: { name: '王小亮', className: '一年级（1）班' },
    startsOn: '2025-09-01',
  })
  t.equal((await api.post(url, { enrollmentId: outsider, status: 'present', at: at(DAY, '16:40') })).statusCode, 404, 'a child of another plan')
  const sunday = await api.post(`/api/v1/plans/${planId}/sessions/2025-10-12/attendance`, { enrollmentId: ming, status: 'present', at: at('2025-10-12', '16:40') })
  t.equal(sunday.statusCode, 422)
  t.equal(sunday.json().code, 'not-a-service-day')
  t.match(sunday.json().detail, /周日/)
  t.equal(await count(ta, 'attendance_records'), before, 'no refusal wrote a row')

  const handed = await expectOk(
    201,
    api.post(url, { enrollmentId: ming, status: 'checked_out', pickedUpBy: { name: '李 秀英', phone: '+86 139-0013-9000' }, at: at(DAY, '18:02') }),
  )
  t.same(handed.pickedUpBy, { name: '李秀英', phone: '13900139000', relation: '外婆' }, 'recorded as the guardian listed the person')
  const selfOut = await expectOk(201, api.post(url, { enrollmentId: hong, status: 'checked_out', pickedUpBy: 'self', at: at(DAY, '18:05') }))
  t.equal(selfOut.wentHomeAlone, true, 'going home alone with written consent')
  const roster = await expectOk(200, api.get(`/api/v1/plans/${planId}/sessions/${DAY}/roster`))
  t.same(roster.summary, { total: 3, expected: 0, leave: 0, present: 0, absent: 1, checked_out: 2 })
})

t.test('late corrections keep the original; closing lists children still checked in', async (t) => {
  const { ta, w, planId, ming, hong, gang, staff, url } = await setup(t, 'cor')
  const api = ta.as(staff.token)
  const original = await expectOk(201, api.post(url, { enrollmentId: ming, status: 'absent', at: at(DAY, '16:31') }))
  await expectOk(201, api.post(url, { enrollmentId: hong, status: 'present', at: at(DAY, '16:32') }))
  // The staff on duty may fix their own open session.
  const fixed = await expectOk(201, api.post(`/api/v1/attendance/${original.id}/corrections`, { status: 'present', at: at(DAY, '16:50'), reason: '迟到，16:50 到校' }))
  t.equal(fixed.correctsId, original.id)
  t.equal((await api.post(`/api/v1/attendance/${original.id}/corrections`, { status: 'leave', at: at(DAY, '16:50'), reason: '再改' })).json().code, 'already-corrected')
  await expectOk(201, api.post(url, { enrollmentId: ming, status: 'checked_out', pickedUpBy: { name: '王小明妈妈' }, at: at(DAY, '18:00') }))

  // Closing: 陈小红 is still checked in, 陈小刚 was never recorded.
  t.equal((await ta.as(w.tokens.treasurer).post(`/api/v1/plans/${planId}/sessions/${DAY}/close`)).statusCode, 403, 'only the staff on duty or the chair close')
  const closed = await expectOk(200, api.post(`/api/v1/plans/${planId}/sessions/${DAY}/close`))
  t.equal(closed.unrecorded, 1)
  t.same(
    closed.incident.students.map((s: { enrollmentId: string }) => s.enrollmentId),
    [hong],
  )
  t.equal(closed.incident.acknowledgement, null)
  t.equal((await api.post(`/api/v1/plans/${planId}/sessions/${DAY}/close`)).json().code, 'session-closed')
  t.equal((await api.post(url, { enrollmentId: gang, status: 'absent', at: at(DAY, '18:30') })).json().code, 'session-closed')
  t.equal(
    (await api.post(`/api/v1/attendance/${fixed.id}/corrections`, { status: 'present', at: at(DAY, '16:55'), reason: '再改' })).json().code,
    'session-closed',
    'after closing only the committee corrects',
  )

  // A late correction by the committee: a new row pointing at the original, audited.
  const checkIn = (await expectOk(200, ta.as(w.tokens.chair).get(`/api/v1/plans/${planId}/sessions/${DAY}/roster`))).students.find(
    (s: { enrollmentId: string }) => s.enrollmentId === hong,
  ).checkIn
  t.equal(
    (await ta.as(w.tokens.auditor).post(`/api/v1/attendance/${checkIn.id}/corrections`, { status: 'absent', at: at(DAY, '16:32'), reason: '核对' })).statusCode,
    403,
    'the auditor checks, never writes',
  )
  const late = await expectOk(
    201,
    ta.as(w.tokens.chair).post(`/api/v1/attendance/${checkIn.id}/corrections`, { status: 'present', at: at(DAY, '16:40'), reason: '监控核实到校时间为16:40' }),
  )
  t.equal(late.correctsId, checkIn.id)
  const kept = await ta.db.selectFrom('attendance_records').selectAll().where('id', '=', checkIn.id).executeTakeFirstOrThrow()
  t.equal(kept.at.toISOString(), new Date(at(DAY, '16:32')).toISOString(), 'the original row is unchanged')
  const audit = await ta.db.selectFrom('audit_events').select(['action', 'data']).where('action', '=', 'attendance.corrected').execute()
  t.equal(audit.length, 2)
  await t.rejects(ta.db.updateTable('attendance_records').set({ status: 'absent' }).where('id', '=', checkIn.id).execute(), /append-only/, 'the database refuses edits')
  await t.rejects(ta.db.deleteFrom('attendance_records').where('id', '=', checkIn.id).execute(), /append-only/)

  // Another committee learns nothing about our records: the same 404 as for an id that does not exist.
  const other = await seedWorld(ta, 'cor-x')
  const nobody = randomUUID()
  const ackAs = (id: string) => ta.as(other.tokens.chair).post(`/api/v1/incidents/${id}/acknowledge`, { note: '已联系家长' })
  sameNotFound(t, await ackAs(closed.incident.id), closed.incident.id, await ackAs(nobody), nobody, "another committee's chair acknowledging our incident")
  const correctAs = (id: string) => ta.as(other.tokens.chair).post(`/api/v1/attendance/${id}/corrections`, { status: 'present', at: at(DAY, '16:40'), reason: '核对' })
  sameNotFound(t, await correctAs(checkIn.id), checkIn.id, await correctAs(nobody), nobody, "another committee's chair correcting our attendance")
  t.notMatch((await ackAs(closed.incident.id)).body, w.committeeId, 'the committee id is not revealed')
  t.notMatch((await correctAs(checkIn.id)).body, planId, 'nor the plan id')

  // The chair acknowledges the incident, once.
  t.equal((await ta.as(w.tokens.member).post(`/api/v1/incidents/${closed.incident.id}/acknowledge`, { note: '已联系家长' })).statusCode, 403)
  const open = await expectOk(200, ta.as(w.tokens.chair).get(`/api/v1/committees/${w.committeeId}/incidents?open=true`))
  t.same(
    open.items.map((i: { id: string }) => i.id),
    [closed.incident.id],
  )
  const ack = await expectOk(200, ta.as(w.tokens.chair).post(`/api/v1/incidents/${closed.incident.id}/acknowledge`, { note: '18:20 外婆接走，已提醒值班老师签退' }))
  t.equal(ack.acknowledgement.by, w.userIds.chair)
  t.equal((await ta.as(w.tokens.chair).post(`/api/v1/incidents/${closed.incident.id}/acknowledge`, { note: '再次' })).json().code, 'incident-already-acknowledged')
  t.same((await expectOk(200, ta.as(w.tokens.chair).get(`/api/v1/committees/${w.committeeId}/incidents?open=true`))).items, [])

  // A day on which care was held cannot be closed afterwards.
  const closure = await ta.as(w.tokens.reviewer).post(`/api/v1/schools/${w.schoolId}/closures`, { date: DAY, reason: '补记停课' })
  t.equal(closure.statusCode, 409)
  t.equal(closure.json().code, 'care-already-held')
})

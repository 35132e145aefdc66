import { randomUUID } from 'node:crypto'
import t from 'tap'
import { build, seedWorld } from '../helpers/app.js'
import { insertApprovedPlan, insertEnrollment } from '../helpers/enrollment-fixtures.js'
import { addParent } from '../plans/helpers.js'
import { hire } from '../staff/helpers.js'
import { at, createStaffUser, expectOk, sameNotFound, signIn } from './helpers.js'

const DAY = '2025-10-09'

// Issue 14 item 10: a corrected record stays readable. The original and every correction, with
// who made each and when, for the committee and the school; the same for staff duty records,
// and a session's full log.
t.test('an attendance record and its corrections stay readable, in order, with who and when', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta, 'his')
  const planId = await insertApprovedPlan(ta.db, { committeeId: w.committeeId, termId: w.termId, createdBy: w.userIds.chair! })
  const ming = await insertEnrollment(ta.db, { planId, guardianUserId: w.userIds.parent1!, student: { name: '王小明', className: '三年级（2）班' }, startsOn: '2025-09-01' })
  const staff = await createStaffUser(ta, w, 'his-staff', '周老师')
  await hire(ta, w, staff, planId)
  await signIn(ta, w, staff, planId, DAY)
  const api = ta.as(staff.token)
  const original = await expectOk(201, api.post(`/api/v1/plans/${planId}/sessions/${DAY}/attendance`, { enrollmentId: ming, status: 'absent', at: at(DAY, '16:31') }))
  const first = await expectOk(201, api.post(`/api/v1/attendance/${original.id}/corrections`, { status: 'present', at: at(DAY, '16:50'), reason: '迟到，16:50 到校' }))
  ta.clock.advance({ days: 2 })
  const second = await expectOk(
    201,
    ta.as(w.tokens.chair).post(`/api/v1/attendance/${first.id}/corrections`, { status: 'present', at: at(DAY, '16:45'), reason: '监控核实到校时间为16:45' }),
  )

  for (const id of [original.id, first.id, second.id]) {
    const history = await expectOk(200, ta.as(w.tokens.auditor).get(`/api/v1/attendance/${id}/history`))
    t.match(history, { enrollmentId: ming, planId, date: DAY, kind: 'check_in' }, `asked by record ${id === original.id ? 'original' : 'correction'}`)
    t.same(
      history.records.map((r: { id: string }) => r.id),
      [original.id, first.id, second.id],
      'the original first, then every correction in order',
    )
  }
  const { records } = await expectOk(200, ta.as(w.tokens.chair).get(`/api/v1/attendance/${second.id}/history`))
  t.match(records[0], {
    status: 'absent',
    at: new Date(at(DAY, '16:31')).toISOString(),
    recordedBy: staff.userId,
    recordedByName: '周老师',
    correctsId: null,
    reason: null,
    effective: false,
  })
  t.match(records[1], { status: 'present', recordedBy: staff.userId, correctsId: original.id, reason: '迟到，16:50 到校', effective: false })
  t.match(records[2], { status: 'present', recordedBy: w.userIds.chair, recordedByName: 'chair his', correctsId: first.id, reason: '监控核实到校时间为16:45', effective: true })
  t.ok(new Date(records[2].createdAt) > new Date(records[1].createdAt), 'each with when it was recorded')

  // The committee and the school read it; nobody else learns it exists.
  for (const who of ['reviewer', 'member', 'treasurer'] as const) t.equal((await ta.as(w.tokens[who]).get(`/api/v1/attendance/${original.id}/history`)).statusCode, 200, who)
  const nobody = randomUUID()
  const read = (token: string, id: string) => ta.as(token).get(`/api/v1/attendance/${id}/history`)
  const other = await seedWorld(ta, 'his-x')
  sameNotFound(t, await read(other.tokens.chair, original.id), original.id, await read(other.tokens.chair, nobody), nobody, "another committee's chair")
  sameNotFound(t, await read(w.tokens.parent2, original.id), original.id, await read(w.tokens.parent2, nobody), nobody, 'another family of the class')
  const stranger = await addParent(ta, w, 'his-parent9')
  t.equal((await read(stranger.token, original.id)).statusCode, 404)
})

t.test('a staff duty record and its corrections stay readable; a session log lists everything', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta, 'dh')
  const planId = await insertApprovedPlan(ta.db, { committeeId: w.committeeId, termId: w.termId, createdBy: w.userIds.chair! })
  const ming = await insertEnrollment(ta.db, { planId, guardianUserId: w.userIds.parent1!, student: { name: '王小明', className: '三年级（2）班' }, startsOn: '2025-09-01' })
  const staff = await createStaffUser(ta, w, 'dh-staff', '吴老师')
  await hire(ta, w, staff, planId)
  const chair = ta.as(w.tokens.chair)
  const duty = `/api/v1/plans/${planId}/sessions/${DAY}/staff-duty`
  const signedIn = await expectOk(201, chair.post(duty, { staffId: staff.staffId, event: 'sign_in', at: at(DAY, '16:20') }))
  const checkIn = await expectOk(
    201,
    ta.as(staff.token).post(`/api/v1/plans/${planId}/sessions/${DAY}/attendance`, { enrollmentId: ming, status: 'present', at: at(DAY, '16:31') }),
  )
  const signedOut = await expectOk(201, chair.post(duty, { staffId: staff.staffId, event: 'sign_out', at: at(DAY, '18:10') }))
  const fixed = await expectOk(201, chair.post(`/api/v1/staff-duty/${signedOut.id}/corrections`, { at: at(DAY, '18:40'), reason: '家长会延长，实际 18:40 签退' }))
  const again = await expectOk(201, chair.post(`/api/v1/staff-duty/${fixed.id}/corrections`, { at: at(DAY, '18:35'), reason: '按签到表核对为 18:35' }))

  const history = await expectOk(200, ta.as(w.tokens.reviewer).get(`/api/v1/staff-duty/${signedOut.id}/history`))
  t.match(history, { staffId: staff.staffId, planId, date: DAY, event: 'sign_out' })
  t.same(
    history.records.map((r: { id: string; at: string; effective: boolean }) => [r.id, r.at, r.effective]),
    [
      [signedOut.id, new Date(at(DAY, '18:10')).toISOString(), false],
      [fixed.id, new Date(at(DAY, '18:40')).toISOString(), false],
      [again.id, new Date(at(DAY, '18:35')).toISOString(), true],
    ],
  )
  t.match(history.records[1], { recordedBy: w.userIds.chair, recordedByName: 'chair dh', correctsId: signedOut.id, reason: '家长会延长，实际 18:40 签退' })
  t.same((await expectOk(200, chair.get(`/api/v1/staff-duty/${again.id}/history`))).records.length, 3, 'asked by the latest, the same chain')
  // Their own record (they signed it): a wrong hat, not a record unknown to them.
  t.equal((await ta.as(staff.token).get(`/api/v1/staff-duty/${signedOut.id}/history`)).statusCode, 403, 'staff do not read the correction history of their pay records')
  const nobody = randomUUID()
  const other = await seedWorld(ta, 'dh-x')
  const read = (id: string) => ta.as(other.tokens.chair).get(`/api/v1/staff-duty/${id}/history`)
  sameNotFound(t, await read(signedOut.id), signedOut.id, await read(nobody), nobody, "another committee's chair")

  // The session's log: every record of the day, superseded ones included, in the order written.
  const log = await expectOk(200, ta.as(w.tokens.auditor).get(`/api/v1/plans/${planId}/sessions/${DAY}/log`))
  t.same(
    log.attendance.map((r: { id: string }) => r.id),
    [checkIn.id],
  )
  t.same(
    log.staffDuty.map((r: { id: string; supersededBy: string | null }) => [r.id, r.supersededBy]),
    [
      [signedIn.id, null],
      [signedOut.id, fixed.id],
      [fixed.id, again.id],
      [again.id, null],
    ],
  )
  t.match(log.staffDuty[0], { staffId: staff.staffId, event: 'sign_in', recordedByName: 'chair dh' })
  t.equal((await ta.as(w.tokens.parent1).get(`/api/v1/plans/${planId}/sessions/${DAY}/log`)).statusCode, 404, 'a parent does not read the session log')
})

import type { FastifyInstance } from 'fastify'
import type { Db } from '../../db/index.js'
import { ctxOf } from '../../http/auth.js'
import { PageQuery, pageOf } from '../../http/pagination.js'
import { defineRoutes } from '../../http/route.js'
import { CommitteeParams } from '../schools/schemas.js'
import { acknowledgeIncident, closeSession, listIncidents } from './close-session.js'
import { correctStaffDuty, recordStaffDuty } from './duty.js'
import { getAttendanceHistory, getSessionLog, getStaffDutyHistory } from './history.js'
import { reportLeave } from './leave.js'
import { correctAttendance, recordAttendance } from './record-attendance.js'
import { getRoster } from './roster.js'
import {
  AcknowledgeBody,
  AttendanceHistoryOut,
  AttendanceOut,
  AttendanceParams,
  CloseSessionOut,
  CorrectAttendanceBody,
  CorrectDutyBody,
  DutyBody,
  DutyHistoryOut,
  DutyOut,
  DutyRecordParams,
  EnrollmentParams,
  IncidentOut,
  IncidentParams,
  IncidentsQuery,
  LeaveBody,
  LeaveOut,
  RecordAttendanceBody,
  RosterOut,
  SessionLogOut,
  SessionParams,
} from './schemas.js'

export async function attendanceRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts
  const route = defineRoutes(app, 'attendance')
  const session = '/plans/:planId/sessions/:date'

  route({
    method: 'GET',
    url: `${session}/roster`,
    operationId: 'getRoster',
    summary: "The day's roster of a plan",
    description:
      "The staff signed in for the session, the committee's officers and the school: the children in care that day, their pickup arrangements, special needs and the day's records. Anyone else gets 404.",
    params: SessionParams,
    reply: { schema: RosterOut },
    errors: [403, 404, 409, 422],
    handler: (req) => getRoster(db, ctxOf(req), req.params.planId, req.params.date),
  })
  route({
    method: 'POST',
    url: `${session}/attendance`,
    operationId: 'recordAttendance',
    summary: 'Check a child in (present, absent, leave) or out to an authorised pickup person',
    description: 'The staff on duty, while signed in. A check-out names who collected the child; only a person the guardian authorised, or the child alone with written consent.',
    params: SessionParams,
    body: RecordAttendanceBody,
    reply: { status: 201, schema: AttendanceOut },
    errors: [403, 404, 409, 422],
    handler: (req) => recordAttendance(db, ctxOf(req), req.params.planId, req.params.date, req.body),
  })
  route({
    method: 'POST',
    url: '/attendance/:attendanceId/corrections',
    operationId: 'correctAttendance',
    summary: 'Correct an attendance record with a reason; the original is kept',
    description: 'The committee (chair, treasurer, member), or the staff on duty while the session is open.',
    params: AttendanceParams,
    body: CorrectAttendanceBody,
    reply: { status: 201, schema: AttendanceOut },
    errors: [403, 404, 409, 422],
    handler: (req) => correctAttendance(db, ctxOf(req), req.params.attendanceId, req.body),
  })
  route({
    method: 'GET',
    url: '/attendance/:attendanceId/history',
    operationId: 'getAttendanceHistory',
    summary: 'An attendance record with the original and every correction',
    description:
      'The committee (its auditor included) and the school. Given any record of a correction chain, the whole chain: the original first, then each correction with its reason, who recorded it and when; the last is in force. Anyone else gets 404.',
    params: AttendanceParams,
    reply: { schema: AttendanceHistoryOut },
    errors: [404],
    handler: (req) => getAttendanceHistory(db, ctxOf(req), req.params.attendanceId),
  })
  route({
    method: 'GET',
    url: '/staff-duty/:dutyRecordId/history',
    operationId: 'getStaffDutyHistory',
    summary: 'A sign-in or sign-out with the original and every correction',
    description: 'The committee and the school: what pay is computed from, and every change made to it, with who made it and when. Anyone else gets 404.',
    params: DutyRecordParams,
    reply: { schema: DutyHistoryOut },
    errors: [404],
    handler: (req) => getStaffDutyHistory(db, ctxOf(req), req.params.dutyRecordId),
  })
  route({
    method: 'GET',
    url: `${session}/log`,
    operationId: 'getSessionLog',
    summary: 'Every record of a session as written, corrections and what they replaced',
    description:
      "The committee and the school: the day's attendance and staff duty records in the order written, each naming the correction that superseded it. Anyone else gets 404.",
    params: SessionParams,
    reply: { schema: SessionLogOut },
    errors: [404],
    handler: (req) => getSessionLog(db, ctxOf(req), req.params.planId, req.params.date),
  })
  route({
    method: 'POST',
    url: '/enrollments/:enrollmentId/leave',
    operationId: 'reportLeave',
    summary: "Report leave (请假) for coming days of one's own child",
    description: "The child's guardian only; the committee knows the child but leave is the family's word.",
    params: EnrollmentParams,
    body: LeaveBody,
    reply: { status: 201, schema: LeaveOut },
    errors: [403, 404, 409, 422],
    handler: (req) => reportLeave(db, ctxOf(req), req.params.enrollmentId, req.body),
  })
  route({
    method: 'POST',
    url: `${session}/close`,
    operationId: 'closeSession',
    summary: 'Close the day',
    description: 'The staff on duty or the chair. Children still checked in become an incident the chair must acknowledge.',
    params: SessionParams,
    reply: { schema: CloseSessionOut },
    errors: [403, 404, 409, 422],
    handler: (req) => closeSession(db, ctxOf(req), req.params.planId, req.params.date),
  })
  route({
    method: 'POST',
    url: `${session}/staff-duty`,
    operationId: 'recordStaffDuty',
    summary: 'Sign a staff member in or out of the session',
    description: 'The staff member, at the time it happens; or the chair for them, at any time, audited.',
    params: SessionParams,
    body: DutyBody,
    reply: { status: 201, schema: DutyOut },
    errors: [403, 404, 409, 422],
    handler: (req) => recordStaffDuty(db, ctxOf(req), req.params.planId, req.params.date, req.body),
  })
  route({
    method: 'POST',
    url: '/staff-duty/:dutyRecordId/corrections',
    operationId: 'correctStaffDuty',
    summary: 'Correct a sign-in or sign-out time with a reason; the original is kept',
    description: 'The chair.',
    params: DutyRecordParams,
    body: CorrectDutyBody,
    reply: { status: 201, schema: DutyOut },
    errors: [403, 404, 409, 422],
    handler: (req) => correctStaffDuty(db, ctxOf(req), req.params.dutyRecordId, req.body),
  })
  route({
    method: 'POST',
    url: '/incidents/:incidentId/acknowledge',
    operationId: 'acknowledgeIncident',
    summary: 'Acknowledge an incident of a closed session, saying what was done',
    description: 'The chair.',
    params: IncidentParams,
    body: AcknowledgeBody,
    reply: { schema: IncidentOut },
    errors: [403, 404, 409],
    handler: (req) => acknowledgeIncident(db, ctxOf(req), req.params.incidentId, req.body.note),
  })
  route({
    method: 'GET',
    url: '/committees/:committeeId/incidents',
    operationId: 'listIncidents',
    summary: "The committee's session incidents, oldest first",
    description: 'Committee officers and the school.',
    params: CommitteeParams,
    querystring: PageQuery.extend(IncidentsQuery.shape),
    reply: { schema: pageOf(IncidentOut) },
    errors: [403, 404],
    handler: (req) => listIncidents(db, ctxOf(req), req.params.committeeId, req.query),
  })
}

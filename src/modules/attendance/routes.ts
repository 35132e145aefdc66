import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Db } from '../../db/index.js'
import { ctxOf } from '../../http/auth.js'
import { PageQuery, pageOf } from '../../http/pagination.js'
import { bearer, problems } from '../../http/responses.js'
import { CommitteeParams } from '../schools/schemas.js'
import { acknowledgeIncident, closeSession, listIncidents } from './close-session.js'
import { correctStaffDuty, recordStaffDuty } from './duty.js'
import { reportLeave } from './leave.js'
import { correctAttendance, recordAttendance } from './record-attendance.js'
import { getRoster } from './roster.js'
import {
  AcknowledgeBody,
  AttendanceOut,
  AttendanceParams,
  CloseSessionOut,
  CorrectAttendanceBody,
  CorrectDutyBody,
  DutyBody,
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
  SessionParams,
} from './schemas.js'

export async function attendanceRoutes(app: FastifyInstance, opts: { db: Db }) {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const { db } = opts
  const tags = ['attendance']
  const session = '/plans/:planId/sessions/:date'

  r.get(`${session}/roster`, {
    schema: { operationId: 'getRoster', tags, summary: "The day's roster of a plan: children in care, pickup arrangements, special needs and the day's records (staff on duty, committee, school)", security: bearer, params: SessionParams, response: { 200: RosterOut, ...problems(403, 404, 409, 422) } },
    handler: (req) => getRoster(db, ctxOf(req), req.params.planId, req.params.date),
  })
  r.post(`${session}/attendance`, {
    schema: { operationId: 'recordAttendance', tags, summary: 'Check a child in (present/absent/leave) or out to an authorised pickup person (staff on duty)', security: bearer, params: SessionParams, body: RecordAttendanceBody, response: { 201: AttendanceOut, ...problems(403, 404, 409, 422) } },
    handler: async (req, reply) => reply.code(201).send(await recordAttendance(db, ctxOf(req), req.params.planId, req.params.date, req.body)),
  })
  r.post('/attendance/:attendanceId/corrections', {
    schema: { operationId: 'correctAttendance', tags, summary: 'Correct an attendance record with a reason; the original is kept (committee, or the staff on duty while the session is open)', security: bearer, params: AttendanceParams, body: CorrectAttendanceBody, response: { 201: AttendanceOut, ...problems(403, 404, 409, 422) } },
    handler: async (req, reply) => reply.code(201).send(await correctAttendance(db, ctxOf(req), req.params.attendanceId, req.body)),
  })
  r.post('/enrollments/:enrollmentId/leave', {
    schema: { operationId: 'reportLeave', tags, summary: "Report leave (请假) for coming days of one's own child (guardian)", security: bearer, params: EnrollmentParams, body: LeaveBody, response: { 201: LeaveOut, ...problems(403, 404, 409, 422) } },
    handler: async (req, reply) => reply.code(201).send(await reportLeave(db, ctxOf(req), req.params.enrollmentId, req.body)),
  })
  r.post(`${session}/close`, {
    schema: { operationId: 'closeSession', tags, summary: 'Close the day; children still checked in become an incident for the chair (staff on duty, chair)', security: bearer, params: SessionParams, response: { 200: CloseSessionOut, ...problems(403, 404, 409, 422) } },
    handler: (req) => closeSession(db, ctxOf(req), req.params.planId, req.params.date),
  })
  r.post(`${session}/staff-duty`, {
    schema: { operationId: 'recordStaffDuty', tags, summary: 'Sign a staff member in or out of the session (the staff member, or the chair)', security: bearer, params: SessionParams, body: DutyBody, response: { 201: DutyOut, ...problems(403, 404, 409, 422) } },
    handler: async (req, reply) => reply.code(201).send(await recordStaffDuty(db, ctxOf(req), req.params.planId, req.params.date, req.body)),
  })
  r.post('/staff-duty/:dutyRecordId/corrections', {
    schema: { operationId: 'correctStaffDuty', tags, summary: 'Correct a sign-in or sign-out time with a reason; the original is kept (chair)', security: bearer, params: DutyRecordParams, body: CorrectDutyBody, response: { 201: DutyOut, ...problems(403, 404, 409, 422) } },
    handler: async (req, reply) => reply.code(201).send(await correctStaffDuty(db, ctxOf(req), req.params.dutyRecordId, req.body)),
  })
  r.post('/incidents/:incidentId/acknowledge', {
    schema: { operationId: 'acknowledgeIncident', tags, summary: 'Acknowledge an incident of a closed session, saying what was done (chair)', security: bearer, params: IncidentParams, body: AcknowledgeBody, response: { 200: IncidentOut, ...problems(403, 404, 409) } },
    handler: (req) => acknowledgeIncident(db, ctxOf(req), req.params.incidentId, req.body.note),
  })
  r.get('/committees/:committeeId/incidents', {
    schema: { operationId: 'listIncidents', tags, summary: "The committee's session incidents, oldest first", security: bearer, params: CommitteeParams, querystring: PageQuery.extend(IncidentsQuery.shape), response: { 200: pageOf(IncidentOut), ...problems(403, 404) } },
    handler: (req) => listIncidents(db, ctxOf(req), req.params.committeeId, req.query),
  })
}

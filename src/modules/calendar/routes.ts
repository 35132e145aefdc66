import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Db } from '../../db/index.js'
import { ctxOf } from '../../http/auth.js'
import { PageQuery, pageOf } from '../../http/pagination.js'
import { bearer, problems } from '../../http/responses.js'
import { SchoolParams } from '../schools/schemas.js'
import { CalendarYearBody, CalendarYearOut, CalendarYearsOut, ClosuresQuery, MonthQuery, PlanCalendarOut, PlanParams, SchoolDayBody, SchoolDayOut } from './schemas.js'
import * as schoolCalendar from './school-calendar.js'
import { getPlanCalendar } from './service.js'

export async function calendarRoutes(app: FastifyInstance, opts: { db: Db }) {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const { db } = opts
  const tags = ['calendar']

  r.get('/plans/:planId/calendar', {
    schema: { operationId: 'getPlanCalendar', tags, summary: 'Each day of a month: service day or not, and why', security: bearer, params: PlanParams, querystring: MonthQuery, response: { 200: PlanCalendarOut, ...problems(403, 404, 409, 422) } },
    handler: (req) => getPlanCalendar(db, ctxOf(req), req.params.planId, req.query.month),
  })
  r.post('/schools/:schoolId/closures', {
    schema: { operationId: 'createSchoolClosure', tags, summary: 'Close a working day (or open a day off) for every plan of the school, with a reason (reviewer)', security: bearer, params: SchoolParams, body: SchoolDayBody, response: { 201: SchoolDayOut, ...problems(403, 404, 409, 422) } },
    handler: async (req, reply) => reply.code(201).send(await schoolCalendar.createSchoolClosure(db, ctxOf(req), req.params.schoolId, req.body)),
  })
  r.get('/schools/:schoolId/closures', {
    schema: { operationId: 'listSchoolClosures', tags, summary: "The school's closures and openings", security: bearer, params: SchoolParams, querystring: PageQuery.extend(ClosuresQuery.shape), response: { 200: pageOf(SchoolDayOut), ...problems(403, 404) } },
    handler: (req) => schoolCalendar.listSchoolClosures(db, ctxOf(req), req.params.schoolId, req.query),
  })
  r.post('/schools/:schoolId/calendar-years', {
    schema: { operationId: 'confirmCalendarYear', tags, summary: "Confirm the holidays and 调休 days of a year the built-in calendar does not cover (reviewer)", security: bearer, params: SchoolParams, body: CalendarYearBody, response: { 201: CalendarYearOut, ...problems(403, 404, 409, 422) } },
    handler: async (req, reply) => reply.code(201).send(await schoolCalendar.confirmCalendarYear(db, ctxOf(req), req.params.schoolId, req.body)),
  })
  r.get('/schools/:schoolId/calendar-years', {
    schema: { operationId: 'listCalendarYears', tags, summary: 'Years with a built-in holiday calendar, and those the school confirmed', security: bearer, params: SchoolParams, response: { 200: CalendarYearsOut, ...problems(403, 404) } },
    handler: (req) => schoolCalendar.listCalendarYears(db, ctxOf(req), req.params.schoolId),
  })
}

import type { FastifyInstance } from 'fastify'
import type { Db } from '../../db/index.js'
import { ctxOf } from '../../http/auth.js'
import { PageQuery, pageOf } from '../../http/pagination.js'
import { defineRoutes } from '../../http/route.js'
import { SchoolParams } from '../schools/schemas.js'
import { CalendarYearBody, CalendarYearOut, CalendarYearsOut, ClosuresQuery, MonthQuery, PlanCalendarOut, PlanParams, SchoolDayBody, SchoolDayOut } from './schemas.js'
import * as schoolCalendar from './school-calendar.js'
import { getPlanCalendar } from './service.js'

export async function calendarRoutes(app: FastifyInstance, opts: { db: Db; hooks: schoolCalendar.CalendarHooks }) {
  const { db, hooks } = opts
  const route = defineRoutes(app, 'calendar')

  route({
    method: 'GET',
    url: '/plans/:planId/calendar',
    operationId: 'getPlanCalendar',
    summary: 'Each day of a month: service day or not, and why',
    description: "The committee, the school and the plan's parents. What fees, leave credits and subsidies are counted from (rule 7a).",
    params: PlanParams,
    querystring: MonthQuery,
    reply: { schema: PlanCalendarOut },
    errors: [403, 404, 409, 422],
    handler: (req) => getPlanCalendar(db, ctxOf(req), req.params.planId, req.query.month),
  })
  route({
    method: 'POST',
    url: '/schools/:schoolId/closures',
    operationId: 'createSchoolClosure',
    summary: 'Close a working day (or open a day off) for every plan of the school',
    description: 'A reviewer of the school, with a reason. A day on which care was already held cannot be closed.',
    params: SchoolParams,
    body: SchoolDayBody,
    reply: { status: 201, schema: SchoolDayOut },
    errors: [403, 404, 409, 422],
    handler: (req) => schoolCalendar.createSchoolClosure(db, ctxOf(req), req.params.schoolId, req.body, hooks),
  })
  route({
    method: 'GET',
    url: '/schools/:schoolId/closures',
    operationId: 'listSchoolClosures',
    summary: "The school's closures and openings",
    description: 'The school and everyone in its committees.',
    params: SchoolParams,
    querystring: PageQuery.extend(ClosuresQuery.shape),
    reply: { schema: pageOf(SchoolDayOut) },
    errors: [403, 404],
    handler: (req) => schoolCalendar.listSchoolClosures(db, ctxOf(req), req.params.schoolId, req.query),
  })
  route({
    method: 'POST',
    url: '/schools/:schoolId/calendar-years',
    operationId: 'confirmCalendarYear',
    summary: 'Confirm the holidays and 调休 days of a year the built-in calendar does not cover',
    description: 'A reviewer of the school, from the State Council notice. Until then no service day of that year is counted.',
    params: SchoolParams,
    body: CalendarYearBody,
    reply: { status: 201, schema: CalendarYearOut },
    errors: [403, 404, 409, 422],
    handler: (req) => schoolCalendar.confirmCalendarYear(db, ctxOf(req), req.params.schoolId, req.body),
  })
  route({
    method: 'GET',
    url: '/schools/:schoolId/calendar-years',
    operationId: 'listCalendarYears',
    summary: 'Years with a built-in holiday calendar, and those the school confirmed',
    description: 'The school and everyone in its committees.',
    params: SchoolParams,
    reply: { schema: CalendarYearsOut },
    errors: [403, 404],
    handler: (req) => schoolCalendar.listCalendarYears(db, ctxOf(req), req.params.schoolId),
  })
}

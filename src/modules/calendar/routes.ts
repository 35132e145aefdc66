import type { FastifyInstance } from 'fastify'
import type { Db } from '../../db/index.js'
import { ctxOf } from '../../http/auth.js'
import { PageQuery, pageOf } from '../../http/pagination.js'
import { defineRoutes } from '../../http/route.js'
import { SchoolParams } from '../schools/schemas.js'
import * as calendarYears from './calendar-years.js'
import {
  CalendarYearBody,
  CalendarYearCorrectionBody,
  CalendarYearHistoryOut,
  CalendarYearOut,
  CalendarYearsOut,
  ClosuresQuery,
  MonthQuery,
  PlanCalendarOut,
  PlanParams,
  SchoolDayBody,
  SchoolDayOut,
  YearParams,
} from './schemas.js'
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
    description:
      'A reviewer of the school, from the State Council notice, once per year. Until then no service day of that year is counted. Checked for sense: every date in the year and listed once, make-up workdays on weekends, 元旦 and 春节 (around the lunar new year) present, a plausible number of days. A mistake is corrected afterwards (correctCalendarYear).',
    params: SchoolParams,
    body: CalendarYearBody,
    reply: { status: 201, schema: CalendarYearOut },
    errors: [403, 404, 409, 422],
    handler: (req) => calendarYears.confirmCalendarYear(db, ctxOf(req), req.params.schoolId, req.body),
  })
  route({
    method: 'POST',
    url: '/schools/:schoolId/calendar-years/:year/corrections',
    operationId: 'correctCalendarYear',
    summary: 'Correct a confirmed year with a reason; every earlier version is kept',
    description:
      'A reviewer of the school. The corrected holidays and make-up workdays supersede the version in force for every plan of the school, with the same checks as a confirmation; a day on which care was already held cannot become a day off.',
    params: YearParams,
    body: CalendarYearCorrectionBody,
    reply: { status: 201, schema: CalendarYearOut },
    errors: [403, 404, 409, 422],
    handler: (req) => calendarYears.correctCalendarYear(db, ctxOf(req), req.params.schoolId, req.params.year, req.body, hooks),
  })
  route({
    method: 'GET',
    url: '/schools/:schoolId/calendar-years/:year',
    operationId: 'getCalendarYear',
    summary: 'A confirmed year: the version in force and every version before it',
    description: 'The school and everyone in its committees: the first confirmation and each correction, with who made it, when and why.',
    params: YearParams,
    reply: { schema: CalendarYearHistoryOut },
    errors: [403, 404],
    handler: (req) => calendarYears.getCalendarYear(db, ctxOf(req), req.params.schoolId, req.params.year),
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
    handler: (req) => calendarYears.listCalendarYears(db, ctxOf(req), req.params.schoolId),
  })
}

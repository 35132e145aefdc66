// The school's own inputs to every plan's calendar: closures and openings of single days (停课 /
// 开放托管); the holiday calendar of a year chinese-days does not cover is in calendar-years.ts.
// Both change what families pay, so both are decided by a reviewer of the school, with a reason,
// and audited.
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import { Conflict, RuleViolation } from '../../errors.js'
import { type PageQuery, paginate } from '../../http/pagination.js'
import { recordAudit } from '../audit/service.js'
import { authorizeSchool, getSchool } from '../schools/service.js'
import { translateCalendarErrors } from './errors.js'
import { yearOf } from './iso-date.js'
import { nationalDay, type YearCalendarOverride } from './national-calendar.js'
import * as repo from './repository.js'

export interface SchoolDayInput {
  date: string
  kind: 'closure' | 'open'
  reason: string
}

/**
 * What the calendar asks of the modules above it. Attendance sits above the calendar, so the app
 * hands its answer in rather than the calendar importing it: care held on a day is evidence, and
 * families were charged for it, so that day can no longer be closed.
 */
export interface CalendarHooks {
  careHeldOn(trx: Trx, schoolId: string, date: string): Promise<boolean>
}
const overrideOut = (o: { id: string; school_id: string; date: string; kind: 'closure' | 'open'; reason: string; created_by: string; created_at: Date }) => ({
  id: o.id,
  schoolId: o.school_id,
  date: o.date,
  kind: o.kind,
  reason: o.reason,
  createdBy: o.created_by,
  createdAt: o.created_at,
})

/**
 * Close a school working day, or open a day off, for every plan of the school. Only a day that
 * is a working day can be closed and only a day off opened, so each decision changes something.
 */
export async function createSchoolClosure(db: Db, ctx: Ctx, schoolId: string, input: SchoolDayInput, hooks: CalendarHooks) {
  authorizeSchool(ctx, schoolId, ['admin', 'reviewer'], 'close or open a school day')
  await getSchool(db, ctx, schoolId)
  return db.transaction().execute(async (trx) => {
    const years = await repo.confirmedYears(trx, schoolId, yearOf(input.date), yearOf(input.date))
    const overrides: YearCalendarOverride[] = years.map((y) => ({ year: y.year, confirmed: true, holidays: y.holidays, makeupWorkdays: y.makeup_workdays }))
    const national = translateCalendarErrors(schoolId, () => nationalDay(input.date, overrides))
    const working = national.kind === 'workday' || national.kind === 'makeup-workday'
    if (input.kind === 'closure' && !working) {
      throw new RuleViolation('not-a-school-day', `${input.date} is no school day anyway (${national.name ?? national.kind}); there is nothing to close`, [
        { path: 'body.date', message: 'not a working day' },
      ])
    }
    if (input.kind === 'open' && working) {
      throw new RuleViolation('already-a-school-day', `${input.date} is a working day already; care runs on it without an opening`, [
        { path: 'body.date', message: 'already a working day' },
      ])
    }
    const existing = await repo.overrideOn(trx, schoolId, input.date)
    if (existing) throw new Conflict('school-day-already-decided', `${input.date} already has a ${existing.kind} decision: ${existing.reason}`)
    if (input.kind === 'closure') {
      // Care that was held stays held: its attendance is evidence, and families were charged for it.
      if (await hooks.careHeldOn(trx, schoolId, input.date))
        throw new Conflict('care-already-held', `Attendance is already recorded on ${input.date}; a day on which care was held cannot be closed`)
    }
    const row = await repo.insertOverride(trx, { schoolId, date: input.date, kind: input.kind, reason: input.reason, createdBy: ctx.actor.userId }, ctx.now)
    await recordAudit(trx, ctx, { action: `school-day.${input.kind}`, entityType: 'school', entityId: schoolId, data: { date: input.date, reason: input.reason } })
    return overrideOut(row)
  })
}

export async function listSchoolClosures(db: Db, ctx: Ctx, schoolId: string, query: PageQuery & { from?: string; to?: string }) {
  authorizeSchool(ctx, schoolId, ['admin', 'reviewer', 'community'], 'see its closures')
  const page = await paginate(repo.overridesQuery(db, schoolId, query), query, { createdAt: 'created_at', id: 'id' })
  return { items: page.items.map(overrideOut), nextCursor: page.nextCursor }
}

// The holiday calendar of a year chinese-days does not cover, as the school's reviewer states it
// from the State Council notice. The first confirmation is kept as it was; a mistake is corrected
// by a new version with a reason, and the latest version is the one every plan counts with.
// Both are checked for sense first (year-checks.ts), and a correction may not take away a day on
// which care was already held.
import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import { Conflict, NotFound, RuleViolation } from '../../errors.js'
import { recordAudit } from '../audit/service.js'
import { authorizeSchool, getSchool } from '../schools/service.js'
import { translateCalendarErrors } from './errors.js'
import { fromDayNumber, toDayNumber } from './iso-date.js'
import { classifyNational, coveredYears, isPackageYear, type YearTable, yearTable } from './national-calendar.js'
import * as repo from './repository.js'
import type { CalendarHooks } from './school-calendar.js'
import { type YearStatement, yearStatementIssues } from './year-checks.js'

export interface CalendarYearInput extends YearStatement {
  source?: string | undefined
}

export interface CalendarYearCorrectionInput {
  holidays: YearStatement['holidays']
  makeupWorkdays: YearStatement['makeupWorkdays']
  reason: string
  source?: string | undefined
}

const yearOut = (y: repo.ConfirmedYearRow) => ({
  schoolId: y.school_id,
  year: y.year,
  version: Number(y.version),
  holidays: y.holidays,
  makeupWorkdays: y.makeup_workdays,
  source: y.source,
  reason: y.reason,
  confirmedBy: y.confirmed_by,
  confirmedAt: y.confirmed_at,
  correctedBy: y.corrected_by,
  correctedAt: y.corrected_at,
})

/** A statement of a year that is a calendar (the pure core's checks) and plausible (year-checks.ts); its table. */
function checkedTable(schoolId: string, s: YearStatement): YearTable {
  const table = translateCalendarErrors(schoolId, () => yearTable(s.year, [{ ...s, confirmed: true }]))
  const issues = yearStatementIssues(s)
  if (issues.length > 0) {
    throw new RuleViolation('calendar-year-implausible', `This does not look like ${s.year}'s holiday calendar: ${issues.map((i) => i.message).join('; ')}`, issues)
  }
  return table
}

function notTheSchoolsYear(year: number, path: string): RuleViolation {
  return new RuleViolation('calendar-year-covered', `The official calendar of ${year} is already built in; the school neither confirms nor corrects it`, [
    { path, message: 'already covered' },
  ])
}

/** A reviewer states a year's holidays and 调休 days from the State Council notice; a mistake is corrected afterwards. */
export async function confirmCalendarYear(db: Db, ctx: Ctx, schoolId: string, input: CalendarYearInput) {
  authorizeSchool(ctx, schoolId, ['admin', 'reviewer'], "confirm a year's holidays")
  await getSchool(db, ctx, schoolId)
  if (isPackageYear(input.year)) throw notTheSchoolsYear(input.year, 'body.year')
  checkedTable(schoolId, input)
  return db.transaction().execute(async (trx) => {
    const [existing] = await repo.confirmedYears(trx, schoolId, input.year, input.year)
    if (existing) {
      throw new Conflict(
        'calendar-year-already-confirmed',
        `${input.year} was already confirmed for this school; correct it with a reason (POST /api/v1/schools/${schoolId}/calendar-years/${input.year}/corrections)`,
      )
    }
    const source = input.source ?? null
    await repo.insertYear(trx, { schoolId, year: input.year, holidays: input.holidays, makeupWorkdays: input.makeupWorkdays, source, confirmedBy: ctx.actor.userId }, ctx.now)
    await recordAudit(trx, ctx, { action: 'calendar-year.confirmed', entityType: 'school', entityId: schoolId, data: { ...input } })
    const [row] = await repo.confirmedYears(trx, schoolId, input.year, input.year)
    return yearOut(row!)
  })
}

/** The dates of a year on which care could run before and cannot after: a holiday where a working day was. */
function daysTakenAway(year: number, before: YearTable, after: YearTable): string[] {
  const working = (table: YearTable, date: string, day: number) => {
    const kind = classifyNational(date, day, table).kind
    return kind === 'workday' || kind === 'makeup-workday'
  }
  const taken: string[] = []
  for (let day = toDayNumber(`${year}-01-01`); day <= toDayNumber(`${year}-12-31`); day++) {
    const date = fromDayNumber(day)
    if (working(before, date, day) && !working(after, date, day)) taken.push(date)
  }
  return taken
}

/**
 * Supersedes the version in force of a confirmed year with a corrected one and its reason. Every
 * earlier version is kept (the table is append-only) and listed by getCalendarYear. Days on which
 * care was held stay working days: their attendance is evidence and families were charged.
 */
export async function correctCalendarYear(db: Db, ctx: Ctx, schoolId: string, year: number, input: CalendarYearCorrectionInput, hooks: CalendarHooks) {
  authorizeSchool(ctx, schoolId, ['admin', 'reviewer'], "correct a year's holidays")
  await getSchool(db, ctx, schoolId)
  if (isPackageYear(year)) throw notTheSchoolsYear(year, 'params.year')
  const notConfirmed = () =>
    new RuleViolation('calendar-year-not-confirmed', `${year} has not been confirmed for this school; confirm it first (POST /api/v1/schools/${schoolId}/calendar-years)`, [
      { path: 'params.year', message: 'not confirmed' },
    ])
  if ((await repo.confirmedYears(db, schoolId, year, year)).length === 0) throw notConfirmed()
  const statement = { year, holidays: input.holidays, makeupWorkdays: input.makeupWorkdays }
  const after = checkedTable(schoolId, statement)
  return db.transaction().execute(async (trx) => {
    if (!(await repo.lockYear(trx, schoolId, year))) throw notConfirmed()
    const [current] = await repo.confirmedYears(trx, schoolId, year, year)
    const before = yearTable(year, [{ year, confirmed: true, holidays: current!.holidays, makeupWorkdays: current!.makeup_workdays }])
    const same = (a: YearTable, b: YearTable) => a.size === b.size && [...a].every(([d, v]) => b.get(d)?.kind === v.kind && b.get(d)?.name === v.name)
    if (same(before, after)) throw new Conflict('calendar-year-unchanged', `This is what version ${current!.version} of ${year} already says; there is nothing to correct`)
    for (const date of daysTakenAway(year, before, after)) {
      if (await hooks.careHeldOn(trx, schoolId, date)) {
        throw new Conflict('care-already-held', `Attendance is already recorded on ${date}; a correction cannot make a day on which care was held a day off`)
      }
    }
    const version = Number(current!.version) + 1
    await repo.insertCorrection(
      trx,
      {
        schoolId,
        year,
        version,
        holidays: input.holidays,
        makeupWorkdays: input.makeupWorkdays,
        reason: input.reason,
        source: input.source ?? null,
        correctedBy: ctx.actor.userId,
      },
      ctx.now,
    )
    await recordAudit(trx, ctx, {
      action: 'calendar-year.corrected',
      entityType: 'school',
      entityId: schoolId,
      data: { year, version, reason: input.reason, before: { holidays: current!.holidays, makeupWorkdays: current!.makeup_workdays }, after: statement },
    })
    const [row] = await repo.confirmedYears(trx, schoolId, year, year)
    return yearOut(row!)
  })
}

export async function listCalendarYears(db: Db, ctx: Ctx, schoolId: string) {
  authorizeSchool(ctx, schoolId, ['admin', 'reviewer', 'community'], 'see its holiday calendars')
  const rows = await repo.confirmedYears(db, schoolId, 0, 9999)
  return { builtInYears: coveredYears(), confirmed: rows.map(yearOut) }
}

/** A confirmed year: the version in force, and every version from the first confirmation on, with who, when and why. */
export async function getCalendarYear(db: Db, ctx: Ctx, schoolId: string, year: number) {
  authorizeSchool(ctx, schoolId, ['admin', 'reviewer', 'community'], 'see its holiday calendars')
  const [inForce] = await repo.confirmedYears(db, schoolId, year, year)
  if (!inForce) throw new NotFound('calendar year', `${year} has not been confirmed for this school`)
  const original = (await repo.firstConfirmation(db, schoolId, year))!
  const corrections = await repo.correctionsOf(db, schoolId, year)
  return {
    schoolId,
    year,
    inForce: yearOut(inForce),
    versions: [
      {
        version: 1,
        holidays: original.holidays,
        makeupWorkdays: original.makeup_workdays,
        source: original.source,
        reason: null,
        by: original.confirmed_by,
        at: original.confirmed_at,
      },
      ...corrections.map((c) => ({
        version: c.version,
        holidays: c.holidays,
        makeupWorkdays: c.makeup_workdays,
        source: c.source,
        reason: c.reason,
        by: c.corrected_by,
        at: c.corrected_at,
      })),
    ],
  }
}

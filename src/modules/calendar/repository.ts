// The SQL of the school's own calendar inputs: closures and openings, and confirmed holiday years.
import type { Db, Trx } from '../../db/index.js'

export const overridesBetween = (db: Db | Trx, schoolId: string, from: string, to: string) =>
  db.selectFrom('school_day_overrides').select(['date', 'kind', 'reason']).where('school_id', '=', schoolId).where('date', '>=', from).where('date', '<=', to).execute()

export const overrideOn = (trx: Trx, schoolId: string, date: string) =>
  trx.selectFrom('school_day_overrides').select(['kind', 'reason']).where('school_id', '=', schoolId).where('date', '=', date).executeTakeFirst()

export const insertOverride = (trx: Trx, o: { schoolId: string; date: string; kind: 'closure' | 'open'; reason: string; createdBy: string }, now: Date) =>
  trx
    .insertInto('school_day_overrides')
    .values({ school_id: o.schoolId, date: o.date, kind: o.kind, reason: o.reason, created_by: o.createdBy, created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow()

export const overridesQuery = (db: Db, schoolId: string, range: { from?: string | undefined; to?: string | undefined }) => {
  let q = db.selectFrom('school_day_overrides').selectAll().where('school_id', '=', schoolId)
  if (range.from) q = q.where('date', '>=', range.from)
  if (range.to) q = q.where('date', '<=', range.to)
  return q
}

/**
 * The confirmed years of a school, each as the version in force: the latest correction if there
 * is one, else the first confirmation.
 */
export const confirmedYears = (db: Db | Trx, schoolId: string, from: number, to: number) =>
  db
    .selectFrom('calendar_years as y')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('calendar_year_corrections as c')
          .selectAll('c')
          .whereRef('c.school_id', '=', 'y.school_id')
          .whereRef('c.year', '=', 'y.year')
          .orderBy('c.version', 'desc')
          .limit(1)
          .as('c'),
      (join) => join.onTrue(),
    )
    .select((eb) => [
      'y.school_id',
      'y.year',
      eb.fn.coalesce('c.holidays', 'y.holidays').as('holidays'),
      eb.fn.coalesce('c.makeup_workdays', 'y.makeup_workdays').as('makeup_workdays'),
      eb.fn.coalesce('c.source', 'y.source').as('source'),
      'y.confirmed_by',
      'y.confirmed_at',
      eb.fn.coalesce('c.version', eb.lit(1)).as('version'),
      'c.reason',
      'c.corrected_by',
      'c.corrected_at',
    ])
    .where('y.school_id', '=', schoolId)
    .where('y.year', '>=', from)
    .where('y.year', '<=', to)
    .orderBy('y.year')
    .execute()
export type ConfirmedYearRow = Awaited<ReturnType<typeof confirmedYears>>[number]

/** The first confirmation of a year, locked: corrections of one year are numbered one at a time. */
export const lockYear = (trx: Trx, schoolId: string, year: number) =>
  trx.selectFrom('calendar_years').selectAll().where('school_id', '=', schoolId).where('year', '=', year).forUpdate().executeTakeFirst()

export const firstConfirmation = (db: Db | Trx, schoolId: string, year: number) =>
  db.selectFrom('calendar_years').selectAll().where('school_id', '=', schoolId).where('year', '=', year).executeTakeFirst()

export const correctionsOf = (db: Db | Trx, schoolId: string, year: number) =>
  db.selectFrom('calendar_year_corrections').selectAll().where('school_id', '=', schoolId).where('year', '=', year).orderBy('version').execute()

export const insertCorrection = (
  trx: Trx,
  c: { schoolId: string; year: number; version: number; holidays: unknown; makeupWorkdays: unknown; reason: string; source: string | null; correctedBy: string },
  now: Date,
) =>
  trx
    .insertInto('calendar_year_corrections')
    .values({
      school_id: c.schoolId,
      year: c.year,
      version: c.version,
      holidays: JSON.stringify(c.holidays),
      makeup_workdays: JSON.stringify(c.makeupWorkdays),
      reason: c.reason,
      source: c.source,
      corrected_by: c.correctedBy,
      corrected_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()

export const insertYear = (trx: Trx, y: { schoolId: string; year: number; holidays: unknown; makeupWorkdays: unknown; source: string | null; confirmedBy: string }, now: Date) =>
  trx
    .insertInto('calendar_years')
    .values({
      school_id: y.schoolId,
      year: y.year,
      holidays: JSON.stringify(y.holidays),
      makeup_workdays: JSON.stringify(y.makeupWorkdays),
      source: y.source,
      confirmed_by: y.confirmedBy,
      confirmed_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()

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

export const confirmedYears = (db: Db | Trx, schoolId: string, from: number, to: number) =>
  db.selectFrom('calendar_years').selectAll().where('school_id', '=', schoolId).where('year', '>=', from).where('year', '<=', to).orderBy('year').execute()

export const insertYear = (trx: Trx, y: { schoolId: string; year: number; holidays: unknown; makeupWorkdays: unknown; confirmedBy: string }, now: Date) =>
  trx
    .insertInto('calendar_years')
    .values({
      school_id: y.schoolId,
      year: y.year,
      holidays: JSON.stringify(y.holidays),
      makeup_workdays: JSON.stringify(y.makeupWorkdays),
      confirmed_by: y.confirmedBy,
      confirmed_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()

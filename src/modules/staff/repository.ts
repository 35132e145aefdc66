// The SQL of the committee's care staff.
import type { Selectable } from 'kysely'
import type { Db, Trx } from '../../db/index.js'
import type { StaffKind, StaffTable } from '../../db/schema.js'

export type StaffRow = Selectable<StaffTable>

export const staffByUser = (db: Db | Trx, committeeId: string, userId: string) =>
  db.selectFrom('staff').selectAll().where('committee_id', '=', committeeId).where('user_id', '=', userId).executeTakeFirst()

export const staffById = (db: Db | Trx, committeeId: string, staffId: string) =>
  db.selectFrom('staff').selectAll().where('committee_id', '=', committeeId).where('id', '=', staffId).executeTakeFirst()

export const lockStaffRow = (trx: Trx, committeeId: string, staffId: string) =>
  trx.selectFrom('staff').select('id').where('committee_id', '=', committeeId).where('id', '=', staffId).forUpdate().executeTakeFirst()

export const insertStaff = (
  trx: Trx,
  s: {
    committeeId: string
    userId: string | null
    name: string
    kind: StaffKind
    phone: string
    certificateNo: string
    issuedOn: string
    qualifications: string[]
    createdBy: string
  },
  now: Date,
) =>
  trx
    .insertInto('staff')
    .values({
      committee_id: s.committeeId,
      user_id: s.userId,
      name: s.name,
      kind: s.kind,
      phone: s.phone,
      background_certificate_no: s.certificateNo,
      background_issued_on: s.issuedOn,
      qualifications: JSON.stringify(s.qualifications),
      created_by: s.createdBy,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()

export const staffQuery = (db: Db, committeeId: string) => db.selectFrom('staff').selectAll().where('committee_id', '=', committeeId)

export const namesOf = (db: Db | Trx, ids: string[]) => (ids.length === 0 ? Promise.resolve([]) : db.selectFrom('staff').select(['id', 'name']).where('id', 'in', ids).execute())

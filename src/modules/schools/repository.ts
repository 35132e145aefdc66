// The SQL of schools, their reviewers, committees with their members and parents, and terms.
// Other modules reach these tables only through the functions of service.ts.
import { type Selectable, sql } from 'kysely'
import type { Db, Trx } from '../../db/index.js'
import type { Committee, CommitteeLevel, CommitteeRole, TermsTable } from '../../db/schema.js'
import { NotFound } from '../../errors.js'

export type TermRow = Selectable<TermsTable>

export const findSchool = (db: Db | Trx, schoolId: string) => db.selectFrom('schools').selectAll().where('id', '=', schoolId).executeTakeFirst()

export const insertSchool = (trx: Trx, s: { name: string; phone: string | null; complaintPhone: string | null }, now: Date) =>
  trx.insertInto('schools').values({ name: s.name, phone: s.phone, complaint_phone: s.complaintPhone, created_at: now }).returningAll().executeTakeFirstOrThrow()

export const updateSchoolPhones = (trx: Trx, schoolId: string, p: { phone?: string | null | undefined; complaintPhone?: string | null | undefined }) =>
  trx
    .updateTable('schools')
    .set({ ...(p.phone === undefined ? {} : { phone: p.phone }), ...(p.complaintPhone === undefined ? {} : { complaint_phone: p.complaintPhone }) })
    .where('id', '=', schoolId)
    .returningAll()
    .executeTakeFirstOrThrow()

export const updateCommitteePhone = (trx: Trx, committeeId: string, phone: string | null) =>
  trx.updateTable('committees').set({ phone }).where('id', '=', committeeId).returningAll().executeTakeFirstOrThrow()

/** The users holding a role in a committee, earliest appointed first. */
export const officersWithRole = (db: Db | Trx, committeeId: string, role: CommitteeRole) =>
  db
    .selectFrom('committee_members')
    .select(['user_id', 'created_at'])
    .where('committee_id', '=', committeeId)
    .where('role', '=', role)
    .orderBy('created_at')
    .orderBy('user_id')
    .execute()

export const schoolsQuery = (db: Db, visible: string[] | 'all') => {
  const q = db.selectFrom('schools').select(['id', 'name', 'phone', 'complaint_phone', 'created_at'])
  return visible === 'all' ? q : q.where('id', 'in', visible)
}

export const countSchools = async (db: Db) => Number((await db.selectFrom('schools').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)

/** A user id that names nobody violates the foreign key: that is the 404 of the user, not a 500. */
async function toUser<T>(userId: string, insert: Promise<T>): Promise<T> {
  try {
    return await insert
  } catch (error) {
    if ((error as { code?: string }).code === '23503') throw new NotFound('user', `User ${userId} not found`)
    throw error
  }
}

export const insertReviewer = (trx: Trx, schoolId: string, userId: string, now: Date) =>
  toUser(
    userId,
    trx
      .insertInto('school_reviewers')
      .values({ school_id: schoolId, user_id: userId, created_at: now })
      .onConflict((oc) => oc.doNothing())
      .execute(),
  )

export const insertFinanceOfficer = (trx: Trx, schoolId: string, userId: string, now: Date) =>
  toUser(
    userId,
    trx
      .insertInto('school_finance_officers')
      .values({ school_id: schoolId, user_id: userId, created_at: now })
      .onConflict((oc) => oc.doNothing())
      .execute(),
  )

export const findCommittee = (db: Db | Trx, committeeId: string) => db.selectFrom('committees').selectAll().where('id', '=', committeeId).executeTakeFirst()

export const findCommitteeBySlug = (db: Db | Trx, slug: string) => db.selectFrom('committees').selectAll().where('slug', '=', slug).executeTakeFirst()

export const findCommitteeByInvite = (db: Db | Trx, inviteCode: string) => db.selectFrom('committees').selectAll().where('invite_code', '=', inviteCode).executeTakeFirst()

export interface NewCommittee {
  schoolId: string
  name: string
  slug: string
  level: CommitteeLevel
  grade: number | null
  className: string | null
  inviteCode: string
  phone: string | null
}

export const insertCommittee = (trx: Trx, c: NewCommittee, now: Date): Promise<Committee> =>
  trx
    .insertInto('committees')
    .values({
      school_id: c.schoolId,
      name: c.name,
      slug: c.slug,
      level: c.level,
      grade: c.grade,
      class_name: c.className,
      invite_code: c.inviteCode,
      phone: c.phone,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()

export const committeesQuery = (db: Db, schoolId: string, only?: string[]) => {
  const q = db.selectFrom('committees').selectAll().where('school_id', '=', schoolId)
  return only ? q.where('id', 'in', only.length > 0 ? only : ['00000000-0000-0000-0000-000000000000']) : q
}

export const insertMember = (trx: Trx, committeeId: string, userId: string, role: CommitteeRole, now: Date) =>
  toUser(
    userId,
    trx
      .insertInto('committee_members')
      .values({ committee_id: committeeId, user_id: userId, role, created_at: now })
      .onConflict((oc) => oc.doNothing())
      .execute(),
  )

/** Whether a user belongs to the committee already: one of its parents, or one of its officers. */
export const belongsToCommittee = async (db: Db | Trx, committeeId: string, userId: string) => {
  const parent = await db.selectFrom('committee_parents').select('user_id').where('committee_id', '=', committeeId).where('user_id', '=', userId).executeTakeFirst()
  if (parent) return true
  return (await db.selectFrom('committee_members').select('user_id').where('committee_id', '=', committeeId).where('user_id', '=', userId).executeTakeFirst()) !== undefined
}

export const insertParent = (trx: Trx, committeeId: string, userId: string, now: Date) =>
  toUser(
    userId,
    trx
      .insertInto('committee_parents')
      .values({ committee_id: committeeId, user_id: userId, created_at: now })
      .onConflict((oc) => oc.doNothing())
      .execute(),
  )

export const findTermByName = (trx: Trx, schoolId: string, name: string) =>
  trx.selectFrom('terms').select('id').where('school_id', '=', schoolId).where('name', '=', name).executeTakeFirst()

export const insertTerm = (trx: Trx, t: { schoolId: string; name: string; startsOn: string; endsOn: string }, now: Date) =>
  trx.insertInto('terms').values({ school_id: t.schoolId, name: t.name, starts_on: t.startsOn, ends_on: t.endsOn, created_at: now }).returningAll().executeTakeFirstOrThrow()

export const termsQuery = (db: Db, schoolId: string) => db.selectFrom('terms').selectAll().where('school_id', '=', schoolId)

export const findTerm = (db: Db | Trx, termId: string) => db.selectFrom('terms').selectAll().where('id', '=', termId).executeTakeFirst()

export const findTerms = (db: Db | Trx, termIds: string[]) => (termIds.length === 0 ? Promise.resolve([]) : db.selectFrom('terms').selectAll().where('id', 'in', termIds).execute())

export const publicCommitteeBySlug = (db: Db, slug: string) =>
  db
    .selectFrom('committees as c')
    .innerJoin('schools as s', 's.id', 'c.school_id')
    .select(['c.id', 'c.name', 'c.slug', 'c.level', 'c.grade', 'c.class_name', 's.name as school_name'])
    .where('c.slug', '=', slug)
    .executeTakeFirst()

/** Every school a user reviews and every committee hat they wear, in one round trip (it runs on every request). */
export async function rolesOfUser(db: Db, userId: string) {
  type Row = { reviews: string[]; finance: string[]; hats: { c: string; s: string; r: CommitteeRole | 'parent' }[] }
  const { rows } = await sql<Row>`
    SELECT
      coalesce((SELECT json_agg(r.school_id) FROM school_reviewers r WHERE r.user_id = ${userId}), '[]') AS reviews,
      coalesce((SELECT json_agg(f.school_id) FROM school_finance_officers f WHERE f.user_id = ${userId}), '[]') AS finance,
      coalesce((
        SELECT json_agg(json_build_object('c', h.committee_id, 's', c.school_id, 'r', h.role))
        FROM (
          SELECT committee_id, role FROM committee_members WHERE user_id = ${userId}
          UNION ALL
          SELECT committee_id, 'parent' FROM committee_parents WHERE user_id = ${userId}
        ) h JOIN committees c ON c.id = h.committee_id
      ), '[]') AS hats`.execute(db)
  const row = rows[0] ?? { reviews: [], finance: [], hats: [] }
  return { reviewerOf: row.reviews, financeOf: row.finance, hats: row.hats.map((h) => ({ committeeId: h.c, schoolId: h.s, role: h.r })) }
}

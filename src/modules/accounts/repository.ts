// The SQL of users and their sessions.
import type { Db, Trx } from '../../db/index.js'

export const findUserByLogin = (db: Db | Trx, login: string) => db.selectFrom('users').selectAll().where('login', '=', login).executeTakeFirst()

export const findUser = (db: Db | Trx, userId: string) => db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst()

export const insertUser = (trx: Trx, u: { login: string; name: string; phone: string | null; passwordHash: string; isAdmin: boolean }, now: Date) =>
  trx
    .insertInto('users')
    .values({ login: u.login, name: u.name, phone: u.phone, password_hash: u.passwordHash, is_admin: u.isAdmin, created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow()

export const makeAdmin = (trx: Trx, userId: string) => trx.updateTable('users').set({ is_admin: true }).where('id', '=', userId).execute()

export async function insertSession(trx: Trx, s: { tokenHash: string; userId: string; expiresAt: Date }, now: Date) {
  await trx.insertInto('sessions').values({ token_hash: s.tokenHash, user_id: s.userId, expires_at: s.expiresAt, created_at: now }).execute()
  // Expired sessions of this user are swept here rather than by a timer, so no instance holds state.
  await trx.deleteFrom('sessions').where('user_id', '=', s.userId).where('expires_at', '<', now).execute()
}

export const deleteSession = (db: Db, tokenHash: string) => db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute()

/** The user of a live session: the first half of every authenticated request. */
export const userOfSession = (db: Db, tokenHash: string, now: Date) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.login', 'u.name', 'u.is_admin'])
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', now)
    .executeTakeFirst()

export const namesOfUsers = (db: Db | Trx, ids: string[]) =>
  ids.length === 0 ? Promise.resolve([]) : db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute()

import type { Db, Trx } from '../../db/index.js'
import { sql } from 'kysely'
import type { CommitteeRole, User } from '../../db/schema.js'
import type { AnonymousCtx, CommitteeAccess, Ctx, Principal } from '../../context.js'
import { Conflict, Forbidden, NotFound, RuleViolation, Unauthorized } from '../../errors.js'
import { recordAudit } from '../audit/service.js'
import { joinCommitteeAsParent } from '../schools/service.js'
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords.js'
import type { CreateUserInput, UserOut } from './schemas.js'
import { hashToken, newToken } from './tokens.js'

export function toUserOut(u: User): UserOut {
  return { id: u.id, login: u.login, name: u.name, phone: u.phone, isAdmin: u.is_admin, createdAt: u.created_at }
}

async function insertUser(trx: Trx, input: { login: string; password: string; name: string; phone?: string | null; isAdmin?: boolean }) {
  const taken = await trx.selectFrom('users').select('id').where('login', '=', input.login).executeTakeFirst()
  if (taken) throw new Conflict('login-taken', `The login "${input.login}" is already taken`)
  return trx
    .insertInto('users')
    .values({ login: input.login, name: input.name, phone: input.phone ?? null, password_hash: await hashPassword(input.password), is_admin: input.isAdmin ?? false })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** An admin creates any account; anybody else only registers as a parent with a committee's invite code. */
export async function createUser(db: Db, ctx: Ctx | AnonymousCtx, input: CreateUserInput): Promise<UserOut> {
  if (!input.inviteCode && !ctx.actor) throw new Unauthorized('Sign in as an admin, or register with your committee\'s invite code')
  if (!input.inviteCode && !ctx.actor?.isAdmin) throw new Forbidden('Only a platform admin creates accounts without an invite code')
  return db.transaction().execute(async (trx) => {
    const user = await insertUser(trx, input)
    if (input.inviteCode) await joinCommitteeAsParent(trx, input.inviteCode, user.id)
    await recordAudit(trx, ctx, { action: 'user.created', entityType: 'user', entityId: user.id, data: { login: user.login, viaInvite: Boolean(input.inviteCode) } }, user.id)
    return toUserOut(user)
  })
}

export async function login(db: Db, input: { login: string; password: string }, ttlMs: number, now = new Date()) {
  const user = await db.selectFrom('users').selectAll().where('login', '=', input.login).executeTakeFirst()
  if (!user) {
    await burnPasswordCheck(input.password)
    throw new Unauthorized('Wrong login or password')
  }
  if (!(await verifyPassword(user.password_hash, input.password))) throw new Unauthorized('Wrong login or password')
  const { token, hash } = newToken()
  const expiresAt = new Date(now.getTime() + ttlMs)
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('sessions').values({ token_hash: hash, user_id: user.id, expires_at: expiresAt }).execute()
    // Expired sessions of this user are swept here rather than by a timer, so no instance holds state.
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).where('expires_at', '<', now).execute()
  })
  return { token, expiresAt, user: toUserOut(user) }
}

export async function logout(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute()
}

/**
 * Every authenticated request starts here, so it is one round trip: the session's user with
 * every role they hold, aggregated by PostgreSQL.
 */
export async function resolveToken(db: Db, token: string, now = new Date()): Promise<Principal | null> {
  type Row = {
    id: string
    login: string
    name: string
    is_admin: boolean
    reviews: string[]
    hats: { c: string; s: string; r: CommitteeRole | 'parent' }[]
  }
  const { rows } = await sql<Row>`
    SELECT u.id, u.login, u.name, u.is_admin,
      coalesce((SELECT json_agg(r.school_id) FROM school_reviewers r WHERE r.user_id = u.id), '[]') AS reviews,
      coalesce((
        SELECT json_agg(json_build_object('c', h.committee_id, 's', c.school_id, 'r', h.role))
        FROM (
          SELECT committee_id, role FROM committee_members WHERE user_id = u.id
          UNION ALL
          SELECT committee_id, 'parent' FROM committee_parents WHERE user_id = u.id
        ) h JOIN committees c ON c.id = h.committee_id
      ), '[]') AS hats
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.token_hash = ${hashToken(token)} AND s.expires_at > ${now}`.execute(db)
  const user = rows[0]
  if (!user) return null
  const committees = new Map<string, CommitteeAccess>()
  for (const h of user.hats) {
    const entry = committees.get(h.c) ?? { schoolId: h.s, roles: new Set() }
    entry.roles.add(h.r)
    committees.set(h.c, entry)
  }
  return { userId: user.id, login: user.login, name: user.name, isAdmin: user.is_admin, reviewerOf: new Set(user.reviews), committees }
}

export async function getMe(db: Db, ctx: Ctx) {
  const user = await db.selectFrom('users').selectAll().where('id', '=', ctx.actor.userId).executeTakeFirstOrThrow()
  const a = ctx.actor
  const roles = [
    ...(a.isAdmin ? [{ kind: 'admin' as const }] : []),
    ...[...a.reviewerOf].map((schoolId) => ({ kind: 'reviewer' as const, schoolId })),
    ...[...a.committees].flatMap(([committeeId, c]) => [...c.roles].map((role) => ({ kind: 'committee' as const, committeeId, schoolId: c.schoolId, role }))),
  ]
  return { user: toUserOut(user), roles }
}

/** Other modules check that a user they are given exists (a reviewer to add, a member, a staff login). */
export async function requireUser(trx: Trx, userId: string): Promise<User> {
  const user = await trx.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst()
  if (!user) throw new NotFound('user', `User ${userId} not found`)
  return user
}

/**
 * Container bootstrap (ADMIN_LOGIN/ADMIN_PASSWORD) and `cli create-admin`: make sure a platform
 * admin with this login exists. An existing account keeps its password; `strict` refuses it instead.
 */
export async function ensureAdmin(db: Db, input: { login: string; password: string; name?: string }, opts: { strict?: boolean } = {}) {
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('users').selectAll().where('login', '=', input.login).executeTakeFirst()
    if (existing) {
      if (opts.strict) throw new Conflict('login-taken', `The login "${input.login}" already exists`)
      if (!existing.is_admin) await trx.updateTable('users').set({ is_admin: true }).where('id', '=', existing.id).execute()
      return { created: false, user: toUserOut({ ...existing, is_admin: true }) }
    }
    if (input.password.length < 10) throw new RuleViolation('weak-password', 'The admin password must be at least 10 characters')
    const user = await insertUser(trx, { ...input, name: input.name ?? '平台管理员', isAdmin: true })
    await recordAudit(trx, { actor: null, requestId: 'bootstrap' }, { action: 'user.admin-ensured', entityType: 'user', entityId: user.id }, user.id)
    return { created: true, user: toUserOut(user) }
  })
}

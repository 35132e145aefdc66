import type { AnonymousCtx, CommitteeAccess, Ctx, Principal } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import type { User } from '../../db/schema.js'
import { Conflict, Forbidden, NotFound, RuleViolation, Unauthorized } from '../../errors.js'
import { recordAudit } from '../audit/service.js'
import { committeeOfInvite, joinCommitteeAsParent, rolesOfUser } from '../schools/service.js'
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords.js'
import * as repo from './repository.js'
import type { CreateUserInput, UserOut } from './schemas.js'
import { hashToken, newToken } from './tokens.js'

export function toUserOut(u: User): UserOut {
  return { id: u.id, login: u.login, name: u.name, phone: u.phone, isAdmin: u.is_admin, createdAt: u.created_at }
}

async function insertUser(trx: Trx, input: { login: string; password: string; name: string; phone?: string | null; isAdmin?: boolean }, now: Date) {
  if (await repo.findUserByLogin(trx, input.login)) throw new Conflict('login-taken', `The login "${input.login}" is already taken`)
  const passwordHash = await hashPassword(input.password)
  return repo.insertUser(trx, { login: input.login, name: input.name, phone: input.phone ?? null, passwordHash, isAdmin: input.isAdmin ?? false }, now)
}

/** An admin creates any account; anybody else only registers as a parent with a committee's invite code. */
export async function createUser(db: Db, ctx: Ctx | AnonymousCtx, input: CreateUserInput): Promise<UserOut> {
  if (!input.inviteCode && !ctx.actor) throw new Unauthorized("Sign in as an admin, or register with your committee's invite code")
  if (!input.inviteCode && !ctx.actor?.isAdmin) throw new Forbidden('Only a platform admin creates accounts without an invite code')
  return db.transaction().execute(async (trx) => {
    // The code first: with an unknown code, a taken login and a free one get the same answer.
    if (input.inviteCode) await committeeOfInvite(trx, input.inviteCode)
    const user = await insertUser(trx, input, ctx.now)
    if (input.inviteCode) await joinCommitteeAsParent(trx, input.inviteCode, user.id, ctx.now)
    await recordAudit(trx, ctx, { action: 'user.created', entityType: 'user', entityId: user.id, data: { login: user.login, viaInvite: Boolean(input.inviteCode) } }, user.id)
    return toUserOut(user)
  })
}

export async function login(db: Db, input: { login: string; password: string }, ttlMs: number, now: Date) {
  const user = await repo.findUserByLogin(db, input.login)
  if (!user) {
    await burnPasswordCheck(input.password)
    throw new Unauthorized('Wrong login or password')
  }
  if (!(await verifyPassword(user.password_hash, input.password))) throw new Unauthorized('Wrong login or password')
  const { token, hash } = newToken()
  const expiresAt = new Date(now.getTime() + ttlMs)
  await db.transaction().execute((trx) => repo.insertSession(trx, { tokenHash: hash, userId: user.id, expiresAt }, now))
  return { token, expiresAt, user: toUserOut(user) }
}

export async function logout(db: Db, token: string): Promise<void> {
  await repo.deleteSession(db, hashToken(token))
}

/**
 * Every authenticated request starts here: the session's user, then every role they hold (the
 * schools module aggregates those in one query), two round trips in all.
 */
export async function resolveToken(db: Db, token: string, now: Date): Promise<Principal | null> {
  const user = await repo.userOfSession(db, hashToken(token), now)
  if (!user) return null
  const roles = await rolesOfUser(db, user.id)
  const committees = new Map<string, CommitteeAccess>()
  for (const h of roles.hats) {
    const entry = committees.get(h.committeeId) ?? { schoolId: h.schoolId, roles: new Set() }
    entry.roles.add(h.role)
    committees.set(h.committeeId, entry)
  }
  return { userId: user.id, login: user.login, name: user.name, isAdmin: user.is_admin, reviewerOf: new Set(roles.reviewerOf), financeOf: new Set(roles.financeOf), committees }
}

export async function getMe(db: Db, ctx: Ctx) {
  const user = await requireUser(db, ctx.actor.userId)
  const a = ctx.actor
  const roles = [
    ...(a.isAdmin ? [{ kind: 'admin' as const }] : []),
    ...[...a.reviewerOf].map((schoolId) => ({ kind: 'reviewer' as const, schoolId })),
    ...[...a.financeOf].map((schoolId) => ({ kind: 'school-finance' as const, schoolId })),
    ...[...a.committees].flatMap(([committeeId, c]) => [...c.roles].map((role) => ({ kind: 'committee' as const, committeeId, schoolId: c.schoolId, role }))),
  ]
  return { user: toUserOut(user), roles }
}

/** Other modules check that a user they are given exists (a staff member's login). */
export async function requireUser(db: Db | Trx, userId: string): Promise<User> {
  const user = await repo.findUser(db, userId)
  if (!user) throw new NotFound('user', `User ${userId} not found`)
  return user
}

/** Users' display names by id, for records that say who did something (a correction's author). */
export async function userNames(db: Db | Trx, userIds: string[]): Promise<Map<string, string>> {
  return new Map((await repo.namesOfUsers(db, [...new Set(userIds)])).map((u) => [u.id, u.name]))
}

/**
 * Container bootstrap (ADMIN_LOGIN/ADMIN_PASSWORD) and `cli create-admin`: make sure a platform
 * admin with this login exists. An existing account keeps its password; `strict` refuses it instead.
 */
export async function ensureAdmin(db: Db, input: { login: string; password: string; name?: string | undefined }, now: Date, opts: { strict?: boolean } = {}) {
  return db.transaction().execute(async (trx) => {
    const existing = await repo.findUserByLogin(trx, input.login)
    if (existing) {
      if (opts.strict) throw new Conflict('login-taken', `The login "${input.login}" already exists`)
      if (!existing.is_admin) await repo.makeAdmin(trx, existing.id)
      return { created: false, user: toUserOut({ ...existing, is_admin: true }) }
    }
    if (input.password.length < 10) throw new RuleViolation('weak-password', 'The admin password must be at least 10 characters')
    const user = await insertUser(trx, { ...input, name: input.name ?? '平台管理员', isAdmin: true }, now)
    await recordAudit(trx, { actor: null, requestId: 'bootstrap', now }, { action: 'user.admin-ensured', entityType: 'user', entityId: user.id }, user.id)
    return { created: true, user: toUserOut(user) }
  })
}

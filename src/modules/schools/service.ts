import { randomBytes } from 'node:crypto'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import type { Committee, CommitteeRole } from '../../db/schema.js'
import { Conflict, Forbidden, NotFound, RuleViolation } from '../../errors.js'
import { type PageQuery, paginate } from '../../http/pagination.js'
import { requireUser } from '../accounts/service.js'
import { recordAudit } from '../audit/service.js'
import { authorizeCommittee, authorizeSchool, COMMITTEE_OFFICERS, type Hat, OVERSIGHT } from './access.js'
import type { CreateCommitteeInput, CreateTermInput } from './schemas.js'

const schoolOut = (s: { id: string; name: string; created_at: Date }) => ({ id: s.id, name: s.name, createdAt: s.created_at })

export function committeeOut(c: Committee, hats?: Set<Hat>) {
  const insider = hats ? [...OVERSIGHT, ...COMMITTEE_OFFICERS].some((h) => hats.has(h)) : false
  return {
    id: c.id,
    schoolId: c.school_id,
    name: c.name,
    slug: c.slug,
    level: c.level,
    grade: c.grade,
    className: c.class_name,
    inviteCode: insider ? c.invite_code : undefined,
    createdAt: c.created_at,
  }
}

const termOut = (t: { id: string; school_id: string; name: string; starts_on: string; ends_on: string; created_at: Date }) => ({
  id: t.id,
  schoolId: t.school_id,
  name: t.name,
  startsOn: t.starts_on,
  endsOn: t.ends_on,
  createdAt: t.created_at,
})

async function requireSchool(trx: Db | Trx, schoolId: string) {
  const school = await trx.selectFrom('schools').selectAll().where('id', '=', schoolId).executeTakeFirst()
  if (!school) throw new NotFound('school', `School ${schoolId} not found`)
  return school
}

export async function createSchool(db: Db, ctx: Ctx, input: { name: string }) {
  if (!ctx.actor.isAdmin) throw new Forbidden('Only a platform admin creates schools')
  return db.transaction().execute(async (trx) => {
    const school = await trx.insertInto('schools').values({ name: input.name }).returningAll().executeTakeFirstOrThrow()
    await recordAudit(trx, ctx, { action: 'school.created', entityType: 'school', entityId: school.id, data: { name: school.name } })
    return schoolOut(school)
  })
}

export async function getSchool(db: Db, ctx: Ctx, schoolId: string) {
  authorizeSchool(ctx.actor, schoolId, ['admin', 'reviewer', 'community'], 'see this school')
  return schoolOut(await requireSchool(db, schoolId))
}

export async function listSchools(db: Db, ctx: Ctx, page: PageQuery) {
  let q = db.selectFrom('schools').select(['id', 'name', 'created_at'])
  if (!ctx.actor.isAdmin) {
    const visible = [...ctx.actor.reviewerOf, ...[...ctx.actor.committees.values()].map((c) => c.schoolId)]
    if (visible.length === 0) return { items: [], nextCursor: null }
    q = q.where('id', 'in', visible)
  }
  const result = await paginate(q, page, { createdAt: 'created_at', id: 'id' })
  return { items: result.items.map(schoolOut), nextCursor: result.nextCursor }
}

export async function addSchoolReviewer(db: Db, ctx: Ctx, schoolId: string, userId: string) {
  if (!ctx.actor.isAdmin) {
    authorizeSchool(ctx.actor, schoolId, ['admin'], 'add a reviewer')
  }
  return db.transaction().execute(async (trx) => {
    await requireSchool(trx, schoolId)
    await requireUser(trx, userId)
    await trx.insertInto('school_reviewers').values({ school_id: schoolId, user_id: userId }).onConflict((oc) => oc.doNothing()).execute()
    await recordAudit(trx, ctx, { action: 'school.reviewer-added', entityType: 'school', entityId: schoolId, data: { userId } })
    return { schoolId, userId }
  })
}

export async function createCommittee(db: Db, ctx: Ctx, schoolId: string, input: CreateCommitteeInput) {
  authorizeSchool(ctx.actor, schoolId, ['admin', 'reviewer'], 'create a committee')
  return db.transaction().execute(async (trx) => {
    await requireSchool(trx, schoolId)
    const taken = await trx.selectFrom('committees').select('id').where('slug', '=', input.slug).executeTakeFirst()
    if (taken) throw new Conflict('slug-taken', `The public address "${input.slug}" is already used by another committee`)
    const committee = await trx
      .insertInto('committees')
      .values({
        school_id: schoolId,
        name: input.name,
        slug: input.slug,
        level: input.level,
        grade: input.grade ?? null,
        class_name: input.className ?? null,
        invite_code: randomBytes(6).toString('base64url').toUpperCase().replace(/[-_]/g, 'X'),
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await recordAudit(trx, ctx, { action: 'committee.created', entityType: 'committee', entityId: committee.id, data: { slug: committee.slug } })
    return committeeOut(committee, new Set<Hat>(['reviewer']))
  })
}

/**
 * Loads a committee and checks the actor's hat in one step; other modules use this before
 * touching anything that belongs to a committee.
 */
export async function loadCommittee(trx: Db | Trx, ctx: Ctx, committeeId: string, allowed: readonly Hat[], action: string) {
  const committee = await trx.selectFrom('committees').selectAll().where('id', '=', committeeId).executeTakeFirst()
  if (!committee) throw new NotFound('committee', `Committee ${committeeId} not found`)
  const hats = authorizeCommittee(ctx.actor, { id: committee.id, schoolId: committee.school_id }, allowed, action)
  return { committee, hats }
}

export async function getCommittee(db: Db, ctx: Ctx, committeeId: string) {
  const { committee, hats } = await loadCommittee(db, ctx, committeeId, [...OVERSIGHT, ...COMMITTEE_OFFICERS, 'parent'], 'see this committee')
  return committeeOut(committee, hats)
}

export async function listCommittees(db: Db, ctx: Ctx, schoolId: string, page: PageQuery) {
  authorizeSchool(ctx.actor, schoolId, ['admin', 'reviewer', 'community'], 'list its committees')
  let q = db.selectFrom('committees').selectAll().where('school_id', '=', schoolId)
  const oversight = ctx.actor.isAdmin || ctx.actor.reviewerOf.has(schoolId)
  if (!oversight) q = q.where('id', 'in', [...ctx.actor.committees.keys()])
  const result = await paginate(q, page, { createdAt: 'created_at', id: 'id' })
  return {
    items: result.items.map((c) => committeeOut(c, oversight ? new Set<Hat>(['reviewer']) : ctx.actor.committees.get(c.id)?.roles)),
    nextCursor: result.nextCursor,
  }
}

export async function addCommitteeMember(db: Db, ctx: Ctx, committeeId: string, input: { userId: string; role: CommitteeRole }) {
  return db.transaction().execute(async (trx) => {
    await loadCommittee(trx, ctx, committeeId, ['admin', 'reviewer', 'chair'], 'add a committee member')
    await requireUser(trx, input.userId)
    await trx.insertInto('committee_members').values({ committee_id: committeeId, user_id: input.userId, role: input.role }).onConflict((oc) => oc.doNothing()).execute()
    await recordAudit(trx, ctx, { action: 'committee.member-added', entityType: 'committee', entityId: committeeId, data: input })
    return { committeeId, ...input }
  })
}

/** Self-registration and "join another committee" both end here. */
export async function joinCommitteeAsParent(trx: Trx, inviteCode: string, userId: string) {
  const committee = await trx.selectFrom('committees').selectAll().where('invite_code', '=', inviteCode.toUpperCase()).executeTakeFirst()
  if (!committee) throw new RuleViolation('invite-code-invalid', 'This invite code does not belong to any committee; ask your class committee for the current code', [{ path: 'body.inviteCode', message: 'unknown invite code' }])
  await trx.insertInto('committee_parents').values({ committee_id: committee.id, user_id: userId }).onConflict((oc) => oc.doNothing()).execute()
  return committee
}

export async function joinCommittee(db: Db, ctx: Ctx, inviteCode: string) {
  return db.transaction().execute(async (trx) => {
    const committee = await joinCommitteeAsParent(trx, inviteCode, ctx.actor.userId)
    await recordAudit(trx, ctx, { action: 'committee.parent-joined', entityType: 'committee', entityId: committee.id })
    return committeeOut(committee)
  })
}

export async function createTerm(db: Db, ctx: Ctx, schoolId: string, input: CreateTermInput) {
  authorizeSchool(ctx.actor, schoolId, ['admin', 'reviewer'], 'create a term')
  return db.transaction().execute(async (trx) => {
    await requireSchool(trx, schoolId)
    const dup = await trx.selectFrom('terms').select('id').where('school_id', '=', schoolId).where('name', '=', input.name).executeTakeFirst()
    if (dup) throw new Conflict('term-exists', `This school already has a term named "${input.name}"`)
    const term = await trx
      .insertInto('terms')
      .values({ school_id: schoolId, name: input.name, starts_on: input.startsOn, ends_on: input.endsOn })
      .returningAll()
      .executeTakeFirstOrThrow()
    await recordAudit(trx, ctx, { action: 'term.created', entityType: 'term', entityId: term.id, data: input })
    return termOut(term)
  })
}

export async function listTerms(db: Db, ctx: Ctx, schoolId: string, page: PageQuery) {
  authorizeSchool(ctx.actor, schoolId, ['admin', 'reviewer', 'community'], 'list its terms')
  const result = await paginate(db.selectFrom('terms').selectAll().where('school_id', '=', schoolId), page, { createdAt: 'created_at', id: 'id' })
  return { items: result.items.map(termOut), nextCursor: result.nextCursor }
}

/** For other modules: a term of the given school, or 404 (a plan cannot name another school's term). */
export async function requireTerm(trx: Db | Trx, schoolId: string, termId: string) {
  const term = await trx.selectFrom('terms').selectAll().where('id', '=', termId).where('school_id', '=', schoolId).executeTakeFirst()
  if (!term) throw new NotFound('term', `Term ${termId} not found at this school`)
  return termOut(term)
}

/** What anyone may know about a committee: its name, level and school. Never members or codes. */
export async function getPublicCommittee(db: Db, slug: string) {
  const row = await db
    .selectFrom('committees as c')
    .innerJoin('schools as s', 's.id', 'c.school_id')
    .select(['c.id', 'c.name', 'c.slug', 'c.level', 'c.grade', 'c.class_name', 's.name as school_name'])
    .where('c.slug', '=', slug.toLowerCase())
    .executeTakeFirst()
  if (!row) throw new NotFound('committee', `No committee publishes at /p/${slug}`)
  return row
}

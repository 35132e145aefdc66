import { randomBytes } from 'node:crypto'
import { type AccessRule, authorize, type Hat, hatsForCommittee, hatsForSchool, INSIDERS, isInsider, OVERSIGHT } from '../../access.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import type { Committee, CommitteeRole } from '../../db/schema.js'
import { type AppError, Conflict, Forbidden, NotFound, RuleViolation } from '../../errors.js'
import { type PageQuery, paginate } from '../../http/pagination.js'
import { recordAudit } from '../audit/service.js'
import * as repo from './repository.js'
import { COMMITTEE_SLUG, type CommitteePhonesInput, type CreateCommitteeInput, type CreateTermInput, type SchoolPhonesInput } from './schemas.js'

const schoolOut = (s: { id: string; name: string; phone: string | null; complaint_phone: string | null; created_at: Date }) => ({
  id: s.id,
  name: s.name,
  phone: s.phone,
  complaintPhone: s.complaint_phone,
  createdAt: s.created_at,
})

export function committeeOut(c: Committee, hats?: ReadonlySet<Hat>) {
  return {
    id: c.id,
    schoolId: c.school_id,
    name: c.name,
    slug: c.slug,
    level: c.level,
    grade: c.grade,
    className: c.class_name,
    inviteCode: hats && isInsider(hats) ? c.invite_code : undefined,
    phone: c.phone,
    createdAt: c.created_at,
  }
}

export const termOut = (t: repo.TermRow) => ({ id: t.id, schoolId: t.school_id, name: t.name, startsOn: t.starts_on, endsOn: t.ends_on, createdAt: t.created_at })
export type Term = ReturnType<typeof termOut>

const schoolNotFound = (schoolId: string) => () => new NotFound('school', `School ${schoolId} not found`)

/** Schools are visible to the admin, their reviewers, and anyone in one of their committees. */
export function authorizeSchool(ctx: Ctx, schoolId: string, allowed: readonly Hat[], action: string): Set<Hat> {
  const hats = hatsForSchool(ctx.actor, schoolId)
  authorize(hats, { allowed, action }, schoolNotFound(schoolId))
  return hats
}

async function requireSchool(db: Db | Trx, schoolId: string) {
  const school = await repo.findSchool(db, schoolId)
  if (!school) throw schoolNotFound(schoolId)()
  return school
}

export async function createSchool(db: Db, ctx: Ctx, input: { name: string } & SchoolPhonesInput) {
  if (!ctx.actor.isAdmin) throw new Forbidden('Only a platform admin creates schools')
  return db.transaction().execute(async (trx) => {
    const school = await repo.insertSchool(trx, { name: input.name, phone: input.phone ?? null, complaintPhone: input.complaintPhone ?? null }, ctx.now)
    await recordAudit(trx, ctx, { action: 'school.created', entityType: 'school', entityId: school.id, data: { name: school.name } })
    return schoolOut(school)
  })
}

export async function getSchool(db: Db | Trx, ctx: Ctx, schoolId: string) {
  authorizeSchool(ctx, schoolId, ['admin', 'reviewer', 'community'], 'see this school')
  return schoolOut(await requireSchool(db, schoolId))
}

/** The school's phones, which care agreements print: set by the admin or the school's reviewer. */
export async function updateSchool(db: Db, ctx: Ctx, schoolId: string, input: SchoolPhonesInput) {
  authorizeSchool(ctx, schoolId, ['admin', 'reviewer'], "set the school's phones")
  return db.transaction().execute(async (trx) => {
    await requireSchool(trx, schoolId)
    const school = await repo.updateSchoolPhones(trx, schoolId, input)
    await recordAudit(trx, ctx, { action: 'school.updated', entityType: 'school', entityId: schoolId, data: { ...input } })
    return schoolOut(school)
  })
}

/** A school's name and phones for documents (no authorization: the caller has authorized its own record). */
export async function getSchoolRef(db: Db | Trx, schoolId: string) {
  const school = await requireSchool(db, schoolId)
  return { id: school.id, name: school.name, phone: school.phone, complaintPhone: school.complaint_phone }
}

export async function listSchools(db: Db, ctx: Ctx, page: PageQuery) {
  const visible = ctx.actor.isAdmin ? ('all' as const) : [...ctx.actor.reviewerOf, ...[...ctx.actor.committees.values()].map((c) => c.schoolId)]
  if (visible !== 'all' && visible.length === 0) return { items: [], nextCursor: null }
  const result = await paginate(repo.schoolsQuery(db, visible), page, { createdAt: 'created_at', id: 'id' })
  return { items: result.items.map(schoolOut), nextCursor: result.nextCursor }
}

/** Whether any school exists: the demo loads only into an empty database. */
export const hasAnySchool = async (db: Db) => (await repo.countSchools(db)) > 0

export async function addSchoolReviewer(db: Db, ctx: Ctx, schoolId: string, userId: string) {
  authorizeSchool(ctx, schoolId, ['admin'], 'add a reviewer')
  return db.transaction().execute(async (trx) => {
    await requireSchool(trx, schoolId)
    await repo.insertReviewer(trx, schoolId, userId, ctx.now)
    await recordAudit(trx, ctx, { action: 'school.reviewer-added', entityType: 'school', entityId: schoolId, data: { userId } })
    return { schoolId, userId }
  })
}

/** The school's finance office collects fees where a plan says the school collects (DESIGN.md: school finance). */
export async function addSchoolFinanceOfficer(db: Db, ctx: Ctx, schoolId: string, userId: string) {
  authorizeSchool(ctx, schoolId, ['admin'], 'add a finance officer')
  return db.transaction().execute(async (trx) => {
    await requireSchool(trx, schoolId)
    await repo.insertFinanceOfficer(trx, schoolId, userId, ctx.now)
    await recordAudit(trx, ctx, { action: 'school.finance-officer-added', entityType: 'school', entityId: schoolId, data: { userId } })
    return { schoolId, userId }
  })
}

export async function createCommittee(db: Db, ctx: Ctx, schoolId: string, input: CreateCommitteeInput) {
  authorizeSchool(ctx, schoolId, ['admin', 'reviewer'], 'create a committee')
  return db.transaction().execute(async (trx) => {
    await requireSchool(trx, schoolId)
    if (await repo.findCommitteeBySlug(trx, input.slug)) throw new Conflict('slug-taken', `The public address "${input.slug}" is already used by another committee`)
    const committee = await repo.insertCommittee(
      trx,
      {
        schoolId,
        name: input.name,
        slug: input.slug,
        level: input.level,
        grade: input.grade ?? null,
        className: input.className ?? null,
        inviteCode: randomBytes(6).toString('base64url').toUpperCase().replace(/[-_]/g, 'X'),
        phone: input.phone ?? null,
      },
      ctx.now,
    )
    await recordAudit(trx, ctx, { action: 'committee.created', entityType: 'committee', entityId: committee.id, data: { slug: committee.slug } })
    return committeeOut(committee, new Set<Hat>(['reviewer']))
  })
}

/** The committee's contact phone (甲方 on care agreements): its chair, or the school. */
export async function updateCommittee(db: Db, ctx: Ctx, committeeId: string, input: CommitteePhonesInput) {
  return db.transaction().execute(async (trx) => {
    const { hats } = await loadCommittee(trx, ctx, committeeId, { allowed: ['admin', 'reviewer', 'chair'], action: "set the committee's phone" })
    const committee = await repo.updateCommitteePhone(trx, committeeId, input.phone ?? null)
    await recordAudit(trx, ctx, { action: 'committee.updated', entityType: 'committee', entityId: committeeId, data: { ...input } })
    return committeeOut(committee, hats)
  })
}

/** What other modules know of a committee without asking who may see it: they authorize their own records. */
export interface CommitteeRef {
  id: string
  schoolId: string
  name: string
  slug: string
  phone: string | null
}

export async function getCommitteeRef(db: Db | Trx, committeeId: string): Promise<CommitteeRef | null> {
  const c = await repo.findCommittee(db, committeeId)
  return c ? { id: c.id, schoolId: c.school_id, name: c.name, slug: c.slug, phone: c.phone } : null
}

/** The user ids holding a role in a committee, earliest appointed first (no authorization: for documents). */
export async function officersOf(db: Db | Trx, committeeId: string, role: CommitteeRole): Promise<string[]> {
  return (await repo.officersWithRole(db, committeeId, role)).map((o) => o.user_id)
}

/**
 * Loads a committee and checks the caller's hat in one step (the one rule of src/access.ts);
 * other modules use this before touching anything that belongs to a committee as a whole.
 */
export async function loadCommittee(
  db: Db | Trx,
  ctx: Ctx,
  committeeId: string,
  rule: AccessRule,
  notFound: () => AppError = () => new NotFound('committee', `Committee ${committeeId} not found`),
) {
  const committee = await repo.findCommittee(db, committeeId)
  if (!committee) throw notFound()
  const hats = hatsForCommittee(ctx.actor, { id: committee.id, schoolId: committee.school_id })
  authorize(hats, rule, notFound)
  return { committee, hats }
}

/** For a record that belongs to a committee (an incident, a duty record): the 404 names the record, never its committee. */
export async function authorizeCommitteeRecord(db: Db | Trx, ctx: Ctx, committeeId: string, rule: AccessRule, notFound: () => AppError) {
  return (await loadCommittee(db, ctx, committeeId, rule, notFound)).hats
}

export async function getCommittee(db: Db, ctx: Ctx, committeeId: string) {
  const { committee, hats } = await loadCommittee(db, ctx, committeeId, { allowed: [...INSIDERS, 'parent'], action: 'see this committee' })
  return committeeOut(committee, hats)
}

export async function listCommittees(db: Db, ctx: Ctx, schoolId: string, page: PageQuery) {
  const schoolHats = authorizeSchool(ctx, schoolId, ['admin', 'reviewer', 'community'], 'list its committees')
  const oversight = OVERSIGHT.some((h) => schoolHats.has(h))
  const q = repo.committeesQuery(db, schoolId, oversight ? undefined : [...ctx.actor.committees.keys()])
  const result = await paginate(q, page, { createdAt: 'created_at', id: 'id' })
  return {
    items: result.items.map((c) => committeeOut(c, oversight ? new Set<Hat>(['reviewer']) : ctx.actor.committees.get(c.id)?.roles)),
    nextCursor: result.nextCursor,
  }
}

/**
 * Officers come from the committee: its chair appoints from the committee's own parents (or gives
 * an officer another role); anyone else — a teacher, a parent of another class — is the school's
 * reviewer's or the admin's to add. To a chair, a user outside the committee is not found, in the
 * same words as an id that names nobody, so the chair learns nothing about other accounts.
 */
export async function addCommitteeMember(db: Db, ctx: Ctx, committeeId: string, input: { userId: string; role: CommitteeRole }) {
  return db.transaction().execute(async (trx) => {
    const { hats } = await loadCommittee(trx, ctx, committeeId, { allowed: ['admin', 'reviewer', 'chair'], action: 'add a committee member' })
    const oversight = OVERSIGHT.some((h) => hats.has(h))
    if (!oversight && !(await repo.belongsToCommittee(trx, committeeId, input.userId))) throw new NotFound('user', `User ${input.userId} not found`)
    await repo.insertMember(trx, committeeId, input.userId, input.role, ctx.now)
    await recordAudit(trx, ctx, { action: 'committee.member-added', entityType: 'committee', entityId: committeeId, data: input })
    return { committeeId, ...input }
  })
}

/**
 * The committee an invite code belongs to, or the one refusal an unknown code gets. Registration
 * asks this before anything else, so an unknown code never reveals whether a login is taken.
 */
export async function committeeOfInvite(db: Db | Trx, inviteCode: string): Promise<Committee> {
  const committee = await repo.findCommitteeByInvite(db, inviteCode.toUpperCase())
  if (!committee)
    throw new RuleViolation('invite-code-invalid', 'This invite code does not belong to any committee; ask your class committee for the current code', [
      { path: 'body.inviteCode', message: 'unknown invite code' },
    ])
  return committee
}

/** Self-registration and "join another committee" both end here. */
export async function joinCommitteeAsParent(trx: Trx, inviteCode: string, userId: string, now: Date) {
  const committee = await committeeOfInvite(trx, inviteCode)
  await repo.insertParent(trx, committee.id, userId, now)
  return committee
}

export async function joinCommittee(db: Db, ctx: Ctx, inviteCode: string) {
  return db.transaction().execute(async (trx) => {
    const committee = await joinCommitteeAsParent(trx, inviteCode, ctx.actor.userId, ctx.now)
    await recordAudit(trx, ctx, { action: 'committee.parent-joined', entityType: 'committee', entityId: committee.id })
    return committeeOut(committee)
  })
}

export async function createTerm(db: Db, ctx: Ctx, schoolId: string, input: CreateTermInput) {
  authorizeSchool(ctx, schoolId, ['admin', 'reviewer'], 'create a term')
  return db.transaction().execute(async (trx) => {
    await requireSchool(trx, schoolId)
    if (await repo.findTermByName(trx, schoolId, input.name)) throw new Conflict('term-exists', `This school already has a term named "${input.name}"`)
    const term = await repo.insertTerm(trx, { schoolId, ...input }, ctx.now)
    await recordAudit(trx, ctx, { action: 'term.created', entityType: 'term', entityId: term.id, data: input })
    return termOut(term)
  })
}

export async function listTerms(db: Db, ctx: Ctx, schoolId: string, page: PageQuery) {
  authorizeSchool(ctx, schoolId, ['admin', 'reviewer', 'community'], 'list its terms')
  const result = await paginate(repo.termsQuery(db, schoolId), page, { createdAt: 'created_at', id: 'id' })
  return { items: result.items.map(termOut), nextCursor: result.nextCursor }
}

/** For other modules: a term of the given school, or 404 (a plan cannot name another school's term). */
export async function requireTerm(db: Db | Trx, schoolId: string, termId: string): Promise<Term> {
  const term = await repo.findTerm(db, termId)
  if (!term || term.school_id !== schoolId) throw new NotFound('term', `Term ${termId} not found at this school`)
  return termOut(term)
}

/** Several terms by id, for lists (no authorization: the caller has authorized its own records). */
export async function termsById(db: Db | Trx, termIds: string[]): Promise<Map<string, Term>> {
  return new Map((await repo.findTerms(db, [...new Set(termIds)])).map((t) => [t.id, termOut(t)]))
}

/** What anyone may know about a committee: its name, level and school. Never members or codes. */
export async function getPublicCommittee(db: Db, slug: string) {
  // No committee publishes at an address that is not a slug (and a NUL in one would reach PostgreSQL).
  const row = COMMITTEE_SLUG.test(slug.toLowerCase()) ? await repo.publicCommitteeBySlug(db, slug.toLowerCase()) : undefined
  if (!row) throw new NotFound('committee', `No committee publishes at /p/${slug}`)
  return row
}

/** The roles a signed-in user holds, for the request's Principal (accounts resolves the token). */
export const rolesOfUser = repo.rolesOfUser

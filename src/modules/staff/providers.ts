// What the school keeps for its committees' staff: the white list of third-party providers
// ("实行白名单管理制度，供学校从中购买服务") and how old a check may be.
import { authorize, hatsForSchool } from '../../access.js'
import { chinaToday } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import { Conflict, NotFound } from '../../errors.js'
import { type PageQuery, paginate } from '../../http/pagination.js'
import { recordAudit } from '../audit/service.js'
import { authorizeSchool } from '../schools/service.js'
import * as repo from './repository.js'
import { checkMaxAgeMonths } from './vetting.js'

const providerOut = (p: repo.ProviderRow) => ({
  id: p.id,
  schoolId: p.school_id,
  name: p.name,
  creditCode: p.credit_code,
  addedAt: p.added_at,
  removedOn: p.removed_on,
  removalReason: p.removal_reason,
})

export async function addProvider(db: Db, ctx: Ctx, schoolId: string, input: { name: string; creditCode?: string | undefined }) {
  authorizeSchool(ctx, schoolId, ['admin', 'reviewer'], "keep the school's white list of providers")
  return db.transaction().execute(async (trx) => {
    if (await repo.activeProviderByName(trx, schoolId, input.name)) throw new Conflict('provider-listed', `${input.name} is already on the white list`)
    const row = await repo.insertProvider(trx, { schoolId, name: input.name, creditCode: input.creditCode ?? null, addedBy: ctx.actor.userId }, ctx.now)
    await recordAudit(trx, ctx, { action: 'provider.added', entityType: 'provider', entityId: row.id, data: { schoolId, name: row.name } })
    return providerOut(row)
  })
}

export async function listProviders(db: Db, ctx: Ctx, schoolId: string, page: PageQuery) {
  authorizeSchool(ctx, schoolId, ['admin', 'reviewer', 'community'], "see the school's white list of providers")
  const result = await paginate(repo.providersQuery(db, schoolId), page, { createdAt: 'added_at', id: 'id' })
  return { items: result.items.map(providerOut), nextCursor: result.nextCursor }
}

/** Off the list from `today`: its staff are no longer hired or put on duty. */
export async function removeProvider(db: Db, ctx: Ctx, providerId: string, reason: string) {
  return db.transaction().execute(async (trx) => {
    const notFound = () => new NotFound('provider', `Provider ${providerId} not found`)
    const provider = await repo.lockProvider(trx, providerId)
    if (!provider) throw notFound()
    authorize(hatsForSchool(ctx.actor, provider.school_id), { allowed: ['admin', 'reviewer'], action: "keep the school's white list of providers" }, notFound)
    if (provider.removed_on) throw new Conflict('provider-removed', `${provider.name} was removed from the white list on ${provider.removed_on}`)
    const row = await repo.removeProvider(trx, providerId, { on: chinaToday(ctx), by: ctx.actor.userId, reason })
    await recordAudit(trx, ctx, { action: 'provider.removed', entityType: 'provider', entityId: providerId, data: { reason } })
    return providerOut(row)
  })
}

export async function getStaffSettings(db: Db, ctx: Ctx, schoolId: string) {
  authorizeSchool(ctx, schoolId, ['admin', 'reviewer', 'community'], "see the school's staff settings")
  return { schoolId, checkMaxAgeMonths: await checkMaxAgeMonths(db, schoolId) }
}

export async function setStaffSettings(db: Db, ctx: Ctx, schoolId: string, input: { checkMaxAgeMonths: number }) {
  authorizeSchool(ctx, schoolId, ['admin', 'reviewer'], "set the school's limit on the age of checks")
  return db.transaction().execute(async (trx) => {
    const row = await repo.upsertSettings(trx, schoolId, input.checkMaxAgeMonths, ctx.actor.userId, ctx.now)
    await recordAudit(trx, ctx, { action: 'school.staff-settings', entityType: 'school', entityId: schoolId, data: { checkMaxAgeMonths: input.checkMaxAgeMonths } })
    return { schoolId, checkMaxAgeMonths: row.check_max_age_months }
  })
}

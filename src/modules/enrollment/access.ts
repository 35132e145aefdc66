import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import { NotFound } from '../../errors.js'
import { isInsider, loadPlan, PLAN_READERS } from '../plans/access.js'

/**
 * An application or enrollment is seen by its own guardian and by the committee's officers and
 * the school; anyone else, another family of the same class included, gets 404. With
 * `forUpdate` the plan row is locked first and the record re-read after: every change to a
 * plan's applications and places (review, admission, withdrawal) takes that one lock, so two
 * requests never give away the same place and never lock rows in opposite orders.
 */
async function loadFamilyRecord<T extends { plan_id: string; guardian_user_id: string }>(
  trx: Db | Trx,
  ctx: Ctx,
  read: (lock: boolean) => Promise<T | undefined>,
  notFound: () => NotFound,
  action: string,
  forUpdate: boolean,
) {
  const first = await read(false)
  if (!first) throw notFound()
  let loaded: Awaited<ReturnType<typeof loadPlan>>
  try {
    loaded = await loadPlan(trx, ctx, first.plan_id, PLAN_READERS, action, { forUpdate })
  } catch (error) {
    throw error instanceof NotFound ? notFound() : error
  }
  const owner = first.guardian_user_id === ctx.actor.userId
  if (!owner && !isInsider(loaded.hats)) throw notFound()
  const record = forUpdate ? await read(true) : first
  if (!record) throw notFound()
  return { record, owner, ...loaded }
}

export async function loadApplication(trx: Db | Trx, ctx: Ctx, applicationId: string, action: string, opts: { forUpdate?: boolean } = {}) {
  const read = (lock: boolean) => {
    const q = trx.selectFrom('applications').selectAll().where('id', '=', applicationId)
    return (lock ? q.forUpdate() : q).executeTakeFirst()
  }
  const { record, ...rest } = await loadFamilyRecord(trx, ctx, read, () => new NotFound('application', `Application ${applicationId} not found`), action, opts.forUpdate ?? false)
  return { application: record, ...rest }
}

export async function loadEnrollment(trx: Db | Trx, ctx: Ctx, enrollmentId: string, action: string, opts: { forUpdate?: boolean } = {}) {
  const read = (lock: boolean) => {
    const q = trx.selectFrom('enrollments').selectAll().where('id', '=', enrollmentId)
    return (lock ? q.forUpdate() : q).executeTakeFirst()
  }
  const { record, ...rest } = await loadFamilyRecord(trx, ctx, read, () => new NotFound('enrollment', `Enrollment ${enrollmentId} not found`), action, opts.forUpdate ?? false)
  return { enrollment: record, ...rest }
}

import { authorize, type Hat, hatsForCommittee, INSIDERS } from '../../access.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import { NotFound } from '../../errors.js'
import { getPlanForService, lockPlan, type PlanForService } from '../plans/service.js'
import * as repo from './repository.js'

/** A family's records are seen by its own guardian and by the committee's officers and the school. */
export const FAMILY_RECORD_READERS: readonly Hat[] = [...INSIDERS, 'guardian']

/**
 * The one access rule for a family's record: its guardian wears the 'guardian' hat; another
 * family of the same class is a stranger to it (404), like anyone outside the committee.
 */
async function authorizeFamilyRecord(
  db: Db | Trx,
  ctx: Ctx,
  record: { plan_id: string; guardian_user_id: string },
  allowed: readonly Hat[],
  action: string,
  notFound: () => NotFound,
) {
  const plan = await getPlanForService(db, record.plan_id)
  if (!plan) throw notFound()
  const hats = hatsForCommittee(ctx.actor, { id: plan.committeeId, schoolId: plan.schoolId })
  if (record.guardian_user_id === ctx.actor.userId) hats.add('guardian')
  authorize(hats, { allowed, action, seenBy: [...new Set([...FAMILY_RECORD_READERS, ...allowed])] }, notFound)
  return { plan, hats, owner: hats.has('guardian') }
}

const applicationNotFound = (id: string) => () => new NotFound('application', `Application ${id} not found`)
const enrollmentNotFound = (id: string) => () => new NotFound('enrollment', `Enrollment ${id} not found`)

export interface FamilyRecordAccess {
  plan: PlanForService
  hats: Set<Hat>
  owner: boolean
}

export async function loadApplication(db: Db | Trx, ctx: Ctx, id: string, action: string, allowed: readonly Hat[] = FAMILY_RECORD_READERS) {
  const application = await repo.findApplication(db, id)
  if (!application) throw applicationNotFound(id)()
  return { application, ...(await authorizeFamilyRecord(db, ctx, application, allowed, action, applicationNotFound(id))) }
}

/** `notFound` names what a stranger asked for when that is a record of the family (a payment, a receipt), never the enrollment. */
export async function loadEnrollment(
  db: Db | Trx,
  ctx: Ctx,
  id: string,
  action: string,
  allowed: readonly Hat[] = FAMILY_RECORD_READERS,
  notFound: () => NotFound = enrollmentNotFound(id),
) {
  const enrollment = await repo.findEnrollment(db, id)
  if (!enrollment) throw notFound()
  return { enrollment, ...(await authorizeFamilyRecord(db, ctx, enrollment, allowed, action, notFound)) }
}

/**
 * The same, for a change: the plan row is locked first (lockPlan) and the record re-read under
 * its own lock after. Every change to a plan's applications and places (review, admission,
 * withdrawal, signing) takes the plan's lock first, so two requests never give away the same
 * place and never lock rows in opposite orders.
 */
export async function loadApplicationForUpdate(trx: Trx, ctx: Ctx, id: string, action: string, allowed: readonly Hat[] = FAMILY_RECORD_READERS) {
  const first = await loadApplication(trx, ctx, id, action, allowed)
  const lock = await lockPlan(trx, first.application.plan_id)
  const application = await repo.lockApplication(trx, id)
  if (!application) throw applicationNotFound(id)()
  return { ...first, application, lock }
}

export async function loadEnrollmentForUpdate(trx: Trx, ctx: Ctx, id: string, action: string, allowed: readonly Hat[] = FAMILY_RECORD_READERS) {
  const first = await loadEnrollment(trx, ctx, id, action, allowed)
  const lock = await lockPlan(trx, first.enrollment.plan_id)
  const enrollment = await repo.lockEnrollment(trx, id)
  if (!enrollment) throw enrollmentNotFound(id)()
  return { ...first, enrollment, lock }
}

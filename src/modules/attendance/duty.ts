// Staff on duty (值班): sign-in and sign-out per session, by the staff member or the chair.
// Per-session and hourly pay are computed from these records (dutyShifts), so they are
// append-only; a wrong time is corrected by the chair with a reason, keeping the original. Staff
// record their own events as they happen; any other time is the chair's to record, audited.
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import type { DutyEvent } from '../../db/schema.js'
import { Conflict, Forbidden, NotFound, RuleViolation } from '../../errors.js'
import { recordAudit } from '../audit/service.js'
import { loadPlanCalendar, requirePlan, requireServiceDay } from '../calendar/plan-calendar.js'
import { hatsForCommittee } from '../schools/access.js'
import { loadCommittee } from '../schools/service.js'
import { isStaffEligibleForDuty, lockStaff, staffOfUser } from '../staff/service.js'
import { closedSession, correctionOf, type DutyRow, effectiveDuty } from './repository.js'
import { isInsider } from './access.js'
import { requireTimeNow, requireTimeOnDate } from './times.js'

export interface DutyInput {
  staffId?: string | undefined
  event: DutyEvent
  at: Date
}

const dutyOut = (r: Omit<DutyRow, 'staff_name'>) => ({
  id: r.id,
  planId: r.plan_id,
  date: r.service_date,
  staffId: r.staff_id,
  event: r.event,
  at: r.at,
  recordedBy: r.recorded_by,
  correctsId: r.corrects_id,
  reason: r.reason,
  createdAt: r.created_at,
})

/** A sign-in/sign-out pair must be in order; `replacing` is the record a correction replaces. */
function checkOrder(current: DutyRow[], event: DutyEvent, at: Date, replacing: DutyRow | null) {
  const signIn = current.find((r) => r.event === 'sign_in')
  const signOut = current.find((r) => r.event === 'sign_out')
  if (event === 'sign_in') {
    if (!replacing && signIn) throw new Conflict('already-signed-in', `Already signed in for this session at ${signIn.at.toISOString()}`)
    if (signOut && at > signOut.at) throw new RuleViolation('sign-in-after-sign-out', `The sign-in is after the sign-out at ${signOut.at.toISOString()}`, [{ path: 'body.at', message: 'after the sign-out' }])
    return
  }
  if (!signIn) throw new RuleViolation('not-signed-in', 'Sign in for the session before signing out')
  if (!replacing && signOut) throw new Conflict('already-signed-out', `Already signed out at ${signOut.at.toISOString()}`)
  if (at < signIn.at) throw new RuleViolation('sign-out-before-sign-in', `The sign-out is before the sign-in at ${signIn.at.toISOString()}`, [{ path: 'body.at', message: 'before the sign-in' }])
}

/** The hours a shift occupies: from the sign-in to the sign-out, or on and on while not signed out. */
interface Span {
  from: Date
  to: Date | null
}

/** The session's shift as it will be once `event` at `at` is recorded (checkOrder has passed). */
function spanAfter(current: DutyRow[], event: DutyEvent, at: Date): Span {
  const signIn = current.find((r) => r.event === 'sign_in')
  const signOut = current.find((r) => r.event === 'sign_out')
  return event === 'sign_in' ? { from: at, to: signOut?.at ?? null } : { from: signIn!.at, to: at }
}

const overlaps = (a: Span, b: Span) => a.from.getTime() < (b.to?.getTime() ?? Infinity) && b.from.getTime() < (a.to?.getTime() ?? Infinity)

/**
 * One person cannot mind two groups at once, nor be paid twice for the same hours: the shift must
 * not overlap any of the staff member's shifts in the committee's other sessions that day, signed
 * out or not (an open shift runs until it is signed out). Call with the staff row locked.
 */
async function requireNotOnDutyElsewhere(trx: Trx, committeeId: string, planId: string, date: string, staffId: string, span: Span) {
  const shifts = await dutyShifts(trx, committeeId, date, date, staffId)
  const clash = shifts.find((s) => s.planId !== planId && overlaps(span, { from: s.signedInAt, to: s.signedOutAt }))
  if (!clash) return
  const hours = clash.signedOutAt ? `from ${clash.signedInAt.toISOString()} to ${clash.signedOutAt.toISOString()}` : `since ${clash.signedInAt.toISOString()} and has not signed out there`
  throw new Conflict('on-duty-elsewhere', `Staff ${staffId} is on duty for plan ${clash.planId} on ${date} ${hours}; a shift here may not overlap it`)
}

export async function recordStaffDuty(db: Db, ctx: Ctx, planId: string, date: string, input: DutyInput, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const plan = await requirePlan(trx, planId)
    const hats = hatsForCommittee(ctx.actor, { id: plan.committeeId, schoolId: plan.schoolId })
    const own = await staffOfUser(trx, plan.committeeId, ctx.actor.userId)
    // No relation, or (for staff and parents) a plan the school has not approved: no such plan.
    if ((!own && hats.size === 0) || (!plan.approvedVersion && !isInsider(hats))) throw new NotFound('plan', `Plan ${planId} not found`)
    const staffId = input.staffId ?? own?.id
    if (!staffId) throw new Forbidden('You are not a staff member of this committee; the chair records duty for a staff member by staffId')
    const self = staffId === own?.id
    if (!self && !hats.has('chair')) throw new Forbidden("Only the chair records another staff member's duty")
    await lockStaff(trx, plan.committeeId, staffId)
    const eligibility = await isStaffEligibleForDuty(trx, plan.committeeId, staffId, date)
    if (!eligibility.eligible) throw new RuleViolation('staff-not-eligible', `Staff ${staffId} cannot be put on duty: ${eligibility.reason}`, [{ path: 'body.staffId', message: eligibility.reason }])
    requireServiceDay(await loadPlanCalendar(trx, plan), date)
    requireTimeOnDate(input.at, date, now)
    // Pay is computed from these records, and a sign-in opens the roster: staff record their own
    // as it happens; a past time is recorded by the chair on their behalf (audited as such).
    if (self) requireTimeNow(input.at, now)
    if (input.event === 'sign_in' && (await closedSession(trx, planId, date))) throw new Conflict('session-closed', `The session of ${date} is closed`)
    const current = await effectiveDuty(trx, planId, date, staffId)
    checkOrder(current, input.event, input.at, null)
    await requireNotOnDutyElsewhere(trx, plan.committeeId, planId, date, staffId, spanAfter(current, input.event, input.at))
    const row = await trx
      .insertInto('staff_duty_records')
      .values({ committee_id: plan.committeeId, plan_id: planId, service_date: date, staff_id: staffId, event: input.event, at: input.at, recorded_by: ctx.actor.userId })
      .returningAll()
      .executeTakeFirstOrThrow()
    await recordAudit(trx, ctx, { action: `staff-duty.${input.event}`, entityType: 'staff', entityId: staffId, data: { dutyRecordId: row.id, planId, date, at: input.at, onBehalf: !self } })
    return dutyOut(row)
  })
}

export async function correctStaffDuty(db: Db, ctx: Ctx, dutyRecordId: string, input: { at: Date; reason: string }, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const notFound = () => new NotFound('duty record', `Duty record ${dutyRecordId} not found`)
    const original = await trx.selectFrom('staff_duty_records').selectAll().where('id', '=', dutyRecordId).executeTakeFirst()
    if (!original) throw notFound()
    try {
      await loadCommittee(trx, ctx, original.committee_id, ['chair'], 'correct a duty record')
    } catch (error) {
      // Named as the record, never as its committee: a stranger learns nothing.
      throw error instanceof NotFound ? notFound() : error
    }
    await lockStaff(trx, original.committee_id, original.staff_id)
    const next = await correctionOf(trx, 'staff_duty_records', original.id)
    if (next) throw new Conflict('already-corrected', `Record ${original.id} was already corrected by ${next.id}; correct the latest record instead`)
    requireTimeOnDate(input.at, original.service_date, now)
    const current = await effectiveDuty(trx, original.plan_id, original.service_date, original.staff_id)
    const replacing = current.find((r) => r.id === original.id) ?? null
    checkOrder(current, original.event, input.at, replacing)
    await requireNotOnDutyElsewhere(trx, original.committee_id, original.plan_id, original.service_date, original.staff_id, spanAfter(current, original.event, input.at))
    const row = await trx
      .insertInto('staff_duty_records')
      .values({
        committee_id: original.committee_id,
        plan_id: original.plan_id,
        service_date: original.service_date,
        staff_id: original.staff_id,
        event: original.event,
        at: input.at,
        recorded_by: ctx.actor.userId,
        corrects_id: original.id,
        reason: input.reason,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await recordAudit(trx, ctx, { action: 'staff-duty.corrected', entityType: 'staff', entityId: original.staff_id, data: { dutyRecordId: row.id, correctsId: original.id, before: original.at, after: input.at, reason: input.reason } })
    return dutyOut(row)
  })
}

export interface DutyShift {
  planId: string
  date: string
  staffId: string
  signedInAt: Date
  signedOutAt: Date | null
  /** Whole minutes on duty; null while not signed out (nothing to pay by the hour yet). */
  minutes: number | null
}

/**
 * THE shifts of a committee's staff from `from` to `to` (inclusive), from the effective (latest
 * corrected) sign-in and sign-out of each session: what per-session and hourly pay are computed
 * from. No authorization: the caller checks its own.
 */
export async function dutyShifts(trx: Db | Trx, committeeId: string, from: string, to: string, staffId?: string): Promise<DutyShift[]> {
  let q = trx
    .selectFrom('staff_duty_records as r')
    .select(['r.plan_id', 'r.service_date', 'r.staff_id', 'r.event', 'r.at'])
    .where('r.committee_id', '=', committeeId)
    .where('r.service_date', '>=', from)
    .where('r.service_date', '<=', to)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('staff_duty_records as c').select('c.id').whereRef('c.corrects_id', '=', 'r.id'))))
  if (staffId) q = q.where('r.staff_id', '=', staffId)
  const shifts = new Map<string, { planId: string; date: string; staffId: string; signedInAt?: Date; signedOutAt?: Date }>()
  for (const r of await q.orderBy('r.service_date').orderBy('r.at').execute()) {
    const key = `${r.plan_id}|${r.service_date}|${r.staff_id}`
    const s = shifts.get(key) ?? { planId: r.plan_id, date: r.service_date, staffId: r.staff_id }
    if (r.event === 'sign_in') s.signedInAt = r.at
    else s.signedOutAt = r.at
    shifts.set(key, s)
  }
  return [...shifts.values()]
    .filter((s): s is typeof s & { signedInAt: Date } => s.signedInAt !== undefined)
    .map((s) => ({
      planId: s.planId,
      date: s.date,
      staffId: s.staffId,
      signedInAt: s.signedInAt,
      signedOutAt: s.signedOutAt ?? null,
      minutes: s.signedOutAt ? Math.floor((s.signedOutAt.getTime() - s.signedInAt.getTime()) / 60_000) : null,
    }))
}

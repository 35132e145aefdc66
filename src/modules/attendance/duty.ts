// Staff on duty (值班): sign-in and sign-out per session, by the staff member or the chair.
// Per-session and hourly pay are computed from these records (dutyShifts), so they are
// append-only; a wrong time is corrected by the chair with a reason, keeping the original. Staff
// record their own events as they happen; any other time is the chair's to record, audited.
import { authorize } from '../../access.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import type { DutyEvent } from '../../db/schema.js'
import { Conflict, Forbidden, NotFound, RuleViolation } from '../../errors.js'
import { recordAudit } from '../audit/service.js'
import { loadPlanCalendar, requireServiceDay } from '../calendar/plan-calendar.js'
import { isStaffEligibleForDuty, lockStaff } from '../staff/service.js'
import { dutyRecordHats, requireRelation, sessionAccess } from './access.js'
import * as repo from './repository.js'
import { closedSession, correctionOf, type DutyRow, effectiveDuty } from './repository.js'
import { requireTimeNow, requireTimeOnDate } from './times.js'

export interface DutyInput {
  staffId?: string | undefined
  event: DutyEvent
  at: Date
}

/** A duty record as the API shows it (the history's view uses it too). */
export const dutyOut = (r: DutyRow) => ({
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
    if (signOut && at > signOut.at)
      throw new RuleViolation('sign-in-after-sign-out', `The sign-in is after the sign-out at ${signOut.at.toISOString()}`, [{ path: 'body.at', message: 'after the sign-out' }])
    return
  }
  if (!signIn) throw new RuleViolation('not-signed-in', 'Sign in for the session before signing out')
  if (!replacing && signOut) throw new Conflict('already-signed-out', `Already signed out at ${signOut.at.toISOString()}`)
  if (at < signIn.at)
    throw new RuleViolation('sign-out-before-sign-in', `The sign-out is before the sign-in at ${signIn.at.toISOString()}`, [{ path: 'body.at', message: 'before the sign-in' }])
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
  const hours = clash.signedOutAt
    ? `from ${clash.signedInAt.toISOString()} to ${clash.signedOutAt.toISOString()}`
    : `since ${clash.signedInAt.toISOString()} and has not signed out there`
  throw new Conflict('on-duty-elsewhere', `Staff ${staffId} is on duty for plan ${clash.planId} on ${date} ${hours}; a shift here may not overlap it`)
}

export async function recordStaffDuty(db: Db, ctx: Ctx, planId: string, date: string, input: DutyInput) {
  const now = ctx.now
  return db.transaction().execute(async (trx) => {
    const access = await sessionAccess(trx, ctx, planId, date)
    // No relation, or (for staff and parents) a plan the school has not approved: no such plan.
    requireRelation(access)
    const { plan, hats } = access
    const staffId = input.staffId ?? access.ownStaffId
    if (!staffId) throw new Forbidden('You are not a staff member of this committee; the chair records duty for a staff member by staffId')
    const self = staffId === access.ownStaffId
    if (!self && !hats.has('chair')) throw new Forbidden("Only the chair records another staff member's duty")
    // An unapproved plan or a day without care is said first: no contract could make it one.
    requireServiceDay(await loadPlanCalendar(trx, plan), date)
    await lockStaff(trx, plan.committeeId, staffId)
    const eligibility = await isStaffEligibleForDuty(trx, plan.committeeId, staffId, date, planId)
    if (!eligibility.eligible)
      throw new RuleViolation('staff-not-eligible', `Staff ${staffId} cannot be put on duty: ${eligibility.reason}`, [{ path: 'body.staffId', message: eligibility.reason }])
    requireTimeOnDate(input.at, date, now)
    // Pay is computed from these records, and a sign-in opens the roster: staff record their own
    // as it happens; a past time is recorded by the chair on their behalf (audited as such).
    if (self) requireTimeNow(input.at, now)
    if (input.event === 'sign_in' && (await closedSession(trx, planId, date))) throw new Conflict('session-closed', `The session of ${date} is closed`)
    const current = await effectiveDuty(trx, planId, date, staffId)
    checkOrder(current, input.event, input.at, null)
    await requireNotOnDutyElsewhere(trx, plan.committeeId, planId, date, staffId, spanAfter(current, input.event, input.at))
    const row = await repo.insertDuty(trx, { committeeId: plan.committeeId, planId, date, staffId, event: input.event, at: input.at, recordedBy: ctx.actor.userId }, now)
    await recordAudit(trx, ctx, {
      action: `staff-duty.${input.event}`,
      entityType: 'staff',
      entityId: staffId,
      data: { dutyRecordId: row.id, planId, date, at: input.at, onBehalf: !self },
    })
    return dutyOut(row)
  })
}

export async function correctStaffDuty(db: Db, ctx: Ctx, dutyRecordId: string, input: { at: Date; reason: string }) {
  const now = ctx.now
  return db.transaction().execute(async (trx) => {
    const notFound = () => new NotFound('duty record', `Duty record ${dutyRecordId} not found`)
    const original = await repo.dutyRecordById(trx, dutyRecordId)
    if (!original) throw notFound()
    // Named as the record, never as its committee: a stranger learns nothing.
    authorize(await dutyRecordHats(trx, ctx, original), { allowed: ['chair'], action: 'correct a duty record' }, notFound)
    await lockStaff(trx, original.committee_id, original.staff_id)
    const next = await correctionOf(trx, 'staff_duty_records', original.id)
    if (next) throw new Conflict('already-corrected', `Record ${original.id} was already corrected by ${next.id}; correct the latest record instead`)
    requireTimeOnDate(input.at, original.service_date, now)
    const current = await effectiveDuty(trx, original.plan_id, original.service_date, original.staff_id)
    const replacing = current.find((r) => r.id === original.id) ?? null
    checkOrder(current, original.event, input.at, replacing)
    await requireNotOnDutyElsewhere(trx, original.committee_id, original.plan_id, original.service_date, original.staff_id, spanAfter(current, original.event, input.at))
    const row = await repo.insertDuty(
      trx,
      {
        committeeId: original.committee_id,
        planId: original.plan_id,
        date: original.service_date,
        staffId: original.staff_id,
        event: original.event,
        at: input.at,
        recordedBy: ctx.actor.userId,
        correctsId: original.id,
        reason: input.reason,
      },
      now,
    )
    await recordAudit(trx, ctx, {
      action: 'staff-duty.corrected',
      entityType: 'staff',
      entityId: original.staff_id,
      data: { dutyRecordId: row.id, correctsId: original.id, before: original.at, after: input.at, reason: input.reason },
    })
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
export async function dutyShifts(db: Db | Trx, committeeId: string, from: string, to: string, staffId?: string): Promise<DutyShift[]> {
  const shifts = new Map<string, { planId: string; date: string; staffId: string; signedInAt?: Date; signedOutAt?: Date }>()
  for (const r of await repo.effectiveDutyBetween(db, committeeId, from, to, staffId)) {
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

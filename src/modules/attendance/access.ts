// Who may see and write a session (one plan, one service day). Committee officers and the
// school see every session of their plans; a care staff member sees only the session they
// signed in for, and writes it only until they sign out. A session is a list of other families'
// children, so a parent asking for it is a stranger to it (404), like anyone outside the
// committee; writes by a parent are a wrong hat (403).
import { authorize, type Hat, hatsForCommittee, INSIDERS } from '../../access.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import { type AppError, Forbidden, NotFound } from '../../errors.js'
import { requirePlan } from '../calendar/plan-calendar.js'
import type { PlanForService } from '../plans/service.js'
import { staffOfUser } from '../staff/service.js'
import { type DutyRow, effectiveDuty } from './repository.js'

export interface SessionAccess {
  plan: PlanForService
  /** The committee's hats, plus 'staff' (a staff member of it) and 'staff-on-duty' (signed in for this session). */
  hats: Set<Hat>
  /** The effective sign-in and sign-out records of the session (empty for strangers). */
  duty: DutyRow[]
  /** The actor's staff record at this committee, if any. */
  ownStaffId: string | null
  /** The same, when signed in for this session. */
  dutyStaffId: string | null
  /** Signed in and not yet signed out: may write the session's records. */
  onDutyNow: boolean
}

export async function sessionAccess(db: Db | Trx, ctx: Ctx, planId: string, date: string): Promise<SessionAccess> {
  const plan = await requirePlan(db, planId)
  const hats = hatsForCommittee(ctx.actor, { id: plan.committeeId, schoolId: plan.schoolId })
  const staff = await staffOfUser(db, plan.committeeId, ctx.actor.userId)
  if (staff) hats.add('staff')
  // Everyone's duty of the session in one query: the roster shows it too.
  const duty = hats.size > 0 ? await effectiveDuty(db, planId, date) : []
  const own = staff ? duty.filter((d) => d.staff_id === staff.id) : []
  const signedIn = own.some((d) => d.event === 'sign_in')
  if (signedIn) hats.add('staff-on-duty')
  return { plan, hats, duty, ownStaffId: staff?.id ?? null, dutyStaffId: signedIn ? staff!.id : null, onDutyNow: signedIn && !own.some((d) => d.event === 'sign_out') }
}

const planNotFound = (access: SessionAccess) => () => new NotFound('plan', `Plan ${access.plan.id} not found`)
/** A plan the school has not approved has no sessions; only officers and the school learn why. */
const seenBy = (access: SessionAccess) => (access.plan.approvedVersion ? undefined : INSIDERS)

/** Someone with no relation to the plan's committee learns nothing, not even the calendar: 404. */
export function requireRelation(access: SessionAccess): void {
  const known = seenBy(access)
  authorize(access.hats, { allowed: [...access.hats], action: 'see this session', ...(known ? { seenBy: known } : {}) }, planNotFound(access))
}

const ROSTER_READERS: readonly Hat[] = [...INSIDERS, 'staff-on-duty']

export function authorizeRosterRead(access: SessionAccess): void {
  authorize(access.hats, { allowed: ROSTER_READERS, action: 'see the roster', seenBy: seenBy(access) ?? ROSTER_READERS }, planNotFound(access))
}

/**
 * Attendance is taken by the staff on duty; the committee changes it only by correction. Staff
 * of the committee who are not signed in are told to sign in (403) — only reading the roster
 * hides a session from them (404). `notFound` names what a stranger asked for (a record, not its plan).
 */
export function authorizeSessionWrite(access: SessionAccess, action: string, alsoAllowed: readonly Hat[] = [], notFound: () => AppError = planNotFound(access)): void {
  if (access.onDutyNow) return
  if (alsoAllowed.some((h) => access.hats.has(h))) return
  if (access.dutyStaffId !== null) throw new Forbidden(`You have signed out of this session; to ${action} ask the chair to correct your sign-out`)
  if (access.ownStaffId !== null) throw new Forbidden(`Sign in for this session first: only the staff on duty may ${action}`)
  const known = seenBy(access)
  authorize(access.hats, { allowed: ['staff-on-duty', ...alsoAllowed], action, ...(known ? { seenBy: known } : {}) }, notFound)
}

/**
 * The hats towards one staff member's duty record: the committee's, plus 'staff' for the staff
 * member it is about. They know their own record exists (they signed it), so a refusal to them is
 * a wrong hat (403), never "not found"; another staff member's record stays unknown to them.
 */
export async function dutyRecordHats(db: Db | Trx, ctx: Ctx, record: { plan_id: string; service_date: string; staff_id: string }): Promise<Set<Hat>> {
  const access = await sessionAccess(db, ctx, record.plan_id, record.service_date)
  const hats = new Set(access.hats)
  hats.delete('staff')
  hats.delete('staff-on-duty')
  if (access.ownStaffId === record.staff_id) hats.add('staff')
  return hats
}

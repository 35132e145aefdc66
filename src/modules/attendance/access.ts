// Who may see and write a session (one plan, one service day). Committee officers and the
// school see every session of their plans; a care staff member sees only the session they
// signed in for, and writes it only until they sign out. Parents are known to the committee, so
// they get 403; everyone else, including staff of another plan or committee, learns nothing
// (404), as DESIGN.md asks.
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import { Forbidden, NotFound } from '../../errors.js'
import { requirePlan } from '../calendar/plan-calendar.js'
import type { PlanForService } from '../calendar/plan-for-service.js'
import { COMMITTEE_OFFICERS, type Hat, hatsForCommittee, OVERSIGHT } from '../schools/access.js'
import { staffOfUser } from '../staff/service.js'
import { type DutyRow, effectiveDuty } from './repository.js'

export interface SessionAccess {
  plan: PlanForService
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

const INSIDERS: Hat[] = [...OVERSIGHT, ...COMMITTEE_OFFICERS]

export function isInsider(hats: Set<Hat>): boolean {
  return INSIDERS.some((h) => hats.has(h))
}

/** A plan the school has not approved has no sessions; only officers and the school learn why. */
const unapprovedToOutsider = (access: SessionAccess) => !access.plan.approvedVersion && !isInsider(access.hats)

export async function sessionAccess(trx: Db | Trx, ctx: Ctx, planId: string, date: string): Promise<SessionAccess> {
  const plan = await requirePlan(trx, planId)
  const hats = hatsForCommittee(ctx.actor, { id: plan.committeeId, schoolId: plan.schoolId })
  const staff = await staffOfUser(trx, plan.committeeId, ctx.actor.userId)
  // Everyone's duty of the session in one query: the roster shows it too.
  const duty = staff || hats.size > 0 ? await effectiveDuty(trx, planId, date) : []
  const own = staff ? duty.filter((d) => d.staff_id === staff.id) : []
  const signedIn = own.some((d) => d.event === 'sign_in')
  return {
    plan,
    hats,
    duty,
    ownStaffId: staff?.id ?? null,
    dutyStaffId: signedIn ? staff!.id : null,
    onDutyNow: signedIn && !own.some((d) => d.event === 'sign_out'),
  }
}

/** Someone with no relation to the plan's committee learns nothing, not even the calendar: 404. */
export function requireRelation(access: SessionAccess): void {
  if ((access.hats.size === 0 && access.ownStaffId === null) || unapprovedToOutsider(access)) throw new NotFound('plan', `Plan ${access.plan.id} not found`)
}

function refuse(access: SessionAccess, action: string, need: string): never {
  if ((access.hats.size === 0 && access.dutyStaffId === null) || unapprovedToOutsider(access)) throw new NotFound('plan', `Plan ${access.plan.id} not found`)
  throw new Forbidden(`To ${action} you need to be ${need}`)
}

export function authorizeRosterRead(access: SessionAccess): void {
  if (access.dutyStaffId !== null || isInsider(access.hats)) return
  refuse(access, 'see the roster', 'on duty for this session, or an officer of the committee or the school')
}

/**
 * Attendance is taken by the staff on duty; the committee changes it only by correction. Staff
 * of the committee who are not signed in are told to sign in (403) — only reading the roster
 * hides a session from them (404).
 */
export function authorizeSessionWrite(access: SessionAccess, action: string, alsoAllowed: readonly Hat[] = []): void {
  if (access.onDutyNow) return
  if (alsoAllowed.some((h) => access.hats.has(h))) return
  if (access.dutyStaffId !== null) throw new Forbidden(`You have signed out of this session; to ${action} ask the chair to correct your sign-out`)
  if (access.ownStaffId !== null) throw new Forbidden(`Sign in for this session first: only the staff on duty may ${action}`)
  refuse(access, action, ['the staff on duty for this session', ...alsoAllowed].join(' or '))
}

// Care staff (托管服务人员) recorded by the committee. Hiring contracts (a later issue) extend
// this module; until then a staff member recorded by the committee may be put on duty.
import { INSIDERS } from '../../access.js'
import { chinaToday } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import { Conflict, RuleViolation } from '../../errors.js'
import { type PageQuery, paginate } from '../../http/pagination.js'
import { requireUser } from '../accounts/service.js'
import { recordAudit } from '../audit/service.js'
import { loadCommittee } from '../schools/service.js'
import * as repo from './repository.js'
import type { CreateStaffInput } from './schemas.js'

export type StaffRow = repo.StaffRow

export function staffOut(s: StaffRow) {
  return {
    id: s.id,
    committeeId: s.committee_id,
    userId: s.user_id,
    name: s.name,
    kind: s.kind,
    phone: s.phone,
    backgroundCheck: { issuedOn: s.background_issued_on, certificateNoMasked: `****${s.background_certificate_no.slice(-4)}` },
    qualifications: s.qualifications,
    createdAt: s.created_at,
  }
}

export async function createStaff(db: Db, ctx: Ctx, committeeId: string, input: CreateStaffInput) {
  return db.transaction().execute(async (trx) => {
    await loadCommittee(trx, ctx, committeeId, { allowed: ['chair'], action: 'record care staff' })
    if (input.backgroundCheck.issuedOn > chinaToday(ctx)) {
      throw new RuleViolation('background-check-invalid', `The background check cannot be issued in the future (${input.backgroundCheck.issuedOn})`, [
        { path: 'body.backgroundCheck.issuedOn', message: 'in the future' },
      ])
    }
    if (input.userId) {
      await requireUser(trx, input.userId)
      if (await repo.staffByUser(trx, committeeId, input.userId)) throw new Conflict('staff-user-taken', 'This account already belongs to a staff member of this committee')
    }
    const row = await repo.insertStaff(
      trx,
      {
        committeeId,
        userId: input.userId ?? null,
        name: input.name,
        kind: input.kind,
        phone: input.phone,
        certificateNo: input.backgroundCheck.certificateNo,
        issuedOn: input.backgroundCheck.issuedOn,
        qualifications: input.qualifications,
        createdBy: ctx.actor.userId,
      },
      ctx.now,
    )
    await recordAudit(trx, ctx, { action: 'staff.created', entityType: 'staff', entityId: row.id, data: { committeeId, name: row.name, kind: row.kind, userId: row.user_id } })
    return staffOut(row)
  })
}

export async function listStaff(db: Db, ctx: Ctx, committeeId: string, page: PageQuery) {
  await loadCommittee(db, ctx, committeeId, { allowed: INSIDERS, action: 'see the care staff' })
  const result = await paginate(repo.staffQuery(db, committeeId), page, { createdAt: 'created_at', id: 'id' })
  return { items: result.items.map(staffOut), nextCursor: result.nextCursor }
}

/** The staff record a signed-in user has at a committee, if any: how staff reach the roster. */
export const staffOfUser = (db: Db | Trx, committeeId: string, userId: string): Promise<StaffRow | undefined> => repo.staffByUser(db, committeeId, userId)

export const getStaffOfCommittee = (db: Db | Trx, committeeId: string, staffId: string): Promise<StaffRow | undefined> => repo.staffById(db, committeeId, staffId)

/** Staff names by id, for rosters and duty lists. */
export async function staffNames(db: Db | Trx, staffIds: string[]): Promise<Map<string, string>> {
  return new Map((await repo.namesOf(db, [...new Set(staffIds)])).map((s) => [s.id, s.name]))
}

/**
 * Locks a staff member's row for the rest of the transaction: their sign-ins, sign-outs and
 * corrections run one at a time, so two sessions cannot both see "not on duty elsewhere" and
 * both put them on duty. Returns nothing for someone who is not staff of this committee.
 */
export const lockStaff = (trx: Trx, committeeId: string, staffId: string): Promise<{ id: string } | undefined> => repo.lockStaffRow(trx, committeeId, staffId)

export type DutyEligibility = { eligible: true; staff: StaffRow } | { eligible: false; reason: string }

/**
 * THE rule for who may be put on duty on `date` (rule 8); duty records are what pay is computed
 * from, so every duty sign-in asks here. Today: a staff member the committee recorded, whose
 * background check was issued by that date. When hiring contracts exist this tightens to "has
 * an active, signed hiring contract with this committee covering `date`" — change it here only.
 */
export async function isStaffEligibleForDuty(db: Db | Trx, committeeId: string, staffId: string, date: string): Promise<DutyEligibility> {
  const staff = await getStaffOfCommittee(db, committeeId, staffId)
  if (!staff) return { eligible: false, reason: 'is not a staff member of this committee' }
  if (staff.background_issued_on > date) return { eligible: false, reason: `had no background check on ${date} (issued ${staff.background_issued_on})` }
  return { eligible: true, staff }
}

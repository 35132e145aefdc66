// Care staff (托管服务人员) recorded by the committee. Hiring contracts (a later issue) extend
// this module; until then a staff member recorded by the committee may be put on duty.
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import type { StaffTable } from '../../db/schema.js'
import { Conflict, RuleViolation } from '../../errors.js'
import { type PageQuery, paginate } from '../../http/pagination.js'
import { requireUser } from '../accounts/service.js'
import { recordAudit } from '../audit/service.js'
import { chinaToday } from '../../china-time.js'
import { COMMITTEE_OFFICERS, OVERSIGHT } from '../schools/access.js'
import { loadCommittee } from '../schools/service.js'
import type { CreateStaffInput } from './schemas.js'
import type { Selectable } from 'kysely'

type StaffRow = Selectable<StaffTable>

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

export async function createStaff(db: Db, ctx: Ctx, committeeId: string, input: CreateStaffInput, today = chinaToday()) {
  return db.transaction().execute(async (trx) => {
    await loadCommittee(trx, ctx, committeeId, ['chair'], 'record care staff')
    if (input.backgroundCheck.issuedOn > today) {
      throw new RuleViolation('background-check-invalid', `The background check cannot be issued in the future (${input.backgroundCheck.issuedOn})`, [{ path: 'body.backgroundCheck.issuedOn', message: 'in the future' }])
    }
    if (input.userId) {
      await requireUser(trx, input.userId)
      const taken = await trx.selectFrom('staff').select('id').where('committee_id', '=', committeeId).where('user_id', '=', input.userId).executeTakeFirst()
      if (taken) throw new Conflict('staff-user-taken', 'This account already belongs to a staff member of this committee')
    }
    const row = await trx
      .insertInto('staff')
      .values({
        committee_id: committeeId,
        user_id: input.userId ?? null,
        name: input.name,
        kind: input.kind,
        phone: input.phone,
        background_certificate_no: input.backgroundCheck.certificateNo,
        background_issued_on: input.backgroundCheck.issuedOn,
        qualifications: JSON.stringify(input.qualifications),
        created_by: ctx.actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await recordAudit(trx, ctx, { action: 'staff.created', entityType: 'staff', entityId: row.id, data: { committeeId, name: row.name, kind: row.kind, userId: row.user_id } })
    return staffOut(row)
  })
}

export async function listStaff(db: Db, ctx: Ctx, committeeId: string, page: PageQuery) {
  await loadCommittee(db, ctx, committeeId, [...OVERSIGHT, ...COMMITTEE_OFFICERS], 'see the care staff')
  const result = await paginate(db.selectFrom('staff').selectAll().where('committee_id', '=', committeeId), page, { createdAt: 'created_at', id: 'id' })
  return { items: result.items.map(staffOut), nextCursor: result.nextCursor }
}

/** The staff record a signed-in user has at a committee, if any: how staff reach the roster. */
export async function staffOfUser(trx: Db | Trx, committeeId: string, userId: string): Promise<StaffRow | undefined> {
  return trx.selectFrom('staff').selectAll().where('committee_id', '=', committeeId).where('user_id', '=', userId).executeTakeFirst()
}

export async function getStaffOfCommittee(trx: Db | Trx, committeeId: string, staffId: string): Promise<StaffRow | undefined> {
  return trx.selectFrom('staff').selectAll().where('committee_id', '=', committeeId).where('id', '=', staffId).executeTakeFirst()
}

/**
 * Locks a staff member's row for the rest of the transaction: their sign-ins, sign-outs and
 * corrections run one at a time, so two sessions cannot both see "not on duty elsewhere" and
 * both put them on duty. Returns nothing for someone who is not staff of this committee.
 */
export async function lockStaff(trx: Trx, committeeId: string, staffId: string): Promise<{ id: string } | undefined> {
  return trx.selectFrom('staff').select('id').where('committee_id', '=', committeeId).where('id', '=', staffId).forUpdate().executeTakeFirst()
}

export type DutyEligibility = { eligible: true; staff: StaffRow } | { eligible: false; reason: string }

/**
 * THE rule for who may be put on duty on `date` (rule 8); duty records are what pay is computed
 * from, so every duty sign-in asks here. Today: a staff member the committee recorded, whose
 * background check was issued by that date. When hiring contracts exist this tightens to "has
 * an active, signed hiring contract with this committee covering `date`" — change it here only.
 */
export async function isStaffEligibleForDuty(trx: Db | Trx, committeeId: string, staffId: string, date: string): Promise<DutyEligibility> {
  const staff = await getStaffOfCommittee(trx, committeeId, staffId)
  if (!staff) return { eligible: false, reason: 'is not a staff member of this committee' }
  if (staff.background_issued_on > date) return { eligible: false, reason: `had no background check on ${date} (issued ${staff.background_issued_on})` }
  return { eligible: true, staff }
}

// The SQL of charges, leave credits and subsidies.
import type { Insertable } from 'kysely'
import type { Db, Trx } from '../../db/index.js'
import type { ChargeCorrectionsTable, ChargesTable, LeaveCreditsTable } from '../../db/schema.js'

export const chargedEnrollments = (db: Db | Trx, planId: string, period: string) =>
  db.selectFrom('charges').select('enrollment_id').where('plan_id', '=', planId).where('period', '=', period).execute()

export async function insertCharges(trx: Trx, rows: Insertable<ChargesTable>[]) {
  const out: { id: string; enrollment_id: string }[] = []
  for (let i = 0; i < rows.length; i += 1000)
    out.push(
      ...(await trx
        .insertInto('charges')
        .values(rows.slice(i, i + 1000))
        .returning(['id', 'enrollment_id'])
        .execute()),
    )
  return out
}

/** A plan's charges; with `enrollmentIds`, of those families only. */
export const chargesOfPlan = (db: Db | Trx, planId: string, enrollmentIds?: string[]) =>
  db
    .selectFrom('charges')
    .selectAll()
    .where('plan_id', '=', planId)
    .$if(enrollmentIds !== undefined, (q) => q.where('enrollment_id', 'in', enrollmentIds!))
    .orderBy('period')
    .orderBy('created_at')
    .execute()

export const chargesOfEnrollment = (db: Db | Trx, enrollmentId: string) =>
  db.selectFrom('charges').selectAll().where('enrollment_id', '=', enrollmentId).orderBy('period').execute()

export const chargesOfPeriod = (db: Db | Trx, planId: string, period: string) =>
  db.selectFrom('charges').selectAll().where('plan_id', '=', planId).where('period', '=', period).execute()

export const leaveMonthBooked = (db: Db | Trx, planId: string, period: string) =>
  db.selectFrom('leave_credit_months').select('booked_at').where('plan_id', '=', planId).where('period', '=', period).executeTakeFirst()

export const markLeaveMonthBooked = (trx: Trx, planId: string, period: string, credits: number, now: Date) =>
  trx.insertInto('leave_credit_months').values({ plan_id: planId, period, credits, booked_at: now }).execute()

export async function insertLeaveCredits(trx: Trx, rows: Insertable<LeaveCreditsTable>[]) {
  for (let i = 0; i < rows.length; i += 1000)
    await trx
      .insertInto('leave_credits')
      .values(rows.slice(i, i + 1000))
      .execute()
}

export const leaveCreditsOfPlan = (db: Db | Trx, planId: string, enrollmentIds?: string[]) =>
  db
    .selectFrom('leave_credits')
    .selectAll()
    .where('plan_id', '=', planId)
    .$if(enrollmentIds !== undefined, (q) => q.where('enrollment_id', 'in', enrollmentIds!))
    .orderBy('period')
    .execute()

export const leaveCreditsOfEnrollment = (db: Db | Trx, enrollmentId: string) =>
  db.selectFrom('leave_credits').selectAll().where('enrollment_id', '=', enrollmentId).orderBy('period').execute()

export const subsidyOf = (db: Db | Trx, planId: string, period: string) =>
  db.selectFrom('subsidies').selectAll().where('plan_id', '=', planId).where('period', '=', period).executeTakeFirst()

export const insertSubsidy = (
  trx: Trx,
  s: {
    committeeId: string
    planId: string
    period: string
    amountFen: number
    claimedFen: number
    method: 'cash' | 'bank' | 'wechat' | 'alipay'
    receivedOn: string
    reference: string | null
    recordedBy: string
    entryId: string
  },
  now: Date,
) =>
  trx
    .insertInto('subsidies')
    .values({
      committee_id: s.committeeId,
      plan_id: s.planId,
      period: s.period,
      amount_fen: s.amountFen,
      claimed_fen: s.claimedFen,
      method: s.method,
      received_on: s.receivedOn,
      reference: s.reference,
      recorded_by: s.recordedBy,
      entry_id: s.entryId,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()

export const subsidiesOfPlan = (db: Db | Trx, planId: string) => db.selectFrom('subsidies').selectAll().where('plan_id', '=', planId).orderBy('period').execute()

export const periodsOfCharges = (db: Db | Trx, chargeIds: string[]) =>
  chargeIds.length === 0 ? Promise.resolve([]) : db.selectFrom('charges').select(['id', 'period']).where('id', 'in', chargeIds).execute()

export const correctionsOfPlan = (db: Db | Trx, planId: string, enrollmentIds?: string[]) =>
  db
    .selectFrom('charge_corrections')
    .selectAll()
    .where('plan_id', '=', planId)
    .$if(enrollmentIds !== undefined, (q) => q.where('enrollment_id', 'in', enrollmentIds!))
    .execute()

export const correctionsOfEnrollment = (db: Db | Trx, enrollmentId: string) => db.selectFrom('charge_corrections').selectAll().where('enrollment_id', '=', enrollmentId).execute()

export async function insertCorrections(trx: Trx, rows: Insertable<ChargeCorrectionsTable>[]) {
  for (let i = 0; i < rows.length; i += 1000)
    await trx
      .insertInto('charge_corrections')
      .values(rows.slice(i, i + 1000))
      .execute()
}

// Charges corrected after a withdrawal. A period may be billed before it starts (a month a week
// ahead, a termly plan's whole term at once); a family that then withdraws is no longer in care on
// some of the service days the charge counted, and must not owe for them. The charge stays (rows
// are append-only): a correction entry gives back, against fee income, what it charged beyond the
// days still in care, by the charge's own partial-month rule — once per charge (a unique key).
import { chinaToday } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Trx } from '../../db/index.js'
import { recordAuditMany } from '../audit/service.js'
import { type FamilyForMoney, familyOfEnrollment } from '../enrollment/service.js'
import { type EntryLine, type FundLock, lastDayOf, lockFund, type NewEntry, postEntries } from '../ledger/service.js'
import { withdrawalCorrection } from './amounts.js'
import { type FundContext, familyDates, loadFundContext, monthsOfPeriod, periodLabel, periodStartsOn } from './fund-context.js'
import * as repo from './repository.js'

export interface CorrectionsBooked {
  /** Charges corrected. */
  charges: number
  /** Fee income given back. */
  totalFen: number
  /** Of which waived (a low-income family's waiver undone with it). */
  waivedFen: number
}

/**
 * Corrects every charge of these families that their withdrawal leaves service days no longer in
 * care, and that is not corrected yet: a charge of a period the withdrawal cuts into that counted
 * more days than the family is in care now (the one service-day function, rule 7a) — it was made
 * before the withdrawal — is corrected to the charge for the days in care (its own rule:
 * 'service_days' prorates, 'none' keeps the whole fee while a day is left); the rest is credited back — never more than the family still owes for the charge
 * (its waiver and leave credits), and a paid charge's correction becomes the family's credit. The
 * entry is dated on the period's first day, or today if later (never into the past), so it is
 * booked with the charge when it can be. The caller holds the fund (FundLock).
 */
export async function correctWithdrawnCharges(trx: Trx, ctx: Ctx, lock: FundLock, fc: FundContext, families: readonly FamilyForMoney[]): Promise<CorrectionsBooked> {
  const none = { charges: 0, totalFen: 0, waivedFen: 0 }
  const withdrawn = new Map(families.filter((f) => f.withdrawnOn !== null && f.startsOn !== null).map((f) => [f.enrollmentId, f]))
  if (withdrawn.size === 0 || lock.closed) return none
  const today = chinaToday(ctx)
  // Only the withdrawn families' rows: a withdrawal reads its own family, not the whole plan.
  const ids = [...withdrawn.keys()]
  const charges = await repo.chargesOfPlan(trx, fc.planId, ids)
  if (charges.length === 0) return none
  const corrected = new Set((await repo.correctionsOfPlan(trx, fc.planId, ids)).map((c) => c.charge_id))
  const credits = await repo.leaveCreditsOfPlan(trx, fc.planId, ids)
  const made = []
  for (const charge of charges) {
    if (corrected.has(charge.id)) continue
    const family = withdrawn.get(charge.enrollment_id)!
    const months = monthsOfPeriod(fc, charge.period)
    if (lastDayOf(months.at(-1)!) < family.withdrawnOn!) continue // care ended after the period: nothing lost
    // Only a period the withdrawal cuts into (days in care without it, and not with it), and only
    // a charge that counted more days than are in care now: one made before the withdrawal.
    const inCare = familyDates(fc, family, months).length
    if (familyDates(fc, { ...family, withdrawnOn: null }, months).length <= inCare) continue
    const leave = credits.filter((l) => l.enrollment_id === charge.enrollment_id && (charge.period === 'term' || l.period === charge.period)).reduce((s, l) => s + l.amount_fen, 0)
    const terms = {
      standardFen: charge.standard_fen,
      amountFen: charge.amount_fen,
      waivedFen: charge.waived_fen,
      serviceDays: charge.service_days,
      planServiceDays: charge.plan_service_days,
      rule: charge.partial_month,
    }
    const c = withdrawalCorrection(terms, inCare, leave)
    if (c) made.push({ charge, family, ...c })
  }
  if (made.length === 0) return none
  const entries: NewEntry[] = made.map((m) => {
    const lines: EntryLine[] = [
      { account: 'fee_income', amountFen: m.amountFen },
      { account: 'receivable', amountFen: -m.amountFen, enrollmentId: m.family.enrollmentId },
    ]
    if (m.waivedFen > 0) lines.push({ account: 'receivable', amountFen: m.waivedFen, enrollmentId: m.family.enrollmentId }, { account: 'waivers', amountFen: -m.waivedFen })
    const startsOn = periodStartsOn(fc, m.charge.period)
    return {
      entryDate: [startsOn, today].sort()[1]!,
      sourceType: 'charge_correction',
      sourceId: m.charge.id,
      reason: 'withdrawal',
      description: `${periodLabel(m.charge.period)}托管费退托冲减（${m.family.withdrawnOn} 起不在托，按 ${m.serviceDays} 个服务日计${m.waivedFen > 0 ? '，减免同冲' : ''}）`,
      lines,
    }
  })
  const posted = await postEntries(trx, ctx, lock, entries)
  await repo.insertCorrections(
    trx,
    made.map((m, i) => ({
      plan_id: fc.planId,
      enrollment_id: m.family.enrollmentId,
      charge_id: m.charge.id,
      reason: 'withdrawal' as const,
      withdrawn_on: m.family.withdrawnOn!,
      service_days: m.serviceDays,
      amount_fen: m.amountFen,
      waived_fen: m.waivedFen,
      entry_id: posted[i]!.id,
      created_at: ctx.now,
    })),
  )
  await recordAuditMany(
    trx,
    ctx,
    made.map((m) => ({
      action: 'charge.corrected',
      entityType: 'enrollment',
      entityId: m.family.enrollmentId,
      data: {
        chargeId: m.charge.id,
        period: m.charge.period,
        reason: 'withdrawal',
        withdrawnOn: m.family.withdrawnOn,
        serviceDays: m.serviceDays,
        amountFen: m.amountFen,
        waivedFen: m.waivedFen,
      },
    })),
  )
  return { charges: made.length, totalFen: made.reduce((s, m) => s + m.amountFen, 0), waivedFen: made.reduce((s, m) => s + m.waivedFen, 0) }
}

/**
 * The enrollment module's hook, in the withdrawal's own transaction (after the enrollment row is
 * written, under the plan's lock): corrects the family's charges its withdrawal leaves days no
 * longer in care. A family never charged has nothing to correct, and its fund is not touched; a
 * charge made concurrently with the withdrawal is corrected by the next billing run, which
 * corrects what is left (once: the unique key). A settled fund's books are closed: nothing is
 * booked there (the term is over).
 */
export async function correctChargesAfterWithdrawal(trx: Trx, ctx: Ctx, enrollmentId: string): Promise<CorrectionsBooked> {
  const family = await familyOfEnrollment(trx, enrollmentId)
  if (!family || family.withdrawnOn === null || (await repo.chargesOfEnrollment(trx, enrollmentId)).length === 0) return { charges: 0, totalFen: 0, waivedFen: 0 }
  const fc = await loadFundContext(trx, family.planId)
  const lock = await lockFund(trx, fc.committeeId, fc.planId, ctx.now, { allowClosed: true })
  return correctWithdrawnCharges(trx, ctx, lock, fc, [family])
}

import type { Db, Trx } from '../../db/index.js'
import type { FamilyForMoney } from '../enrollment/service.js'
import { type FundTerms, familyDates, loadFundContext } from './fund-context.js'
import * as repo from './repository.js'

export interface ChargeView {
  id: string
  period: string
  planVersion: number
  standardFen: number
  amountFen: number
  waivedFen: number
  /** Leave credits of the charge's month(s). */
  leaveCreditFen: number
  /**
   * A withdrawal left the charge service days no longer in care: what its correction gave back
   * (`amountFen`, against fee income), of which waived, and the days still in care it counts.
   */
  correction: { reason: 'withdrawal'; withdrawnOn: string; serviceDays: number; amountFen: number; waivedFen: number; bookedAt: Date } | null
  /** What the family owes for it: amount − waiver − leave credit − the correction (net of its waiver), never below 0. */
  netFen: number
  serviceDays: number
  planServiceDays: number
  chargedOn: string
  dueOn: string
}

export async function chargesOfFamily(db: Db | Trx, enrollmentId: string): Promise<ChargeView[]> {
  const charges = await repo.chargesOfEnrollment(db, enrollmentId)
  const credits = await repo.leaveCreditsOfEnrollment(db, enrollmentId)
  const corrections = await repo.correctionsOfEnrollment(db, enrollmentId)
  return viewCharges(charges, credits, corrections)
}

/** Charges with their leave credits and corrections (of one family, or a plan's: matched by family and charge). */
export function viewCharges(
  charges: Awaited<ReturnType<typeof repo.chargesOfEnrollment>>,
  credits: Awaited<ReturnType<typeof repo.leaveCreditsOfEnrollment>>,
  corrections: Awaited<ReturnType<typeof repo.correctionsOfEnrollment>>,
): ChargeView[] {
  const byCharge = new Map(corrections.map((c) => [c.charge_id, c]))
  return charges.map((c) => {
    const leave = credits.filter((l) => l.enrollment_id === c.enrollment_id && (c.period === 'term' || l.period === c.period)).reduce((s, l) => s + l.amount_fen, 0)
    const k = byCharge.get(c.id)
    const correction = k
      ? { reason: k.reason, withdrawnOn: k.withdrawn_on, serviceDays: k.service_days, amountFen: k.amount_fen, waivedFen: k.waived_fen, bookedAt: k.created_at }
      : null
    return {
      id: c.id,
      period: c.period,
      planVersion: c.plan_version,
      standardFen: c.standard_fen,
      amountFen: c.amount_fen,
      waivedFen: c.waived_fen,
      leaveCreditFen: leave,
      correction,
      netFen: Math.max(0, c.amount_fen - c.waived_fen - leave - (correction ? correction.amountFen - correction.waivedFen : 0)),
      serviceDays: c.service_days,
      planServiceDays: c.plan_service_days,
      chargedOn: c.charged_on,
      dueOn: c.due_on,
    }
  })
}

/**
 * Which charges are still open, given what the family owes now: payments pay the oldest charges
 * first, so what is owed sits on the newest ones. Returns oldest first, with each open amount.
 */
export function openCharges(charges: readonly ChargeView[], receivableFen: number): { charge: ChargeView; openFen: number }[] {
  let left = receivableFen
  const open: { charge: ChargeView; openFen: number }[] = []
  for (const charge of [...charges].sort((a, b) => (a.period < b.period ? 1 : -1))) {
    if (left <= 0) break
    const openFen = Math.min(charge.netFen, left)
    if (openFen > 0) open.push({ charge, openFen })
    left -= openFen
  }
  return open.reverse()
}

/**
 * The most a family can still be charged this term at the standard of its version, for periods
 * not charged yet (0 for a waived family): held credit may never exceed it (no prepaying beyond
 * the term, rule 7). A period counts while the family is in care on one of its service days;
 * without the calendar (`inCare` absent) by its dates, which is exact for a family that has not
 * withdrawn.
 */
export function futureChargesFen(fc: FundTerms, family: FamilyForMoney, charged: ReadonlySet<string>, inCare?: (period: string) => boolean): number {
  if (family.startsOn === null || family.feeWaived) return 0
  const v = fc.versions.get(family.planVersion)
  if (!v) return 0
  const periods = v.billing === 'term' ? ['term'] : fc.months
  let total = 0
  for (const period of periods) {
    if (charged.has(period)) continue
    const last = period === 'term' ? fc.termEndsOn : `${period}-31`
    const first = period === 'term' ? fc.termStartsOn : `${period}-01`
    if (family.startsOn > last || (family.withdrawnOn !== null && family.withdrawnOn <= first)) continue
    if (inCare && !inCare(period)) continue
    total += v.feeFen
  }
  return total
}

/**
 * futureChargesFen, exact for a family that withdrew: a month in which its withdrawal leaves it no
 * service day (the first days of the month were holidays) will never be charged, so it cannot be
 * prepaid. Only then is the calendar loaded.
 */
export async function prepayableFen(db: Db | Trx, fc: FundTerms, family: FamilyForMoney, charged: ReadonlySet<string>): Promise<number> {
  if (family.withdrawnOn === null) return futureChargesFen(fc, family, charged)
  const ctx = await loadFundContext(db, fc.planId)
  return futureChargesFen(fc, family, charged, (period) => familyDates(ctx, family, period === 'term' ? fc.months : [period]).length > 0)
}

// The arithmetic of fees, pure and in integer fen. Every amount a family is charged or credited
// is computed here, from service days counted by the one calendar function (rule 7a).
import type { LeaveCreditRule, PartialMonth } from '../../db/schema.js'
import type { Fen } from '../../money.js'

/**
 * A family's charge for a period at the approved standard: the whole fee when it is in care every
 * service day of it, or under the 'none' rule on any day; under 'service_days', fee × its days ÷
 * the plan's days, rounded down. Never above the standard (rule 4).
 */
export function chargeAmount(standardFen: Fen, rule: PartialMonth, familyDays: number, planDays: number): Fen {
  if (!Number.isSafeInteger(standardFen) || standardFen < 0) throw new RangeError(`not a fee standard: ${standardFen}`)
  if (familyDays <= 0 || planDays <= 0 || familyDays > planDays) throw new RangeError(`service days ${familyDays} of ${planDays}`)
  if (rule === 'none' || familyDays === planDays) return standardFen
  return Number((BigInt(standardFen) * BigInt(familyDays)) / BigInt(planDays))
}

/**
 * The leave days that count: every leave service day, or with `minConsecutiveDays` only the days
 * of runs of at least that many consecutive service days all on leave (a run that reaches N
 * counts every one of its days). Consecutive means no service day between them.
 */
export function countedLeaveDays(serviceDates: readonly string[], leaveDates: readonly string[], minConsecutiveDays?: number): string[] {
  const leave = new Set(leaveDates)
  if (!minConsecutiveDays || minConsecutiveDays <= 1) return serviceDates.filter((d) => leave.has(d))
  const counted: string[] = []
  let run: string[] = []
  for (const d of [...serviceDates, '']) {
    if (leave.has(d)) {
      run.push(d)
      continue
    }
    if (run.length >= minConsecutiveDays) counted.push(...run)
    run = []
  }
  return counted
}

/**
 * The credit for a family's leave days in a month: a fixed amount per day, or the day rate (the
 * monthly fee ÷ the plan's service days that month, rounded down); never more than `capFen`
 * (the month's charge less its waiver, less credits already given), so a family that owes 0 gets 0.
 */
export function leaveCreditAmount(rule: LeaveCreditRule, days: number, monthlyFeeFen: Fen, planDaysInMonth: number, capFen: Fen): Fen {
  if (rule.kind === 'none' || days <= 0 || capFen <= 0) return 0
  const perDay = rule.kind === 'fixed' ? rule.amountFen : planDaysInMonth > 0 ? Math.floor(monthlyFeeFen / planDaysInMonth) : 0
  return Math.min(perDay * days, capFen)
}

export interface ChargeTerms {
  standardFen: Fen
  amountFen: Fen
  waivedFen: Fen
  serviceDays: number
  planServiceDays: number
  rule: PartialMonth
}

/**
 * The correction of a charge that counted more service days than the family is in care after its
 * withdrawal (`daysInCare`, of the charge's period): the charge is what billing makes of the days
 * in care (chargeAmount, by the charge's own standard, rule and plan days; 0 when none is left),
 * so what it charged beyond that is given back and a waiver undone in step (a low-income family
 * still owes 0). Never more than the family still owes for the charge (`leaveCreditedFen`: its
 * leave credits already booked). Null when nothing changes: no day lost, or the 'none' rule with a
 * day still in care.
 */
export function withdrawalCorrection(charge: ChargeTerms, daysInCare: number, leaveCreditedFen: Fen): { serviceDays: number; amountFen: Fen; waivedFen: Fen } | null {
  if (daysInCare >= charge.serviceDays) return null
  const serviceDays = Math.max(0, daysInCare)
  const amount = serviceDays === 0 ? 0 : chargeAmount(charge.standardFen, charge.rule, serviceDays, charge.planServiceDays)
  const waived = charge.waivedFen === charge.amountFen ? amount : Math.min(charge.waivedFen, amount)
  const undone = charge.waivedFen - waived
  const open = Math.max(0, charge.amountFen - charge.waivedFen - leaveCreditedFen)
  const given = Math.min(charge.amountFen - amount, undone + open)
  if (given <= 0) return null
  return { serviceDays, amountFen: given, waivedFen: undone }
}

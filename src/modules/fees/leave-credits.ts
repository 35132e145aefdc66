import type { Ctx } from '../../context.js'
import type { Trx } from '../../db/index.js'
import { leaveDatesForPlan } from '../attendance/service.js'
import { familiesOfPlan } from '../enrollment/service.js'
import { type FundLock, lastDayOf, type NewEntry, postEntries } from '../ledger/service.js'
import { countedLeaveDays, leaveCreditAmount } from './amounts.js'
import { type FundContext, familyDates, planDates, versionOf } from './fund-context.js'
import * as repo from './repository.js'

/**
 * Books a month's leave credits for every family charged for it, once the month has ended and
 * only once (leave_credit_months): from the family's recorded leave (the attendance module's
 * rule) on its service days, by the plan's rule, credited to that month and never more than that
 * month's charge less its waiver (and less a withdrawal's correction of it) — so a low-income
 * family, which owes 0, gets none. A credit on a
 * month already paid becomes the family's held credit. A month nobody was charged for yet waits;
 * a family charged for a month whose credits were already booked (`lateCharges`) is credited then.
 */
async function bookLeaveCredits(trx: Trx, ctx: Ctx, lock: FundLock, fc: FundContext, month: string, lateCharges: ReadonlySet<string>) {
  const booked = await repo.leaveMonthBooked(trx, fc.planId, month)
  if (booked && lateCharges.size === 0) return null
  const all = fc.approved.billing === 'term' ? await repo.chargesOfPeriod(trx, fc.planId, 'term') : await repo.chargesOfPeriod(trx, fc.planId, month)
  const creditedThisMonth = new Set((await repo.leaveCreditsOfPlan(trx, fc.planId)).filter((l) => l.period === month).map((l) => l.enrollment_id))
  const charges = booked ? all.filter((c) => lateCharges.has(c.enrollment_id) && !creditedThisMonth.has(c.enrollment_id)) : all
  if (charges.length === 0) return null
  const families = new Map((await familiesOfPlan(trx, fc.planId)).map((f) => [f.enrollmentId, f]))
  const serviceDates = new Map<string, string[]>()
  for (const c of charges) serviceDates.set(c.enrollment_id, familyDates(fc, families.get(c.enrollment_id)!, [month]))
  const leave = await leaveDatesForPlan(trx, fc.planId, serviceDates)
  const credited = new Map<string, number>()
  if (fc.approved.billing === 'term')
    for (const l of await repo.leaveCreditsOfPlan(trx, fc.planId)) credited.set(l.enrollment_id, (credited.get(l.enrollment_id) ?? 0) + l.amount_fen)
  // What a withdrawal's correction already took off a charge is not credited again.
  const correctedNet = new Map((await repo.correctionsOfPlan(trx, fc.planId)).map((c) => [c.charge_id, c.amount_fen - c.waived_fen]))
  const planDaysInMonth = planDates(fc, [month]).length
  const planDaysInTerm = fc.approved.billing === 'term' ? planDates(fc, fc.months).length : planDaysInMonth
  const credits: { enrollmentId: string; days: number; amount: number }[] = []
  for (const charge of charges) {
    const family = families.get(charge.enrollment_id)!
    const rule = versionOf(fc, family).leaveCredit
    if (rule.kind === 'none') continue
    const days = countedLeaveDays(serviceDates.get(charge.enrollment_id) ?? [], leave.get(charge.enrollment_id) ?? [], rule.minConsecutiveDays).length
    const cap = charge.amount_fen - charge.waived_fen - (credited.get(charge.enrollment_id) ?? 0) - (correctedNet.get(charge.id) ?? 0)
    // The day rate of a termly plan is its term fee over the term's service days.
    const amount = leaveCreditAmount(rule, days, charge.standard_fen, fc.approved.billing === 'term' ? planDaysInTerm : planDaysInMonth, cap)
    if (amount > 0) credits.push({ enrollmentId: charge.enrollment_id, days, amount })
  }
  const label = `${Number(month.slice(5))}月`
  const entries: NewEntry[] = credits.map((c) => ({
    entryDate: lastDayOf(month),
    sourceType: 'leave_credit',
    description: `${label}请假退费（${c.days} 个服务日）`,
    lines: [
      { account: 'leave_credits', amountFen: c.amount },
      { account: 'receivable', amountFen: -c.amount, enrollmentId: c.enrollmentId },
    ],
  }))
  const posted = await postEntries(trx, ctx, lock, entries)
  await repo.insertLeaveCredits(
    trx,
    credits.map((c, i) => ({
      plan_id: fc.planId,
      enrollment_id: c.enrollmentId,
      period: month,
      leave_days: c.days,
      amount_fen: c.amount,
      entry_id: posted[i]!.id,
      created_at: ctx.now,
    })),
  )
  if (!booked) await repo.markLeaveMonthBooked(trx, fc.planId, month, credits.length, ctx.now)
  return { period: month, families: credits.length, totalFen: credits.reduce((s, c) => s + c.amount, 0) }
}

/**
 * Books the leave credits of every month of the term that has ended: by the next billing run or
 * by publishing the month, whichever comes first. `late`: the families a billing run just charged
 * for a period, credited now for its months that had already ended and been booked.
 */
export async function bookEndedLeaveCredits(
  trx: Trx,
  ctx: Ctx,
  lock: FundLock,
  fc: FundContext,
  today: string,
  late?: { months: readonly string[]; enrollmentIds: ReadonlySet<string> },
) {
  const booked = []
  for (const month of fc.months) {
    if (lastDayOf(month) >= today) break
    const result = await bookLeaveCredits(trx, ctx, lock, fc, month, late?.months.includes(month) ? late.enrollmentIds : new Set())
    if (result) booked.push(result)
  }
  return booked
}

import { chinaToday } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import { transact } from '../../db/transaction.js'
import { RuleViolation } from '../../errors.js'
import { formatYuan } from '../../money.js'
import { recordAudit } from '../audit/service.js'
import { addDays } from '../calendar/iso-date.js'
import { familiesOfPlan } from '../enrollment/service.js'
import { BOOK_READERS, type EntryLine, lockFund, type NewEntry, postEntries } from '../ledger/service.js'
import { loadPlan } from '../plans/service.js'
import { chargeAmount } from './amounts.js'
import { correctWithdrawnCharges } from './corrections.js'
import { familyDates, loadFundContext, monthsOfPeriod, periodLabel, periodStartsOn, planDates, versionOf } from './fund-context.js'
import { bookEndedLeaveCredits } from './leave-credits.js'
import * as repo from './repository.js'

/** How far ahead of a period it may be billed: a week, never more (no collecting ahead, rule 7). */
const BILL_AHEAD_DAYS = 7

/**
 * Charges every family in care during a period — a month of the term for a monthly plan, the
 * term for a termly one — at the fee standard of the version it signed (rule 4), by the plan's
 * partial-month rule, from the one service-day count (rule 7a). A low-income family is charged at
 * the standard and waived in full, so it owes 0 and the books show what was waived. Running a
 * period again charges only the families not charged for it yet (the database refuses a second
 * charge too). Then charges a withdrawal left days no longer in care and not yet corrected are
 * corrected, and the leave credits of months that have ended are booked.
 */
export async function runBilling(db: Db, ctx: Ctx, planId: string, input: { period: string }) {
  await loadPlan(db, ctx, planId, { allowed: ['treasurer'], action: 'bill a period', seenBy: BOOK_READERS })
  return transact(db, async (trx) => {
    const fc = await loadFundContext(trx, planId)
    const { period } = input
    const billing = fc.approved.billing
    if (billing === 'term' && period !== 'term') {
      throw new RuleViolation('period-invalid', 'This plan is billed per term: bill the period "term"', [{ path: 'body.period', message: 'must be "term"' }])
    }
    if (billing === 'monthly' && period === 'term') {
      throw new RuleViolation('period-invalid', 'This plan is billed per month: bill a month of the term, e.g. "2026-09"', [{ path: 'body.period', message: 'must be a month' }])
    }
    if (billing === 'monthly' && !fc.months.includes(period)) {
      throw new RuleViolation('period-outside-term', `${period} is not a month of the term (${fc.termStartsOn} to ${fc.termEndsOn}); bill one of ${fc.months.join(', ')}`, [
        { path: 'body.period', message: `one of ${fc.months.join(', ')}` },
      ])
    }
    const today = chinaToday(ctx)
    const startsOn = periodStartsOn(fc, period)
    const earliest = addDays(startsOn, -BILL_AHEAD_DAYS)
    if (today < earliest) {
      throw new RuleViolation(
        'billing-too-early',
        `${period} starts on ${startsOn}; it can be billed from ${earliest} (a week ahead), not today (${today}): fees are not collected ahead`,
        [{ path: 'body.period', message: `billable from ${earliest}` }],
      )
    }
    const lock = await lockFund(trx, fc.committeeId, planId, ctx.now)

    const months = monthsOfPeriod(fc, period)
    const planDays = planDates(fc, months).length
    const already = new Set((await repo.chargedEnrollments(trx, planId, period)).map((c) => c.enrollment_id))
    const families = await familiesOfPlan(trx, planId)
    const due = addDays(today, fc.approved.dueDays)
    const charges: { family: (typeof families)[number]; standard: number; amount: number; waived: number; days: number; version: number; rule: 'none' | 'service_days' }[] = []
    let notInCare = 0
    for (const family of families) {
      if (already.has(family.enrollmentId)) continue
      const days = familyDates(fc, family, months).length
      if (days === 0) {
        notInCare++
        continue
      }
      const v = versionOf(fc, family)
      const amount = chargeAmount(v.feeFen, v.partialMonth, days, planDays)
      if (amount === 0) continue
      charges.push({ family, standard: v.feeFen, amount, waived: family.feeWaived ? amount : 0, days, version: v.version, rule: v.partialMonth })
    }
    const label = periodLabel(period)
    const entries: NewEntry[] = charges.map((c) => {
      const lines: EntryLine[] = [
        { account: 'receivable', amountFen: c.amount, enrollmentId: c.family.enrollmentId },
        { account: 'fee_income', amountFen: -c.amount },
      ]
      if (c.waived > 0) lines.push({ account: 'waivers', amountFen: c.waived }, { account: 'receivable', amountFen: -c.waived, enrollmentId: c.family.enrollmentId })
      return { entryDate: startsOn, sourceType: 'charge', description: `${label}托管费${c.waived > 0 ? '（建档立卡减免）' : ''}`, lines }
    })
    const posted = await postEntries(trx, ctx, lock, entries)
    await repo.insertCharges(
      trx,
      charges.map((c, i) => ({
        committee_id: fc.committeeId,
        plan_id: planId,
        enrollment_id: c.family.enrollmentId,
        period,
        plan_version: c.version,
        standard_fen: c.standard,
        amount_fen: c.amount,
        waived_fen: c.waived,
        service_days: c.days,
        plan_service_days: planDays,
        partial_month: c.rule,
        charged_on: today,
        due_on: due,
        entry_id: posted[i]!.id,
        created_at: ctx.now,
      })),
    )
    // A charge made before a withdrawal that leaves it days no longer in care (billed ahead) is
    // corrected when the withdrawal is recorded; whatever is left (a charge made concurrently, or
    // before corrections existed) is corrected here, once.
    const corrected = await correctWithdrawnCharges(trx, ctx, lock, fc, families)
    // After the charges: a month that has ended is credited against what it was charged.
    const leave = await bookEndedLeaveCredits(trx, ctx, lock, fc, today, { months, enrollmentIds: new Set(charges.map((c) => c.family.enrollmentId)) })
    const totalFen = charges.reduce((s, c) => s + c.amount, 0)
    const waivedFen = charges.reduce((s, c) => s + c.waived, 0)
    await recordAudit(trx, ctx, { action: 'billing.run', entityType: 'plan', entityId: planId, data: { period, charged: charges.length, totalFen, waivedFen } })
    return {
      planId,
      period,
      planServiceDays: planDays,
      charged: charges.length,
      alreadyCharged: already.size,
      notInCare,
      totalFen,
      waivedFen,
      dueOn: due,
      leaveCreditsBooked: leave,
      withdrawalCorrections: corrected,
      summary: `${label}：${charges.length} 户，应收 ${formatYuan(totalFen)} 元，其中减免 ${formatYuan(waivedFen)} 元`,
    }
  })
}

import { chinaToday } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import { familiesOfPlan } from '../enrollment/service.js'
import { pendingExpenses } from '../expenses/service.js'
import { loadFundTerms } from '../fees/service.js'
import { familyPositions, publishedThrough, spentByCategory, trialBalance } from '../ledger/service.js'
import { netPaidByFamily } from '../payments/service.js'
import type { PlanForService } from '../plans/service.js'
import { shareSurplus } from './share.js'

export interface SettlementOptions {
  /** The school's rule keeps the subsidy in the programme: it is carried over, not refunded. */
  carryOverSubsidy?: boolean | undefined
}

/**
 * A term's settlement as it would be now (rule 7): the fund's totals, the surplus or deficit, what
 * is carried over and why, and each family's refund — its share of the refundable surplus and the
 * credit it still holds — plus what stands in the way of committing it.
 *   surplus = fees charged − waivers − leave credits − write-offs + subsidy received − approved expenses
 *   (fees charged and waivers from their accounts' balances: net of withdrawals' corrections)
 *   carry-over = the subsidy (at most the surplus) where the school's rule keeps it in the programme
 *   refundable = surplus − carry-over, shared by what each family paid net of its held credit
 */
export async function computeSettlement(db: Db | Trx, ctx: Ctx, plan: PlanForService, opts: SettlementOptions) {
  const terms = await loadFundTerms(db, plan)
  const trial = await trialBalance(db, { planId: plan.id })
  const balance = (account: string) => trial.accounts.filter((a) => a.account === account).reduce((s, a) => s + a.balanceFen, 0)
  const families = await familiesOfPlan(db, plan.id)
  const paid = await netPaidByFamily(db, plan.id)
  const positions = await familyPositions(db, plan.id)
  const spent = await spentByCategory(db, plan.id)
  const totals = {
    chargedFen: -balance('fee_income'),
    waiversFen: balance('waivers'),
    leaveCreditsFen: balance('leave_credits'),
    writeOffsFen: balance('write_offs'),
    paymentsFen: [...paid.values()].reduce((a, b) => a + b, 0),
    paidFamilies: [...paid.values()].filter((v) => v > 0).length,
    subsidyFen: -balance('subsidy_income'),
    expensesFen: balance('expense'),
  }
  const surplusFen = totals.chargedFen - totals.waiversFen - totals.leaveCreditsFen - totals.writeOffsFen + totals.subsidyFen - totals.expensesFen
  const carry = opts.carryOverSubsidy && surplusFen > 0 ? Math.min(totals.subsidyFen, surplusFen) : 0
  const sharers = families
    .filter((f) => (paid.get(f.enrollmentId) ?? 0) > 0 || (positions.get(f.enrollmentId)?.heldFen ?? 0) > 0)
    .map((f) => ({ enrollmentId: f.enrollmentId, paidFen: paid.get(f.enrollmentId) ?? 0, heldFen: positions.get(f.enrollmentId)?.heldFen ?? 0, enrolledAt: f.createdAt }))
  const refundable = Math.max(0, surplusFen - carry)
  const { shares, unshareableFen } = shareSurplus(sharers, refundable)
  const carryOver =
    carry + unshareableFen > 0
      ? {
          amountFen: carry + unshareableFen,
          reason: [carry > 0 ? '财政补贴按学校规定留用于托管服务' : null, unshareableFen > 0 ? '超出各户实缴金额的部分不予分摊' : null].filter(Boolean).join('；'),
        }
      : null
  const byId = new Map(families.map((f) => [f.enrollmentId, f]))
  const arrears = [...positions.values()]
    .filter((p) => p.receivableFen > 0)
    .map((p) => ({ enrollmentId: p.enrollmentId, student: byId.get(p.enrollmentId)?.student.name ?? '', owedFen: p.receivableFen }))
  const pending = await pendingExpenses(db, plan.id)
  const through = await publishedThrough(db, plan.committeeId)
  const unpublished = terms.months.filter((m) => !through || m > through)
  const today = chinaToday(ctx)
  return {
    planId: plan.id,
    term: { name: plan.termName, startsOn: plan.termStartsOn, endsOn: plan.termEndsOn },
    totals,
    surplusFen,
    deficitFen: surplusFen < 0 ? -surplusFen : 0,
    carryOver,
    refundableFen: refundable - unshareableFen,
    refunds: shares
      .filter((s) => s.shareFen + s.heldFen > 0)
      .map((s) => ({
        ...s,
        amountFen: s.shareFen + s.heldFen,
        student: { name: byId.get(s.enrollmentId)!.student.name, className: byId.get(s.enrollmentId)!.student.className },
        paidFen: paid.get(s.enrollmentId) ?? 0,
      })),
    budget: terms.approved.budget.map((b) => ({ category: b.category, budgetFen: b.amountFen, spentFen: spent.get(b.category) ?? 0 })),
    enrolledFamilies: families.filter((f) => f.startsOn !== null && f.status !== 'awaiting_agreement').length,
    open: {
      arrears,
      pendingExpenses: pending,
      unpublishedMonths: unpublished,
      termEnded: today >= plan.termEndsOn,
    },
  }
}

export type Settlement = Awaited<ReturnType<typeof computeSettlement>>

/** What stops a commit, in words that name it; empty when the term can be settled. */
export function blockers(s: Settlement): string[] {
  const out: string[] = []
  if (!s.open.termEnded) out.push(`the term ends on ${s.term.endsOn}; it is settled from its last day`)
  if (s.open.unpublishedMonths.length > 0) out.push(`months not yet published: ${s.open.unpublishedMonths.join(', ')}`)
  if (s.open.pendingExpenses.length > 0) out.push(`expenses awaiting approval: ${s.open.pendingExpenses.map((e) => `${e.category} ${e.spentOn}`).join(', ')}`)
  if (s.open.arrears.length > 0) out.push(`families owing: ${s.open.arrears.map((a) => `${a.student} (${a.owedFen} fen)`).join(', ')} — collect or write off first`)
  return out
}

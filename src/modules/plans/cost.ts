import type { Billing, BudgetLine } from '../../db/schema.js'
import { formatYuan } from '../../money.js'

/**
 * Calendar months a term touches: 2025-09-01..2026-01-16 → 5 (Sep, Oct, Nov, Dec, Jan). Monthly
 * billing charges once per calendar month of care, so that is the divisor a family pays against.
 */
export function monthsInTerm(startsOn: string, endsOn: string): number {
  const [sy, sm] = startsOn.split('-').map(Number) as [number, number]
  const [ey, em] = endsOn.split('-').map(Number) as [number, number]
  return (ey - sy) * 12 + (em - sm) + 1
}

const ceilDiv = (a: number, b: number) => Math.floor((a + b - 1) / b)

/**
 * The cost per student implied by the budget (rule 5, cost sharing), shown beside the fee so the
 * committee and the reviewer see at once whether the fee collects more than the care costs.
 * Integer fen throughout; a division rounds up so the budget is covered to the fen.
 */
export function costOf(plan: { budget: BudgetLine[]; expectedParticipants: number; feeFen: number; billing: Billing }, term: { startsOn: string; endsOn: string }) {
  const budgetTotalFen = plan.budget.reduce((sum, l) => sum + l.amountFen, 0)
  const months = monthsInTerm(term.startsOn, term.endsOn)
  const n = plan.expectedParticipants
  const perStudentPerMonthFen = ceilDiv(budgetTotalFen, n * months)
  const perStudentPerTermFen = ceilDiv(budgetTotalFen, n)
  const feePerStudentPerTermFen = plan.billing === 'monthly' ? plan.feeFen * months : plan.feeFen
  // The schema's ceilings (schemas.ts) keep these far below 2^53; should one ever not be, fail
  // here, inside the service's transaction, so nothing is stored that could not be answered.
  for (const [name, fen] of Object.entries({ budgetTotalFen, perStudentPerMonthFen, perStudentPerTermFen, feePerStudentPerTermFen })) {
    if (!Number.isSafeInteger(fen)) throw new RangeError(`plan cost out of range: ${name} = ${fen}`)
  }
  const span = `${term.startsOn.slice(0, 7)} 至 ${term.endsOn.slice(0, 7)}`
  const explanation =
    `预算合计 ${formatYuan(budgetTotalFen)} 元 ÷ 预计 ${n} 人 ÷ ${months} 个月（${span}）` +
    ` = 每生每月 ${formatYuan(perStudentPerMonthFen)} 元（不足一分按一分计）；` +
    `收费标准${plan.billing === 'monthly' ? `每月 ${formatYuan(plan.feeFen)} 元 × ${months} 个月` : `每学期 ${formatYuan(plan.feeFen)} 元`}` +
    ` = 每生每学期 ${formatYuan(feePerStudentPerTermFen)} 元，预算每生每学期 ${formatYuan(perStudentPerTermFen)} 元。`
  return {
    budgetTotalFen,
    months,
    perStudentPerMonthFen,
    perStudentPerTermFen,
    feePerStudentPerTermFen,
    // Compared per billing period, so rounding up to the fen never reads as overcharging.
    feeAboveCost: plan.billing === 'monthly' ? plan.feeFen > perStudentPerMonthFen : plan.feeFen > perStudentPerTermFen,
    explanation,
  }
}

import { formatYuan } from '../money.js'
import { formatDateZh, formatDayZh } from './format.js'
import { type ChainLink, chainValues } from './hash-chain.js'
import { renderTemplate } from './render.js'
import { count, money, required, sumFen } from './values.js'

/**
 * A fund's term settlement, published in the same hash chain as the monthly statements
 * (学期结算公示). Public, so families appear only as counts.
 */
export interface SettlementStatementData extends ChainLink {
  school: { name: string }
  committee: { name: string }
  plan: { title: string }
  /** Dates "YYYY-MM-DD". */
  term: { name: string; startsOn: string; endsOn: string }
  /** When the settlement was committed: "YYYY-MM-DD" or an ISO instant. */
  settledAt: string
  /** The term's totals, in fen. */
  totals: {
    /** Fees charged at the approved standard. */
    chargedFen: number
    waiversFen: number
    leaveCreditsFen: number
    /** Arrears written off (they reduce fee income). */
    writeOffsFen: number
    /** Fee payments received, and how many families they came from. */
    paymentsFen: number
    paidFamilies: number
    subsidyFen: number
    /** Approved expenses. */
    expensesFen: number
  }
  /** Spending per budget line of the approved plan; the spent amounts add up to `totals.expensesFen`. */
  budget: { category: string; budgetFen: number; spentFen: number }[]
  /** What the rules keep from being refunded (e.g. subsidy kept in the programme), with why; null if nothing. */
  carryOver: { amountFen: number; reason: string } | null
  /** Refunds: families refunded, the surplus shared among them, and credit they still held. */
  refunds: { families: number; sharedFen: number; heldCreditFen: number }
  /** Present exactly when expenses exceed income: how the shortfall is covered. */
  deficit: { coveredBy: string } | null
  enrolledFamilies: number
}

export interface SettlementStatementOptions {
  creationDate: Date
}

export async function renderSettlementStatement(data: SettlementStatementData, options: SettlementStatementOptions): Promise<Buffer> {
  return renderTemplate('settlement-statement', toTemplateValues(data), {
    creationDate: options.creationDate,
    title: `课后托管服务学期结算公示（${data.term.name}）`,
  })
}

export function toTemplateValues(data: SettlementStatementData) {
  const t = data.totals
  const fen = (value: number, what: string) => money(value, what).fen
  const charged = fen(t.chargedFen, 'chargedFen')
  const netFees = sumFen([charged, -fen(t.waiversFen, 'waiversFen'), -fen(t.leaveCreditsFen, 'leaveCreditsFen'), -fen(t.writeOffsFen, 'writeOffsFen')])
  const subsidy = fen(t.subsidyFen, 'subsidyFen')
  const expenses = fen(t.expensesFen, 'expensesFen')
  // DESIGN.md rule 7 / issue 17: surplus = fees charged − waivers − leave credits + subsidy − approved expenses.
  const surplus = sumFen([netFees, subsidy, -expenses])
  const carry = data.carryOver ? fen(data.carryOver.amountFen, 'carryOver') : 0
  const shared = fen(data.refunds.sharedFen, 'sharedFen')
  const held = fen(data.refunds.heldCreditFen, 'heldCreditFen')
  if (surplus < 0) {
    if (!data.deficit) throw new Error(`expenses exceed income by ${-surplus} fen: say how the deficit is covered`)
    if (carry || shared) throw new Error('a deficit carries nothing over and shares nothing')
  } else {
    if (data.deficit) throw new Error('there is no deficit: income covers the expenses')
    if (carry > surplus || carry > subsidy) throw new Error('the carry-over is at most the surplus and at most the subsidy received')
    if (shared !== surplus - carry) throw new Error(`refunds share ${shared} fen, but the refundable surplus is ${surplus - carry} fen`)
  }
  const spent = sumFen(data.budget.map((b) => fen(b.spentFen, 'spentFen')))
  if (spent !== expenses) throw new Error(`budget lines spent ${spent} fen, approved expenses are ${expenses} fen`)
  const y = (n: number) => formatYuan(n)
  return {
    school: data.school,
    committee: data.committee,
    plan: data.plan,
    term: { name: data.term.name, startsOn: formatDateZh(data.term.startsOn), endsOn: formatDateZh(data.term.endsOn) },
    settledOn: formatDayZh(data.settledAt),
    enrolled: count(data.enrolledFamilies, 'enrolledFamilies'),
    charged: y(charged),
    waivers: y(t.waiversFen),
    leaveCredits: y(t.leaveCreditsFen),
    writeOffs: t.writeOffsFen > 0 ? y(t.writeOffsFen) : null,
    netFees: y(netFees),
    payments: y(fen(t.paymentsFen, 'paymentsFen')),
    paidFamilies: count(t.paidFamilies, 'paidFamilies'),
    subsidy: y(subsidy),
    expenses: y(expenses),
    budget: data.budget.map((b) => ({
      category: required(b.category, 'category'),
      budget: money(b.budgetFen, 'budgetFen').yuan,
      spent: y(b.spentFen),
      share: b.budgetFen > 0 ? `${(Math.round((b.spentFen * 1000) / b.budgetFen) / 10).toFixed(1)}%` : '—',
    })),
    budgetTotal: y(sumFen(data.budget.map((b) => b.budgetFen))),
    surplus: surplus >= 0 ? { amount: y(surplus), refundable: y(surplus - carry) } : null,
    carryOver: data.carryOver ? { amount: y(carry), reason: required(data.carryOver.reason, 'carryOver.reason') } : null,
    deficit: data.deficit ? { amount: y(-surplus), coveredBy: required(data.deficit.coveredBy, 'deficit.coveredBy') } : null,
    refunds: {
      families: count(data.refunds.families, 'refunds.families'),
      total: y(shared + held),
      shared: y(shared),
      held: y(held),
    },
    ...chainValues(data),
  }
}

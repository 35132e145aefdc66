import { type Fen, formatYuan } from '../money.js'
import { formatDateZh, formatDayZh, formatMonth } from './format.js'
import { type ChainLink, chainValues, chineseOrdinal } from './hash-chain.js'
import { renderTemplate } from './render.js'
import { count, money, required, signedYuan, sumFen } from './values.js'

/**
 * A month's published income and expenditure (月度收支公示), as the statements service computed
 * it. It is public: by construction nothing here can hold a child's or guardian's name, phone or
 * low-income status — families appear only as counts, a person paid only by role.
 */
export interface StatementData extends ChainLink {
  school: { name: string }
  committee: { name: string }
  /** "YYYY-MM". */
  month: string
  /** "YYYY-MM-DD" or an ISO instant. */
  publishedAt: string
  /** One per fund (a plan's term) active in the month. */
  funds: StatementFund[]
}

export interface StatementFund {
  plan: { title: string }
  term: { name: string }
  /** Cash at the start of the month. */
  openingFen: number
  /** Fee payments received in the month and how many families they came from. */
  fees: FamiliesAmount
  subsidyFen: number
  /** Expenses paid in the month, dated within it. */
  expenses: StatementExpense[]
  refunds: FamiliesAmount
  /**
   * Late items: money that moved in an already published month, booked in this one. `amountFen`
   * is the effect on cash: positive in (a late payment), negative out (a late expense).
   */
  adjustments: StatementAdjustment[]
  /** Cash at the end of the month: opening + fees + subsidy − expenses − refunds + adjustments. */
  closingFen: number
  /** What the month charged (at the approved standard), waived and credited for leave. */
  charges: FamiliesAmount
  waivers: FamiliesAmount
  leaveCredits: FamiliesAmount
  /**
   * Charges given back after a withdrawal (billed ahead for days no longer in care), of which
   * waived. Absent from statements published before corrections existed.
   */
  withdrawalCorrections?: FamiliesAmount & { waivedFen: number }
  enrolledFamilies: number
}

export interface FamiliesAmount {
  families: number
  amountFen: number
}

/** A person is named by role only (e.g. 托管服务人员); an organisation by its name. */
export type Payee = { kind: 'person'; role: string } | { kind: 'organisation'; name: string }

export interface StatementExpense {
  /** "YYYY-MM-DD". */
  spentOn: string
  /** One of the plan's approved budget lines. */
  category: string
  payee: Payee
  amountFen: number
  /** Receipts (票据) attached to the expense. */
  receipts: number
}

export type StatementAdjustment = {
  /** "YYYY-MM-DD", before the month. */
  originalDate: string
  amountFen: number
} & ({ kind: 'fee' | 'subsidy' | 'refund' } | { kind: 'expense'; category: string; payee: Payee })

export interface StatementOptions {
  creationDate: Date
}

export async function renderStatement(data: StatementData, options: StatementOptions): Promise<Buffer> {
  const values = toTemplateValues(data)
  return renderTemplate('statement', values, { creationDate: options.creationDate, title: `课后托管服务收支公示（${values.month}）` })
}

export function payeeLabel(payee: Payee): string {
  // Only these two shapes are read, whatever else the object carries (a name, a phone).
  return payee.kind === 'person' ? required(payee.role, 'payee role') : required(payee.name, 'payee name')
}

const ADJUSTMENT = { fee: '补记托管费收款', subsidy: '补记财政补贴', refund: '补记退费' } as const

export function toTemplateValues(data: StatementData) {
  const month = formatMonth(data.month)
  return {
    school: { name: required(data.school.name, 'school.name') },
    committee: { name: required(data.committee.name, 'committee.name') },
    month,
    period: `${formatDateZh(`${data.month}-01`)}至${formatDateZh(lastDay(data.month))}`,
    publishedOn: formatDayZh(data.publishedAt),
    funds: data.funds.map((fund, i) => fundValues(fund, i, data.month)),
    ...chainValues(data),
  }
}

function fundValues(fund: StatementFund, index: number, month: string) {
  const families = (fa: FamiliesAmount, what: string) => ({ families: count(fa.families, `${what}.families`), amount: money(fa.amountFen, what).yuan })
  for (const e of fund.expenses) {
    if (!e.spentOn.startsWith(`${month}-`)) throw new Error(`expense of ${e.spentOn} is not in ${month}: book it as an adjustment`)
  }
  for (const a of fund.adjustments) {
    formatDateZh(a.originalDate)
    if (a.originalDate >= `${month}-01`) throw new Error(`adjustment of ${a.originalDate} is not from an earlier month`)
  }
  const expenseTotal = sumFen(fund.expenses.map((e) => money(e.amountFen, 'expense').fen))
  const adjustmentTotal = sumFen(fund.adjustments.map((a) => a.amountFen))
  const opening = money(fund.openingFen, 'openingFen').fen
  const fees = money(fund.fees.amountFen, 'fees').fen
  const subsidy = money(fund.subsidyFen, 'subsidyFen').fen
  const refunds = money(fund.refunds.amountFen, 'refunds').fen
  const closing = sumFen([opening, fees, subsidy, -expenseTotal, -refunds, adjustmentTotal])
  // Opening + received − paid out = closing, to the fen: a statement that does not add up is never printed.
  if (closing !== fund.closingFen) throw new Error(`closing cash ${fund.closingFen} fen ≠ ${closing} fen computed from the month's figures`)
  const y = (fen: Fen) => formatYuan(fen)
  return {
    heading: `${chineseOrdinal(index + 1)}、${required(fund.plan.title, 'plan.title')}（${fund.term.name}）`,
    opening: y(opening),
    fees: families(fund.fees, 'fees'),
    subsidy: y(subsidy),
    expenseTotal: y(expenseTotal),
    refunds: families(fund.refunds, 'refunds'),
    adjustmentTotal: signedYuan(adjustmentTotal),
    closing: y(closing),
    check:
      `期初 ${y(opening)} + 托管费 ${y(fees)} + 补贴 ${y(subsidy)} - 支出 ${y(expenseTotal)} - 退费 ${y(refunds)}` +
      `${fund.adjustments.length ? ` ${adjustmentTotal < 0 ? '-' : '+'} 补记 ${y(Math.abs(adjustmentTotal))}` : ''} = 期末 ${y(closing)}`,
    charges: families(fund.charges, 'charges'),
    waivers: families(fund.waivers, 'waivers'),
    leaveCredits: families(fund.leaveCredits, 'leaveCredits'),
    withdrawalCorrections:
      fund.withdrawalCorrections && fund.withdrawalCorrections.families > 0
        ? {
            ...families(fund.withdrawalCorrections, 'withdrawalCorrections'),
            waived: fund.withdrawalCorrections.waivedFen > 0 ? money(fund.withdrawalCorrections.waivedFen, 'withdrawalCorrections.waivedFen').yuan : null,
          }
        : null,
    enrolled: count(fund.enrolledFamilies, 'enrolledFamilies'),
    expenses: fund.expenses.map((e) => ({
      date: shortDate(e.spentOn),
      category: required(e.category, 'category'),
      payee: payeeLabel(e.payee),
      amount: money(e.amountFen).yuan,
      receipts: count(e.receipts, 'receipts'),
    })),
    hasPersonPayee: fund.expenses.some((e) => e.payee.kind === 'person') || fund.adjustments.some((a) => a.kind === 'expense' && a.payee.kind === 'person'),
    receiptTotal: fund.expenses.reduce((n, e) => n + e.receipts, 0),
    adjustments: fund.adjustments.map((a) => ({
      originalDate: formatDateZh(a.originalDate),
      label: a.kind === 'expense' ? `补记支出：${required(a.category, 'category')}（${payeeLabel(a.payee)}）` : ADJUSTMENT[a.kind],
      amount: signedYuan(a.amountFen),
    })),
  }
}

/** "2026-10-12" → "10月12日": the statement's month is said once, at the top. */
function shortDate(iso: string): string {
  const full = formatDateZh(iso)
  return full.slice(full.indexOf('年') + 1)
}

function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`
}

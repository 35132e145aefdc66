// A month's statement of a committee, from its books: per fund, cash at the start, what came in
// and went out, cash at the end — and beside them what the month charged, waived and credited,
// and what it gave back of charges a withdrawal left days no longer in care.
// Public: families only as counts, a person paid only by role, never a name or a phone.
import type { Db, Trx } from '../../db/index.js'
import { familiesOfPlan } from '../enrollment/service.js'
import { expensesForStatement } from '../expenses/service.js'
import { type BookedLine, lastDayOf, linesBookedIn, openingCash, spentByCategory } from '../ledger/service.js'
import { approvedPlansOfCommittee } from '../plans/service.js'

export interface FamiliesAmount {
  families: number
  amountFen: number
}

export type Payee = { kind: 'person'; role: string } | { kind: 'organisation'; name: string }

export type Adjustment = { originalDate: string; amountFen: number } & ({ kind: 'fee' | 'subsidy' | 'refund' } | { kind: 'expense'; category: string; payee: Payee })

export interface FundStatement {
  planId: string
  plan: { title: string }
  term: { name: string; startsOn: string; endsOn: string }
  openingFen: number
  fees: FamiliesAmount
  subsidyFen: number
  expenses: { spentOn: string; category: string; payee: Payee; amountFen: number; receipts: number }[]
  refunds: FamiliesAmount
  adjustments: Adjustment[]
  closingFen: number
  charges: FamiliesAmount
  waivers: FamiliesAmount
  leaveCredits: FamiliesAmount
  /** Charges corrected after a withdrawal (billed ahead for days no longer in care): fee income given back, of which waived. */
  withdrawalCorrections: FamiliesAmount & { waivedFen: number }
  writeOffs: FamiliesAmount
  enrolledFamilies: number
  budget: { category: string; budgetFen: number; spentFen: number; leftFen: number }[]
}

const CASH = new Set(['cash:cash', 'cash:bank', 'cash:wechat', 'cash:alipay'])

/** Groups a month's lines into entries, in posting order of appearance. */
function byEntry(lines: BookedLine[]) {
  const entries = new Map<string, BookedLine[]>()
  for (const l of lines) entries.set(l.entryId, [...(entries.get(l.entryId) ?? []), l])
  return [...entries.values()]
}

const sum = (lines: BookedLine[], pick: (l: BookedLine) => boolean) => lines.filter(pick).reduce((s, l) => s + l.amountFen, 0)
const familyOf = (lines: BookedLine[]) => lines.find((l) => l.enrollmentId !== null)?.enrollmentId ?? null

export async function computeMonth(db: Db | Trx, committeeId: string, month: string): Promise<FundStatement[]> {
  const first = `${month}-01`
  const last = lastDayOf(month)
  const lines = await linesBookedIn(db, committeeId, month)
  const opening = await openingCash(db, committeeId, month)
  const plans = await approvedPlansOfCommittee(db, committeeId)
  const withLines = new Set(lines.map((l) => l.planId))
  const active = plans.filter((p) => withLines.has(p.planId) || (p.termStartsOn <= last && p.termEndsOn >= first) || (opening.get(p.planId) ?? 0) !== 0)
  const entries = byEntry(lines)
  const expenseIds = entries.filter((e) => e[0]!.source === 'expense').map((e) => e[0]!.sourceId!)
  const expenseInfo = await expensesForStatement(db, expenseIds)

  const funds: FundStatement[] = []
  for (const plan of active) {
    const mine = entries.filter((e) => e[0]!.planId === plan.planId)
    const fund: FundStatement = {
      planId: plan.planId,
      plan: { title: plan.title },
      term: { name: plan.termName, startsOn: plan.termStartsOn, endsOn: plan.termEndsOn },
      openingFen: opening.get(plan.planId) ?? 0,
      fees: { families: 0, amountFen: 0 },
      subsidyFen: 0,
      expenses: [],
      refunds: { families: 0, amountFen: 0 },
      adjustments: [],
      closingFen: 0,
      charges: { families: 0, amountFen: 0 },
      waivers: { families: 0, amountFen: 0 },
      leaveCredits: { families: 0, amountFen: 0 },
      withdrawalCorrections: { families: 0, amountFen: 0, waivedFen: 0 },
      writeOffs: { families: 0, amountFen: 0 },
      enrolledFamilies: 0,
      budget: [],
    }
    const sets = {
      fees: new Set<string>(),
      refunds: new Set<string>(),
      charges: new Set<string>(),
      waivers: new Set<string>(),
      leaveCredits: new Set<string>(),
      withdrawalCorrections: new Set<string>(),
      writeOffs: new Set<string>(),
    }
    const count = (key: keyof typeof sets, e: BookedLine[]) => {
      const f = familyOf(e)
      if (f) sets[key].add(f)
    }
    let cashMoved = 0
    for (const e of mine) {
      const { source, entryDate, reversedDate } = e[0]!
      const cash = sum(e, (l) => CASH.has(l.account))
      cashMoved += cash
      // A late item: money that moved before this month, booked here because its month was already published.
      const originalDate = source === 'payment_reversal' ? reversedDate! : entryDate
      const late = originalDate < first
      if (source === 'payment' || source === 'payment_reversal') {
        if (late) fund.adjustments.push({ kind: 'fee', originalDate, amountFen: cash })
        else {
          fund.fees.amountFen += cash
          if (source === 'payment') count('fees', e)
        }
      } else if (source === 'subsidy') {
        if (late) fund.adjustments.push({ kind: 'subsidy', originalDate, amountFen: cash })
        else fund.subsidyFen += cash
      } else if (source === 'expense') {
        const info = expenseInfo.get(e[0]!.sourceId!)!
        if (late) fund.adjustments.push({ kind: 'expense', originalDate, amountFen: cash, category: info.category, payee: info.payee })
        else fund.expenses.push({ spentOn: entryDate, category: info.category, payee: info.payee, amountFen: -cash, receipts: info.receipts })
      } else if (source === 'refund_payment') {
        if (late) fund.adjustments.push({ kind: 'refund', originalDate, amountFen: cash })
        else {
          fund.refunds.amountFen -= cash
          count('refunds', e)
        }
      } else if (source === 'charge') {
        fund.charges.amountFen -= sum(e, (l) => l.account === 'fee_income')
        count('charges', e)
        const waived = sum(e, (l) => l.account === 'waivers')
        if (waived !== 0) {
          fund.waivers.amountFen += waived
          count('waivers', e)
        }
      } else if (source === 'leave_credit') {
        fund.leaveCredits.amountFen += sum(e, (l) => l.account === 'leave_credits')
        count('leaveCredits', e)
      } else if (source === 'charge_correction') {
        fund.withdrawalCorrections.amountFen += sum(e, (l) => l.account === 'fee_income')
        fund.withdrawalCorrections.waivedFen -= sum(e, (l) => l.account === 'waivers')
        count('withdrawalCorrections', e)
      } else if (source === 'write_off') {
        fund.writeOffs.amountFen += sum(e, (l) => l.account === 'write_offs')
        count('writeOffs', e)
      }
    }
    for (const key of Object.keys(sets) as (keyof typeof sets)[]) fund[key].families = sets[key].size
    fund.expenses.sort((a, b) => (a.spentOn === b.spentOn ? a.category.localeCompare(b.category) : a.spentOn < b.spentOn ? -1 : 1))
    fund.adjustments.sort((a, b) => (a.originalDate < b.originalDate ? -1 : a.originalDate > b.originalDate ? 1 : 0))
    fund.closingFen = fund.openingFen + cashMoved
    fund.enrolledFamilies = (await familiesOfPlan(db, plan.planId)).filter(
      (f) => f.status !== 'awaiting_agreement' && f.startsOn !== null && f.startsOn <= last && (f.withdrawnOn === null || f.withdrawnOn > first),
    ).length
    const spent = await spentByCategory(db, plan.planId, month)
    fund.budget = plan.budget.map((b) => ({
      category: b.category,
      budgetFen: b.amountFen,
      spentFen: spent.get(b.category) ?? 0,
      leftFen: b.amountFen - (spent.get(b.category) ?? 0),
    }))
    funds.push(fund)
  }
  return funds
}

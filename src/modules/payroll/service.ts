// Pay of care staff (rule 8 with rules 5 and 6): for a month, each hiring contract's pay computed
// from the duty records of attendance, as a proposal with its lines. Staff and attendance sit
// below this module (attendance asks staff who may be on duty), so pay lives here, above both.
import { INSIDERS } from '../../access.js'
import { chinaToday } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import type { PaymentMethod } from '../../db/schema.js'
import { NotFound, RuleViolation } from '../../errors.js'
import { yuanInCapitals } from '../../money.js'
import { dutyShifts } from '../attendance/service.js'
import { fromDayNumber, monthRange } from '../calendar/iso-date.js'
import { recordExpense } from '../expenses/service.js'
import { getPlanForService } from '../plans/service.js'
import { loadCommittee } from '../schools/service.js'
import { type ContractForPay, contractsForPay } from '../staff/service.js'
import { computePay, monthPeriod, type Pay } from './compute-pay.js'

export interface StaffPayProposal extends Pay {
  contractId: string
  contractNo: string
  staffId: string
  staffName: string
  planId: string
  payType: ContractForPay['payType']
  rateFen: number
  payDay: number
  totalInCapitals: string
}

/** The month's proposals of a committee (no authorization: the caller has its own). */
export async function staffPayOf(db: Db | Trx, committeeId: string, month: string, planId?: string) {
  const { first, last } = monthRange(month)
  const [from, to] = [fromDayNumber(first), fromDayNumber(last)]
  const contracts = (await contractsForPay(db, committeeId, from, to, planId)).filter((c) => monthPeriod(month, c.inForce) !== null)
  const shifts = await dutyShifts(db, committeeId, from, to)
  const proposals: StaffPayProposal[] = contracts.map((c) => {
    const pay = computePay(c, month, shifts)
    return {
      contractId: c.id,
      contractNo: c.contractNo,
      staffId: c.staffId,
      staffName: c.staffName,
      planId: c.planId,
      payType: c.payType,
      rateFen: c.rateFen,
      payDay: c.payDay,
      ...pay,
      totalInCapitals: yuanInCapitals(pay.totalFen),
    }
  })
  // Duty no contract covers (before a contract was signed, after it ended or was terminated, or
  // recorded before contracts existed) is shown, and never paid.
  const covered = (s: (typeof shifts)[number]) =>
    contracts.some((c) => c.staffId === s.staffId && c.planId === s.planId && c.inForce !== null && c.inForce.from <= s.date && s.date <= c.inForce.to)
  const unpaid = shifts
    .filter((s) => (!planId || s.planId === planId) && !covered(s))
    .map((s) => ({ date: s.date, planId: s.planId, staffId: s.staffId, signedInAt: s.signedInAt }))
  return { proposals, unpaid }
}

export async function getStaffPay(db: Db, ctx: Ctx, committeeId: string, query: { month: string; planId?: string | undefined }) {
  await loadCommittee(db, ctx, committeeId, { allowed: INSIDERS, action: "see the staff's pay" })
  const { proposals, unpaid } = await staffPayOf(db, committeeId, query.month, query.planId)
  const { last } = monthRange(query.month)
  return {
    committeeId,
    month: query.month,
    monthComplete: chinaToday(ctx) > fromDayNumber(last),
    contracts: proposals,
    totalFen: proposals.reduce((a, p) => a + p.totalFen, 0),
    unpaidDuty: unpaid,
  }
}

/** What one contract's month of pay becomes in the books: an expense, approved like any other. */
export interface StaffPayExpenseProposal {
  committeeId: string
  planId: string
  /** The plan's budget line it is charged to (the treasurer's choice, e.g. 人员劳务). */
  category: string
  amountFen: number
  /** Paid to the staff member; monthly statements show the line, not the name ("不公示乙方姓名"). */
  payee: string
  /** The contract's pay day of the following month. */
  dueOn: string
  description: string
  source: { kind: 'staff-contract'; contractId: string; contractNo: string; month: string }
}

/**
 * What a completed month's pay under one contract becomes as an expense (recordStaffPayExpense
 * records it). Refused for a month not yet over, a contract with nothing to pay, or shifts still
 * open (they would be underpaid).
 */
export async function proposeStaffPayExpense(
  db: Db | Trx,
  ctx: Ctx,
  input: { committeeId: string; month: string; contractId: string; category: string },
): Promise<StaffPayExpenseProposal> {
  const { proposals } = await staffPayOf(db, input.committeeId, input.month)
  const p = proposals.find((x) => x.contractId === input.contractId)
  if (!p) throw new NotFound('contract', `Contract ${input.contractId} has no pay at this committee in ${input.month}`)
  const { last } = monthRange(input.month)
  if (chinaToday(ctx) <= fromDayNumber(last)) throw new RuleViolation('month-not-over', `${input.month} is not over: its pay is proposed once it is`)
  if (p.pending.length) throw new RuleViolation('shifts-open', `${p.pending.length} shift(s) of ${input.month} are not signed out: correct them first`)
  if (p.totalFen === 0) throw new RuleViolation('nothing-to-pay', `Nothing is due under ${p.contractNo} for ${input.month}`)
  const next = fromDayNumber(last + 1).slice(0, 7)
  return {
    committeeId: input.committeeId,
    planId: p.planId,
    category: input.category,
    amountFen: p.totalFen,
    payee: p.staffName,
    dueOn: `${next}-${String(p.payDay).padStart(2, '0')}`,
    description: `${input.month} 托管服务人员劳务费（${p.contractNo}）`,
    source: { kind: 'staff-contract', contractId: p.contractId, contractNo: p.contractNo, month: input.month },
  }
}

/**
 * The treasurer (the school's finance office where the school collects) turns a completed month's
 * pay under one contract into an expense on its budget line, naming the contract and the month,
 * awaiting approval by a chair or auditor like any other. The amount is what the duty records say;
 * the month is paid once (a rejected proposal may be made again).
 */
export async function recordStaffPayExpense(
  db: Db,
  ctx: Ctx,
  committeeId: string,
  input: { month: string; contractId: string; category: string; method: PaymentMethod; spentOn?: string | undefined },
  idempotencyKey?: string,
) {
  await loadCommittee(db, ctx, committeeId, { allowed: ['treasurer', 'school-finance'], action: "propose the staff's pay as an expense" })
  const p = await proposeStaffPayExpense(db, ctx, { committeeId, month: input.month, contractId: input.contractId, category: input.category })
  const plan = await getPlanForService(db, p.planId)
  const today = chinaToday(ctx)
  const spentOn = input.spentOn ?? (plan && today > plan.termEndsOn ? plan.termEndsOn : today)
  return recordExpense(
    db,
    ctx,
    committeeId,
    {
      planId: p.planId,
      category: p.category,
      amountFen: p.amountFen,
      method: input.method,
      payee: { kind: 'person', role: '托管服务人员劳务费', name: p.payee },
      spentOn,
      description: p.description,
      contractId: p.source.contractId,
      payMonth: input.month,
    },
    [],
    idempotencyKey,
  )
}

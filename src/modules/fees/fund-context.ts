import type { Db, Trx } from '../../db/index.js'
import { RuleViolation } from '../../errors.js'
import { familyServiceDatesOf, loadPlanCalendar, type PlanCalendar, planServiceDatesOf } from '../calendar/service.js'
import type { FamilyForMoney } from '../enrollment/service.js'
import { periodOf, periodsBetween } from '../ledger/service.js'
import { type PlanForService, type VersionMoney, versionMoneyTerms } from '../plans/service.js'

/** The money terms of a fund: its months and each version's fee and rules. */
export interface FundTerms {
  planId: string
  committeeId: string
  schoolId: string
  termStartsOn: string
  termEndsOn: string
  /** The calendar months the term touches, "YYYY-MM". */
  months: string[]
  versions: Map<number, VersionMoney>
  /** The approved version in force. */
  approved: VersionMoney
}

/** What every money computation of a fund needs, loaded once: the calendar too. */
export interface FundContext extends FundTerms {
  pc: PlanCalendar
}

export async function loadFundContext(db: Db | Trx, planId: string): Promise<FundContext> {
  const pc = await loadPlanCalendar(db, planId)
  return { pc, ...(await loadFundTerms(db, pc.plan)) }
}

/** The money terms of an approved plan the caller has loaded (no calendar: a payment needs none). */
export async function loadFundTerms(db: Db | Trx, p: PlanForService): Promise<FundTerms> {
  if (!p.approvedVersion) throw new RuleViolation('plan-not-approved', `Plan ${p.id} has no approved version: nothing is billed or paid before the school approves it`)
  const versions = await versionMoneyTerms(db, p.id)
  return {
    planId: p.id,
    committeeId: p.committeeId,
    schoolId: p.schoolId,
    termStartsOn: p.termStartsOn,
    termEndsOn: p.termEndsOn,
    months: periodsBetween(periodOf(p.termStartsOn), periodOf(p.termEndsOn)),
    versions,
    approved: versions.get(p.approvedVersion.version)!,
  }
}

/** The version a family signed: its fee standard and money terms are what it is billed by. */
export function versionOf(fc: FundTerms, family: FamilyForMoney): VersionMoney {
  const v = fc.versions.get(family.planVersion)
  if (!v) throw new RuleViolation('version-missing', `Plan version ${family.planVersion} of enrollment ${family.enrollmentId} does not exist`)
  return v
}

/** The day a billing period starts for the books: the term's first day, or the month's first day within the term. A charge is dated then. */
export const periodStartsOn = (fc: FundTerms, period: string) => (period === 'term' ? fc.termStartsOn : [`${period}-01`, fc.termStartsOn].sort()[1]!)

/** A billing period as its entries name it: 本学期, or 10月. */
export const periodLabel = (period: string) => (period === 'term' ? '本学期' : `${Number(period.slice(5))}月`)

/** A billing period's months: the month itself, or every month of the term. */
export const monthsOfPeriod = (fc: FundContext, period: string) => (period === 'term' ? fc.months : [period])

export function planDates(fc: FundContext, months: readonly string[]): string[] {
  return months.flatMap((m) => planServiceDatesOf(fc.pc, m))
}

export function familyDates(fc: FundContext, family: FamilyForMoney, months: readonly string[]): string[] {
  if (family.status === 'awaiting_agreement') return []
  return months.flatMap((m) => familyServiceDatesOf(fc.pc, m, family))
}

import { formatYuan } from '../money.js'
import { beijingDate, formatDateZh, formatMonth } from './format.js'
import { renderTemplate } from './render.js'
import { blankToNull, count, money, required, sumFen } from './values.js'

/**
 * A month's subsidy claim (财政补贴申报表) for the authority: one line per student. Not public —
 * names are allowed here because the authority checks the claim against the school's register.
 */
export interface SubsidyClaimData {
  /** e.g. "BT-2026-10-003"; printed as 申报编号. */
  claimNo: string
  school: { name: string }
  committee: { name: string }
  plan: { title: string }
  term: { name: string }
  /** "YYYY-MM". */
  month: string
  /** The rate per student per service day, e.g. 100 (1 yuan). */
  ratePerDayFen: number
  /** What a student's days count: days enrolled (service days in care) or days attended. */
  basis: 'enrolled' | 'attended'
  /** The plan's service days in the month (school working days within its weekdays). */
  serviceDays: number
  /** In the order to print (by class, then name). The amount is rate × days, computed here. */
  students: { name: string; className: string; studentNo?: string | null; days: number }[]
  /** Who prepared the claim, and a phone the authority can call. */
  preparedBy: { name: string; phone: string }
}

export interface SubsidyClaimOptions {
  creationDate: Date
}

export async function renderSubsidyClaim(data: SubsidyClaimData, options: SubsidyClaimOptions): Promise<Buffer> {
  return renderTemplate('subsidy-claim', toTemplateValues(data, options), {
    creationDate: options.creationDate,
    title: `课后服务财政补贴申报表（${formatMonth(data.month)}）`,
  })
}

export function toTemplateValues(data: SubsidyClaimData, options: SubsidyClaimOptions) {
  const rate = money(data.ratePerDayFen, 'ratePerDayFen')
  if (rate.fen === 0) throw new Error('a subsidy claim needs a rate above 0')
  const serviceDays = count(data.serviceDays, 'serviceDays')
  const lines = data.students.map((s, i) => {
    const days = count(s.days, `students[${i}].days`)
    if (days > serviceDays) throw new Error(`${s.name}: ${days} days, but the month has ${serviceDays} service days`)
    return {
      no: i + 1,
      name: required(s.name, `students[${i}].name`),
      className: required(s.className, `students[${i}].className`),
      studentNo: blankToNull(s.studentNo) ?? '',
      days,
      amount: formatYuan(rate.fen * days),
      fen: rate.fen * days,
    }
  })
  const total = money(sumFen(lines.map((l) => l.fen)))
  return {
    claimNo: required(data.claimNo, 'claimNo'),
    school: data.school,
    committee: data.committee,
    plan: data.plan,
    term: data.term,
    month: formatMonth(data.month),
    rate: rate.figures,
    basis: data.basis === 'enrolled' ? '在托服务日数（按在托登记计）' : '实际出勤日数（按考勤记录计）',
    serviceDays,
    students: lines,
    studentCount: lines.length,
    dayTotal: lines.reduce((n, l) => n + l.days, 0),
    total,
    preparedBy: data.preparedBy,
    preparedOn: formatDateZh(beijingDate(options.creationDate)),
  }
}

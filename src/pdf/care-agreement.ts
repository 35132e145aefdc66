import { formatYuan, toFen, yuanInCapitals } from '../money.js'
import type { SigningCertificate } from './certificate.js'
import { beijingDate, formatClock, formatDateZh, formatWeekdays, maskIdentifier, type Weekday } from './format.js'
import { renderTemplate } from './render.js'
import { blankToNull, given, required } from './values.js'

/** Everything a care agreement (托管服务协议) says, as the service loads it from the database. */
export interface CareAgreementData {
  /** Printed as 协议编号: human-readable and sequential, e.g. "JW-2026-000123". */
  agreementNo: string
  /** The enrollment's id (a UUID), printed as the agreement's 系统登记号 and named by its signing certificate. */
  enrollmentId: string
  /**
   * The school approves the plan and supervises the care (the policy: "学校和家长委员会…与托管学生家长
   * 签订托管协议"): its contact phone and the phone for complaints about the care. Fields typed
   * `| null` below must still be given: null says "not recorded yet" out loud, and the document
   * then uses wording that stays true without it.
   */
  school: { name: string; phone: string | null; complaintPhone: string | null }
  /**
   * 甲方, e.g. "三年级（2）班家长委员会" (printed after the school name), its contact phone, and the
   * representative named in its signature block (the chair, e.g. title "家长委员会主任").
   */
  committee: { name: string; phone: string | null; representative: { name: string; title: string } | null }
  /** The whole term, printed as the care period. Dates are calendar dates "YYYY-MM-DD". */
  term: { name: string; startsOn: string; endsOn: string }
  /** The enrollment's own first day of care when it is not the term's first day (printed as 起始日期). */
  careStartsOn?: string | null
  plan: {
    /** The approved version the family signs, and the date ("YYYY-MM-DD") the school approved it. */
    version: number
    approvedOn: string | null
    /**
     * How a month (a term, for termly plans) that the family is in care for only in part is charged
     * — the first month, and the month of a withdrawal: 'whole' charges the whole fee; 'service-days'
     * charges fee × the family's service days ÷ the plan's service days, rounded down to the fen;
     * null: the plan states no such rule, and the plan's refund policy (refundPolicy) governs.
     */
    partialMonth: 'whole' | 'service-days' | null
    /**
     * Months billed in the term, for the term total of a monthly plan; defaults to the calendar
     * months the term touches. Give it when a month of the term has no service day.
     */
    termMonths?: number | null
    title: string
    /** Activities, e.g. "作业辅导、自主阅读、体育活动"; may span several lines. */
    content: string
    schedule: { weekdays: Weekday[]; startTime: string; endTime: string; place?: string | null }
    billing: 'monthly' | 'term'
    /** The approved fee standard per billing period, in integer fen. */
    feeFen: number
    /** The plan's own refund rule, e.g. per-day refunds for approved leave. */
    refundPolicy: string
  }
  student: { name: string; className: string; studentNo?: string | null }
  /** 乙方. */
  guardian: { name: string; phone: string; relation: string }
  /** Present only for a registered low-income (建档立卡) family: the fee is then zero. */
  lowIncome?: { certificateNo: string } | null
  pickup: {
    /** Authorised pickup persons besides the guardian. */
    persons: { name: string; relation: string; phone: string }[]
    /** True only when the guardian has consented in writing. */
    goesHomeAlone: boolean
  }
  specialNeeds?: string | null
}

export interface CareAgreementOptions {
  creationDate: Date
  /** Given once the guardian has signed: fills the signature line and adds the certificate page. */
  certificate?: SigningCertificate
}

export async function renderCareAgreement(data: CareAgreementData, options: CareAgreementOptions): Promise<Buffer> {
  return renderTemplate('care-agreement', toTemplateValues(data, options), {
    creationDate: options.creationDate,
    title: `课后托管服务协议（${data.student.name}）`,
    ...(options.certificate ? { certificates: [options.certificate] } : {}),
  })
}

const BILLING = {
  monthly: { period: '每月', how: '按月收取', unit: '月' },
  term: { period: '每学期', how: '每学期开始时一次收取', unit: '学期' },
} as const

/** Turns stored data (fen, ISO dates, weekday numbers) into the words the template prints. */
export function toTemplateValues(data: CareAgreementData, options: CareAgreementOptions) {
  const { plan, term } = data
  const { certificate } = options
  const fen = toFen(plan.feeFen)
  if (fen < 0) throw new Error('feeFen must not be negative')
  const billing = BILLING[plan.billing]
  const { startTime, endTime } = plan.schedule
  if (formatClock(startTime) >= formatClock(endTime)) throw new Error(`care ends (${endTime}) before it starts (${startTime})`)
  if (term.startsOn > term.endsOn) throw new Error(`the term ends (${term.endsOn}) before it starts (${term.startsOn})`)
  const careStartsOn = blankToNull(data.careStartsOn)
  if (careStartsOn && (careStartsOn < term.startsOn || careStartsOn > term.endsOn)) throw new Error(`care starts (${careStartsOn}) outside the term`)
  if (!Number.isSafeInteger(plan.version) || plan.version < 1) throw new Error(`plan.version must be a positive integer: ${plan.version}`)
  const months = plan.billing === 'monthly' ? (plan.termMonths ?? monthsTouched(term.startsOn, term.endsOn)) : 1
  if (!Number.isSafeInteger(months) || months < 1) throw new Error(`termMonths must be a positive integer: ${months}`)
  const total = toFen(fen * months)
  const { school, committee } = data
  const contacts = [
    ['甲方联系电话', given(committee.phone, 'committee.phone')],
    ['学校联系电话', given(school.phone, 'school.phone')],
    ['学校监督投诉电话', given(school.complaintPhone, 'school.complaintPhone')],
  ].flatMap(([label, phone]) => (phone?.trim() ? [`${label} ${phone.trim()}`] : []))
  const representative = given(committee.representative, 'committee.representative')
  const agreementNo = required(data.agreementNo, 'agreementNo')
  const enrollmentId = required(data.enrollmentId, 'enrollmentId')
  return {
    agreementNo,
    // The UUID is printed once as a reference, unless it is the agreement number itself.
    reference: enrollmentId !== agreementNo ? enrollmentId : null,
    school: { name: school.name },
    committee: {
      name: committee.name,
      representative: representative ? { name: required(representative.name, 'representative.name'), title: required(representative.title, 'representative.title') } : null,
    },
    contacts: contacts.length ? contacts.join('；') : null,
    term: { name: term.name, startsOn: formatDateZh(term.startsOn), endsOn: formatDateZh(term.endsOn) },
    careStartsOn: careStartsOn && careStartsOn !== term.startsOn ? formatDateZh(careStartsOn) : null,
    plan: {
      title: plan.title,
      version: plan.version,
      approval: given(plan.approvedOn, 'plan.approvedOn') ? `于${formatDateZh(plan.approvedOn!)}审核同意` : '审核同意',
      content: plan.content,
      weekdays: formatWeekdays(plan.schedule.weekdays),
      hours: `${startTime}—${endTime}`,
      place: blankToNull(plan.schedule.place),
      fee: `${billing.period} ${formatYuan(fen)} 元（${yuanInCapitals(fen)}）`,
      billing: billing.how,
      refundPolicy: plan.refundPolicy,
      ...partialRules(plan.billing, given(plan.partialMonth, 'plan.partialMonth')),
    },
    total: {
      figures: `${formatYuan(total)} 元`,
      capitals: yuanInCapitals(total),
      how: plan.billing === 'monthly' ? `${billing.period} ${formatYuan(fen)} 元 × ${months} 个月` : '按学期一次收取',
    },
    student: { ...data.student, studentNo: blankToNull(data.student.studentNo) },
    guardian: data.guardian,
    // Only the masked number ever reaches the template, so the full one cannot be printed.
    waiver: data.lowIncome ? { certificateNo: maskIdentifier(data.lowIncome.certificateNo) } : null,
    pickup: data.pickup,
    specialNeeds: blankToNull(data.specialNeeds),
    issuedOn: formatDateZh(beijingDate(options.creationDate)),
    signature: certificate ? true : null,
    signatureName: certificate ? `${certificate.signerName}（电子签署）` : '____________________',
    signatureDate: certificate ? formatDateZh(beijingDate(new Date(certificate.signedAt))) : '________年____月____日',
  }
}

/** The words for the plan's partial-period rule: joining late (the first month) and withdrawing. */
function partialRules(billing: CareAgreementData['plan']['billing'], rule: CareAgreementData['plan']['partialMonth']) {
  const unit = BILLING[billing].unit
  if (rule === null) {
    return { firstMonth: null, withdrawal: `自退出之日起停止计费，退出当${unit}的费用按本协议第五条所列本方案退费办法计算` }
  }
  const prorate = `按服务日折算：${unit}收费标准 × 该${unit}实际在托的服务日数 ÷ 该${unit}本方案的服务日数，不足一分的部分舍去`
  if (rule === 'service-days') {
    return {
      firstMonth: `起始日期不在${billing === 'monthly' ? '当月' : '本学期'}第一个服务日的，首${unit}${prorate}。`,
      withdrawal: `自退出之日起停止计费，退出当${unit}${prorate}`,
    }
  }
  if (rule !== 'whole') throw new Error(`unknown partial-month rule ${String(rule)}`)
  return {
    firstMonth: `首${unit}不足整${unit}的，按整${unit}收取（本方案不按服务日折算）。`,
    withdrawal: `自退出之日起停止计费，退出当${unit}按整${unit}收取，不按服务日折算`,
  }
}

/** "2025-09-01".."2026-01-16" → 5: the calendar months a term touches. */
function monthsTouched(startsOn: string, endsOn: string): number {
  const month = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7))
  return month(endsOn) - month(startsOn) + 1
}

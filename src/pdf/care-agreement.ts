import { formatYuan, toFen } from '../money.js'
import type { SigningCertificate } from './certificate.js'
import { beijingDate, formatClock, formatDateZh, formatWeekdays, maskIdentifier, type Weekday } from './format.js'
import { renderTemplate } from './render.js'

/** Everything a care agreement (托管服务协议) says, as the service loads it from the database. */
export interface CareAgreementData {
  /** Printed as 协议编号; the enrollment id is a good choice. */
  agreementNo: string
  school: { name: string }
  /** 甲方, e.g. "三年级（2）班家长委员会"; printed after the school name. */
  committee: { name: string }
  /** Dates are calendar dates "YYYY-MM-DD". */
  term: { name: string; startsOn: string; endsOn: string }
  plan: {
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
  monthly: { period: '每月', how: '按月收取' },
  term: { period: '每学期', how: '每学期开始时一次收取' },
} as const

/** Turns stored data (fen, ISO dates, weekday numbers) into the words the template prints. */
export function toTemplateValues(data: CareAgreementData, options: CareAgreementOptions) {
  const { plan } = data
  const { certificate } = options
  const fen = toFen(plan.feeFen)
  if (fen < 0) throw new Error('feeFen must not be negative')
  const billing = BILLING[plan.billing]
  const { startTime, endTime } = plan.schedule
  if (formatClock(startTime) >= formatClock(endTime)) throw new Error(`care ends (${endTime}) before it starts (${startTime})`)
  return {
    agreementNo: data.agreementNo,
    school: data.school,
    committee: data.committee,
    term: {
      name: data.term.name,
      startsOn: formatDateZh(data.term.startsOn),
      endsOn: formatDateZh(data.term.endsOn),
    },
    plan: {
      title: plan.title,
      content: plan.content,
      weekdays: formatWeekdays(plan.schedule.weekdays),
      hours: `${startTime}—${endTime}`,
      place: blankToNull(plan.schedule.place),
      fee: `${billing.period} ${formatYuan(fen)} 元`,
      billing: billing.how,
      refundPolicy: plan.refundPolicy,
    },
    student: { ...data.student, studentNo: blankToNull(data.student.studentNo) },
    guardian: data.guardian,
    // Only the masked number ever reaches the template, so the full one cannot be printed.
    waiver: data.lowIncome ? { certificateNo: maskIdentifier(data.lowIncome.certificateNo) } : null,
    pickup: data.pickup,
    specialNeeds: blankToNull(data.specialNeeds),
    issuedOn: formatDateZh(beijingDate(options.creationDate)),
    signature: certificate
      ? { name: certificate.signerName, date: formatDateZh(beijingDate(new Date(certificate.signedAt))) }
      : null,
  }
}

function blankToNull(value: string | null | undefined): string | null {
  return value?.trim() ? value.trim() : null
}

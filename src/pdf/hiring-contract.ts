import { toFen } from '../money.js'
import type { SigningCertificate } from './certificate.js'
import { beijingDate, formatClock, formatDateZh, formatWeekdays, maskIdentifier, type Weekday } from './format.js'
import { renderTemplate } from './render.js'
import { blankToNull, money, required } from './values.js'

/** The staff kinds of the staff module: 在职教师, 退休教师, 社会人员/机构, 志愿者. */
export type StaffKind = 'teacher' | 'retired_teacher' | 'external' | 'volunteer'
export type PayType = 'hourly' | 'session' | 'monthly'

/** A hiring contract (托管服务人员聘用协议) between the committee and a staff member. */
export interface HiringContractData {
  /** Human-readable, e.g. "JW-HT-2026-000012". */
  contractNo: string
  /** The contract's id; the signing certificates name it. */
  contractId: string
  school: { name: string }
  /** 甲方, with the representative who signs for it (the chair) and the committee's phone. */
  committee: { name: string; phone: string; representative: { name: string; title: string } }
  /** 乙方. No identity-card number: the contract never needs it. */
  staff: { name: string; phone: string; kind: StaffKind }
  /** 岗位, e.g. "托管看护及作业辅导". */
  role: string
  /** One line each. */
  duties: string[]
  plan: { title: string; schedule: { weekdays: Weekday[]; startTime: string; endTime: string; place?: string | null } }
  term: { name: string }
  /** Rate in fen per hour, per session or per month; paid by day `payDay` (1–28) of the next month. */
  pay: { type: PayType; rateFen: number; payDay: number }
  /** "YYYY-MM-DD", within the plan's term. */
  startsOn: string
  endsOn: string
  /** 无犯罪记录证明: number (printed masked), issue date, and who verified it when. */
  backgroundCheck: { certificateNo: string; issuedOn: string; verifiedBy: string; verifiedOn: string }
  /** 健康证明: number (printed masked) and issue date. */
  healthCertificate: { certificateNo: string; issuedOn: string }
  qualifications?: string | null
}

export interface HiringContractOptions {
  creationDate: Date
  /** Each signature fills its line and adds its certificate page; both sign the same unsigned PDF. */
  signatures?: { chair?: SigningCertificate | null; staff?: SigningCertificate | null }
}

const KINDS: Record<StaffKind, string> = { teacher: '学校在职教师', retired_teacher: '退休教师', external: '社会专业人员', volunteer: '志愿者' }
const PAY: Record<PayType, { how: string; unit: string; basis: string }> = {
  hourly: { how: '按小时计酬', unit: '每小时', basis: '服务时长以乙方在系统中的签到、签退记录为准，按实际服务时长计算。' },
  session: { how: '按次计酬', unit: '每次', basis: '服务次数以系统值班记录为准，一个服务日的一次托管为一次。' },
  monthly: { how: '按月计酬', unit: '每月', basis: '按月计算；协议期限不足整月的月份，按该月在协议期限内的天数折算。' },
}

export async function renderHiringContract(data: HiringContractData, options: HiringContractOptions): Promise<Buffer> {
  const certificates = certificatesOf(data, options)
  return renderTemplate('hiring-contract', toTemplateValues(data, options), {
    creationDate: options.creationDate,
    title: `托管服务人员聘用协议（${data.staff.name}）`,
    certificates,
  })
}

/** The certificates in the order of the parties, each checked to belong to this contract and its signer. */
function certificatesOf(data: HiringContractData, options: HiringContractOptions): SigningCertificate[] {
  const { chair, staff } = options.signatures ?? {}
  const signers = [
    { cert: chair, party: '甲方代表', name: data.committee.representative.name },
    { cert: staff, party: '乙方', name: data.staff.name },
  ]
  return signers.flatMap(({ cert, party, name }) => {
    if (!cert) return []
    if (!('contractId' in cert) || cert.contractId !== data.contractId) throw new Error(`the ${party} certificate is not for contract ${data.contractId}`)
    if (cert.signerName.trim() !== name.trim()) throw new Error(`the ${party} certificate is signed by ${cert.signerName}, not ${name}`)
    return [{ ...cert, party }]
  })
}

export function toTemplateValues(data: HiringContractData, options: HiringContractOptions) {
  const { startTime, endTime } = data.plan.schedule
  const minutes = toMinutes(formatClock(endTime)) - toMinutes(formatClock(startTime))
  if (minutes <= 0) throw new Error(`care ends (${endTime}) before it starts (${startTime})`)
  if (data.startsOn > data.endsOn) throw new Error(`the contract ends (${data.endsOn}) before it starts (${data.startsOn})`)
  const rate = money(data.pay.rateFen, 'pay.rateFen')
  if (rate.fen === 0) throw new Error('a hiring contract pays a rate above 0')
  const payDay = toFen(data.pay.payDay)
  if (payDay < 1 || payDay > 28) throw new Error(`payDay must be 1–28: ${payDay}`)
  const duties = data.duties.map((d) => d.trim()).filter(Boolean)
  if (!duties.length) throw new Error('a hiring contract lists the duties')
  const signature = (cert: SigningCertificate | null | undefined) =>
    cert ? { name: `${cert.signerName}（电子签署）`, date: formatDateZh(beijingDate(new Date(cert.signedAt))) } : { name: '____________________', date: '________年____月____日' }
  const { chair, staff } = options.signatures ?? {}
  const pay = PAY[data.pay.type]
  return {
    contractNo: required(data.contractNo, 'contractNo'),
    contractId: required(data.contractId, 'contractId'),
    committeeFull: `${data.school.name}${data.committee.name}`,
    committee: { phone: required(data.committee.phone, 'committee.phone') },
    representative: { name: required(data.committee.representative.name, 'representative.name'), title: required(data.committee.representative.title, 'representative.title') },
    staff: { name: required(data.staff.name, 'staff.name'), phone: required(data.staff.phone, 'staff.phone'), kind: KINDS[data.staff.kind] },
    role: required(data.role, 'role'),
    duties,
    plan: { title: data.plan.title },
    term: data.term,
    schedule: {
      weekdays: formatWeekdays(data.plan.schedule.weekdays),
      hours: `${startTime}—${endTime}`,
      length: minutes % 30 ? `${minutes} 分钟` : `${minutes / 60} 小时`,
      place: blankToNull(data.plan.schedule.place),
    },
    startsOn: formatDateZh(data.startsOn),
    endsOn: formatDateZh(data.endsOn),
    pay: { how: pay.how, rate: `${pay.unit} ${rate.figures}`, capitals: rate.capitals, basis: pay.basis, payDay },
    // Only masked numbers reach the template, so the full ones cannot be printed.
    backgroundCheck: {
      certificateNo: maskIdentifier(required(data.backgroundCheck.certificateNo, 'backgroundCheck.certificateNo')),
      issuedOn: formatDateZh(data.backgroundCheck.issuedOn),
      verifiedBy: required(data.backgroundCheck.verifiedBy, 'backgroundCheck.verifiedBy'),
      verifiedOn: formatDateZh(data.backgroundCheck.verifiedOn),
    },
    health: {
      certificateNo: maskIdentifier(required(data.healthCertificate.certificateNo, 'healthCertificate.certificateNo')),
      issuedOn: formatDateZh(data.healthCertificate.issuedOn),
    },
    qualifications: blankToNull(data.qualifications),
    chairSignature: signature(chair),
    staffSignature: signature(staff),
    signed: Boolean(chair || staff),
    issuedOn: formatDateZh(beijingDate(options.creationDate)),
  }
}

function toMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))
}

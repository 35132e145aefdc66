import { z } from 'zod'
import { PositiveFen } from '../../money.js'
import { Phone } from '../accounts/schemas.js'
import { IsoDateString } from '../schools/schemas.js'
import { CONTRACT_STATUSES } from './contract-status.js'

export const StaffKind = z.enum(['teacher', 'retired_teacher', 'external', 'volunteer']).describe('在职教师, 退休教师, 社会人员/机构, 志愿者')
export const CheckKind = z.enum(['background', 'health']).describe('background: 无犯罪记录证明; health: 健康证明')

const Verification = {
  verifiedBy: z.string().trim().min(1).max(100).optional().describe('Who saw the original certificate, e.g. "学校德育处王老师"'),
  verifiedOn: IsoDateString.optional().describe('When they saw it; with verifiedBy'),
}

const Certificate = z.object({
  certificateNo: z.string().trim().min(4).max(100),
  issuedOn: IsoDateString,
  ...Verification,
})

export const CreateStaffBody = z.object({
  name: z.string().trim().min(1).max(100),
  kind: StaffKind,
  phone: Phone,
  backgroundCheck: Certificate.describe('无犯罪记录证明: the background check every staff member passes before hiring (rule 8)'),
  healthCertificate: Certificate.optional().describe('健康证明; needed before a contract is signed or duty is taken'),
  qualifications: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
  providerId: z.uuid().optional().describe("For a provider's staff (kind external): a provider on the school's white list"),
  userId: z.uuid().optional().describe('Their account, so they can sign their contract, sign in for duty and see the roster'),
})
export type CreateStaffInput = z.infer<typeof CreateStaffBody>

export const RecordCheckBody = Certificate.extend({ kind: CheckKind })
export type RecordCheckInput = z.infer<typeof RecordCheckBody>

export const CheckOut = z.object({
  status: z.enum(['valid', 'missing', 'unverified', 'expired']).describe("Today, against the school's limit"),
  issuedOn: z.string().nullable(),
  certificateNoMasked: z.string().nullable().describe('Only the last four characters are ever shown'),
  verifiedBy: z.string().nullable(),
  verifiedOn: z.string().nullable(),
  validUntil: z.string().nullable(),
})

export const StaffOut = z.object({
  id: z.uuid(),
  committeeId: z.uuid(),
  userId: z.uuid().nullable(),
  name: z.string(),
  kind: StaffKind,
  phone: z.string(),
  provider: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  backgroundCheck: CheckOut,
  healthCertificate: CheckOut,
  vetted: z.boolean().describe('Valid background check and health certificate today (and an allowed provider): may sign a contract'),
  qualifications: z.array(z.string()),
  createdAt: z.date(),
})

export const StaffParams = z.object({ staffId: z.uuid() })
export const ProviderParams = z.object({ providerId: z.uuid() })
export const ContractParams = z.object({ contractId: z.uuid() })

export const AddProviderBody = z.object({
  name: z.string().trim().min(1).max(200),
  creditCode: z.string().trim().min(1).max(50).optional().describe('统一社会信用代码'),
})
export const RemoveProviderBody = z.object({ reason: z.string().trim().min(1).max(500) })
export const ProviderOut = z.object({
  id: z.uuid(),
  schoolId: z.uuid(),
  name: z.string(),
  creditCode: z.string().nullable(),
  addedAt: z.date(),
  removedOn: z.string().nullable(),
  removalReason: z.string().nullable(),
})

export const StaffSettingsBody = z.object({ checkMaxAgeMonths: z.number().int().min(1).max(60) })
export const StaffSettingsOut = z.object({
  schoolId: z.uuid(),
  checkMaxAgeMonths: z.number().int().describe('A background check or health certificate older than this no longer counts'),
})

export const PayType = z
  .enum(['hourly', 'session', 'monthly'])
  .describe('hourly: signed-in minutes; session: sessions on duty; monthly: the month, prorated by the days the contract covers')

export const ContractTerms = z.object({
  role: z.string().trim().min(1).max(100).describe('岗位, e.g. 托管看护及作业辅导'),
  duties: z.array(z.string().trim().min(1).max(200)).min(1).max(20),
  payType: PayType,
  rateFen: PositiveFen.describe('Per hour, per session or per month'),
  payDay: z.number().int().min(1).max(28).default(10).describe('Paid by this day of the next month'),
  startsOn: IsoDateString,
  endsOn: IsoDateString,
  committeePhone: Phone.optional().describe("甲方's phone on the contract; default: the chair's account phone"),
})

export const CreateContractBody = ContractTerms.extend({
  staffId: z.uuid(),
  planId: z.uuid().describe('The approved plan the staff member works for: the contract lies within its term, and its fund pays'),
})
export type CreateContractInput = z.infer<typeof CreateContractBody>

export const SignContractBody = z.object({
  name: z.string().trim().min(1).max(100).describe('Typed name: the staff member’s, or the chair’s who drew the contract up'),
  party: z.enum(['chair', 'staff']).optional().describe('Only needed by someone who is both'),
  documentSha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/)
    .optional()
    .describe('x-document-sha256 of the PDF read: refused if the contract is no longer those bytes'),
})
export type SignContractInput = z.infer<typeof SignContractBody>

export const TerminationGround = z
  .enum(['not_competent', 'misconduct', 'vetting_lapsed', 'staff_request', 'mutual', 'other'])
  .describe('不能胜任, 违反协议, 证明失效, 乙方提出, 协商一致, 其他')

export const TerminateContractBody = z.object({
  effectiveOn: IsoDateString.describe('The first day the contract no longer covers: today or later. Duty from that day is refused and never paid'),
  ground: TerminationGround,
  reason: z.string().trim().min(1).max(1000),
})
export type TerminateContractInput = z.infer<typeof TerminateContractBody>

export const ListContractsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  staffId: z.uuid().optional(),
  planId: z.uuid().optional(),
})

export const ContractOut = z.object({
  id: z.uuid(),
  contractNo: z.string(),
  committeeId: z.uuid(),
  planId: z.uuid(),
  staffId: z.uuid(),
  staffName: z.string(),
  role: z.string(),
  duties: z.array(z.string()),
  payType: PayType,
  rateFen: z.number().int(),
  payDay: z.number().int(),
  startsOn: z.string(),
  endsOn: z.string(),
  status: z.enum(CONTRACT_STATUSES).describe('draft → signed (both parties) → active (from its start) → terminated | expired, as of now'),
  inForce: z.object({ from: z.string(), to: z.string() }).nullable().describe('The days it covers: duty and pay only on these'),
  signatures: z.array(z.object({ party: z.enum(['chair', 'staff']), signerName: z.string(), signedAt: z.date() })),
  termination: z.object({ effectiveOn: z.string(), ground: TerminationGround, reason: z.string(), terminatedAt: z.date() }).nullable(),
  renewsContractId: z.uuid().nullable(),
  renewalDecisionId: z.uuid().nullable(),
  createdAt: z.date(),
})

export const VerifyContractBody = z.object({
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/)
    .describe('SHA-256 of the PDF (sha256sum / certutil -hashfile … SHA256), the signed one or the text that was signed'),
})
export const VerifyContractOut = z.object({
  genuine: z.boolean(),
  document: z.enum(['signed-pdf', 'signed-text']).optional().describe('What the hash is of'),
  contractNo: z.string().optional(),
  status: z.enum(CONTRACT_STATUSES).optional(),
  signatures: z
    .array(z.object({ party: z.enum(['chair', 'staff']), signedAt: z.date() }))
    .optional()
    .describe('When each party signed; never who'),
  committee: z.object({ name: z.string(), school: z.string() }).optional(),
})

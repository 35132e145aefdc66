import { z } from 'zod'
import { PageQuery } from '../../http/pagination.js'

const Name = z.string().trim().min(1).max(50)
const Phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'must be a phone number')
const IsoDate = z.iso.date('must be a date YYYY-MM-DD')

export const PriorityGroup = z.enum(['disabled', 'left_behind', 'migrant', 'low_income']).describe('Admitted first when places are short (rule 4)')

const Student = z.object({ name: Name, className: z.string().trim().min(1).max(50), studentNo: z.string().trim().min(1).max(30).optional() })
const Guardian = z.object({ name: Name, phone: Phone, relation: z.string().trim().min(1).max(20).describe('e.g. 父亲, 母亲, 祖父') })
const PickupPerson = z.object({ name: Name, phone: Phone, relation: z.string().trim().min(1).max(20) })
const Pickup = z
  .object({
    persons: z.array(PickupPerson).max(5).default([]).describe('Authorised pickup persons besides the guardian'),
    goesHomeAlone: z.boolean().default(false),
    aloneConsent: z.string().trim().max(500).optional().describe("Required when goesHomeAlone: the guardian's written consent"),
  })
  .refine((p) => !p.goesHomeAlone || (p.aloneConsent?.length ?? 0) > 0, { path: ['aloneConsent'], message: 'is required when the student goes home alone' })

export const CreateApplicationBody = z
  .object({
    student: Student,
    guardian: Guardian,
    pickup: Pickup.default({ persons: [], goesHomeAlone: false }),
    specialNeeds: z.string().trim().max(1000).optional().describe('Health or care needs the staff must know'),
    priority: z
      .array(PriorityGroup)
      .max(4)
      .default([])
      .refine((p) => new Set(p).size === p.length, 'lists a group twice'),
    lowIncome: z
      .object({ certificateNo: z.string().trim().min(4).max(50).describe('建档立卡 certificate number; never shown again in full') })
      .optional()
      .describe('A registered low-income family pays nothing (rule 4)'),
    signature: z.object({
      name: Name.describe("The guardian's name, typed as a signature"),
      consent: z.literal(true).describe('The guardian applies voluntarily and agrees the information is true'),
    }),
  })
  .refine((v) => !v.priority.includes('low_income') || v.lowIncome !== undefined, { path: ['lowIncome'], message: 'the low-income priority needs the certificate number' })
export type CreateApplicationInput = z.infer<typeof CreateApplicationBody>

export const ApplicationStatus = z.enum(['submitted', 'first_accepted', 'approved', 'waitlisted', 'rejected', 'withdrawn'])

export const ApplicationReviewOut = z.object({
  stage: z.enum(['first', 'approval']),
  decision: z.enum(['accept', 'reject']),
  comment: z.string(),
  reviewerId: z.uuid(),
  reviewedAt: z.date(),
})

export const ApplicationOut = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  planVersion: z.number().int(),
  guardianUserId: z.uuid(),
  student: Student,
  guardian: Guardian,
  pickup: z.object({ persons: z.array(PickupPerson), goesHomeAlone: z.boolean(), aloneConsent: z.string().optional() }),
  specialNeeds: z.string().nullable(),
  priority: z.array(PriorityGroup).describe('The priority claims that count for admission (rule 4): those a reviewer struck are gone from here'),
  struckPriority: z
    .array(z.object({ group: PriorityGroup, reason: z.string(), stage: z.enum(['first', 'approval']), struckAt: z.date() }))
    .describe('Claims a reviewer found unsupported, with the reason, at first review or at the school’s approval'),
  lowIncome: z
    .object({
      certificateNo: z.string().optional().describe("The whole number, for the school's reviewer only, who verifies it against the register"),
      certificateNoMasked: z.string().describe('Only the tail: what the committee and the family see'),
    })
    .nullable()
    .describe('A registered low-income family (建档立卡)'),
  signature: z.object({ name: z.string(), signedAt: z.date() }),
  status: ApplicationStatus.describe('approved: a place is given (see enrollmentId); waitlisted: approved by the school, waiting for a place'),
  waitlistPosition: z.number().int().nullable(),
  enrollmentId: z.uuid().nullable(),
  reviews: z.array(ApplicationReviewOut),
  possibleDuplicates: z
    .array(z.object({ applicationId: z.uuid(), status: ApplicationStatus, submittedAt: z.date() }))
    .optional()
    .describe(
      "The committee and the school only: other families' open applications in this plan for a child of the same name and class, to weigh at first review. Never shown to a parent.",
    ),
  createdAt: z.date(),
  updatedAt: z.date(),
})

export const ReviewApplicationBody = z
  .object({
    decision: z.enum(['accept', 'reject']),
    comment: z.string().trim().max(1000).default(''),
    strikePriority: z
      .array(z.object({ group: PriorityGroup, reason: z.string().trim().min(2).max(500).describe('Why the claim is not supported: the family reads it') }))
      .max(4)
      .default([])
      .refine((s) => new Set(s.map((x) => x.group)).size === s.length, 'strikes a group twice')
      .describe('Priority claims the reviewer found unsupported (with an acceptance): they no longer count for admission, and a struck low_income claim loses the fee waiver'),
  })
  .refine((v) => v.decision !== 'reject' || v.comment.length > 0, { path: ['comment'], message: 'give the family the reason for a rejection' })
  .refine((v) => v.decision === 'accept' || v.strikePriority.length === 0, { path: ['strikePriority'], message: 'strike claims when accepting; a rejection needs no strike' })
export type ReviewApplicationInput = z.infer<typeof ReviewApplicationBody>

export const WithdrawApplicationBody = z.object({ reason: z.string().trim().max(500).default('') })

export const ListApplicationsQuery = PageQuery.extend({ status: ApplicationStatus.optional() })

export const EnrollmentStatus = z.enum(['awaiting_agreement', 'active', 'withdrawn'])

export const EnrollmentOut = z.object({
  id: z.uuid(),
  applicationId: z.uuid(),
  agreementNo: z.string().nullable().describe('协议编号 of the care agreement, e.g. JW-2026-000123: counted per committee and year; the id stays its reference'),
  planId: z.uuid(),
  planVersion: z.number().int().describe('The plan version of the agreement (the one in force until signed)'),
  guardianUserId: z.uuid(),
  student: z.object({ name: z.string(), className: z.string() }),
  status: EnrollmentStatus.describe('active only once the guardian has signed the care agreement'),
  feeWaived: z.boolean().describe('A registered low-income family: billed zero'),
  startsOn: z.string().nullable(),
  withdrawnOn: z.string().nullable().describe('First day without care'),
  withdrawReason: z.string().nullable(),
  agreement: z.object({ signerName: z.string(), signedAt: z.date(), documentSha256: z.string() }).nullable().describe('The signature, once signed'),
  createdAt: z.date(),
})

export const ListEnrollmentsQuery = PageQuery.extend({ status: EnrollmentStatus.optional() })

export const SignAgreementBody = z.object({
  name: Name.describe("The guardian's name, typed as a signature; must match the application"),
  documentSha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits')
    .optional()
    .describe('SHA-256 of the agreement PDF the guardian read (x-document-sha256 of getAgreementPdf); refused with document-changed if it no longer matches'),
  startsOn: IsoDate.optional().describe('First day of care: within the term and not before the signing date (China time); defaults to the later of the term start and today'),
})
export type SignAgreementInput = z.infer<typeof SignAgreementBody>

export const WithdrawEnrollmentBody = z.object({
  effectiveOn: IsoDate.describe('First day without care: today (China time) or later, within the term; the place stays held until then'),
  reason: z.string().trim().min(1).max(500),
})
export type WithdrawEnrollmentInput = z.infer<typeof WithdrawEnrollmentBody>

export const AdmissionRunOut = z.object({
  planId: z.uuid(),
  today: z.string().describe('The date (China time) places were counted on'),
  capacity: z.number().int().describe('Places of the approved version in force'),
  placesHeld: z.number().int().describe('Enrollments holding a place today, the newly admitted included'),
  admitted: z.array(z.uuid()).describe('Applications given a place by this run'),
  waiting: z.array(z.uuid()).describe('School-approved applications still waiting, in the order they move up'),
  reserved: z.array(z.uuid()).describe('Applications still in review whose rank reserves them a place (priority groups first, rule 4)'),
})

export const PlanParams = z.object({ planId: z.uuid() })
export const ApplicationParams = z.object({ applicationId: z.uuid() })
export const EnrollmentParams = z.object({ enrollmentId: z.uuid() })

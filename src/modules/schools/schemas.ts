import { z } from 'zod'

const Name = z.string().trim().min(1).max(200)
export const IsoDateString = z.iso.date('must be a date YYYY-MM-DD').refine((d) => d >= '2000-01-01' && d <= '2100-12-31', 'must be between 2000-01-01 and 2100-12-31')

/** A contact or complaint line: a mobile, a landline with its area code, or a short hotline such as 12345. */
const ContactPhone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 -]{2,24}$/, 'must be a phone number')
const Phones = {
  phone: ContactPhone.nullable().optional().describe('Whom families call about the care: printed on the care agreement'),
}
export const SchoolOut = z.object({
  id: z.uuid(),
  name: z.string(),
  phone: z.string().nullable().describe('The school’s contact phone for the care, printed on care agreements'),
  complaintPhone: z.string().nullable().describe('Where families complain about the care (the school supervises it), printed on care agreements'),
  createdAt: z.date(),
})
const SchoolPhones = {
  ...Phones,
  complaintPhone: ContactPhone.nullable().optional().describe('Where families complain about the care: printed on the care agreement'),
}
export const CreateSchoolBody = z.object({ name: Name, ...SchoolPhones })
export const UpdateSchoolBody = z.object(SchoolPhones).refine((v) => Object.keys(v).length > 0, 'give phone or complaintPhone (null clears one)')
export type SchoolPhonesInput = z.infer<typeof UpdateSchoolBody>
export const AddReviewerBody = z.object({ userId: z.uuid() })
export const ReviewerOut = z.object({ schoolId: z.uuid(), userId: z.uuid() })

export const CommitteeLevel = z.enum(['school', 'grade', 'class'])
export const CommitteeRole = z.enum(['chair', 'treasurer', 'auditor', 'member'])

/** A committee's public address, /p/<slug>. */
export const COMMITTEE_SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/

export const CreateCommitteeBody = z
  .object({
    name: Name,
    slug: z.string().trim().toLowerCase().regex(COMMITTEE_SLUG, 'use 2–63 lower-case letters, digits and dashes').describe('Public address: /p/<slug>'),
    level: CommitteeLevel,
    grade: z.number().int().min(1).max(12).optional(),
    className: z.string().trim().min(1).max(50).optional(),
    ...Phones,
  })
  .superRefine((v, ctx) => {
    if (v.level !== 'school' && v.grade === undefined) ctx.addIssue({ code: 'custom', path: ['grade'], message: 'is required for a grade or class committee' })
    if (v.level === 'class' && v.className === undefined) ctx.addIssue({ code: 'custom', path: ['className'], message: 'is required for a class committee' })
  })
export type CreateCommitteeInput = z.infer<typeof CreateCommitteeBody>

export const CommitteeOut = z.object({
  id: z.uuid(),
  schoolId: z.uuid(),
  name: z.string(),
  slug: z.string(),
  level: CommitteeLevel,
  grade: z.number().int().nullable(),
  className: z.string().nullable(),
  inviteCode: z.string().optional().describe('Shown to the committee and the school only'),
  phone: z.string().nullable().describe('The committee’s contact phone (甲方 on the care agreement)'),
  createdAt: z.date(),
})
export const UpdateCommitteeBody = z.object(Phones).refine((v) => Object.keys(v).length > 0, 'give phone (null clears it)')
export type CommitteePhonesInput = z.infer<typeof UpdateCommitteeBody>

export const AddMemberBody = z.object({ userId: z.uuid(), role: CommitteeRole })
export const MemberOut = z.object({ committeeId: z.uuid(), userId: z.uuid(), role: CommitteeRole })
export const JoinCommitteeBody = z.object({ inviteCode: z.string().trim().min(4).max(64) })

export const CreateTermBody = z
  .object({ name: Name, startsOn: IsoDateString, endsOn: IsoDateString })
  .refine((v) => v.endsOn > v.startsOn, { path: ['endsOn'], message: 'must be after startsOn' })
export type CreateTermInput = z.infer<typeof CreateTermBody>
export const TermOut = z.object({ id: z.uuid(), schoolId: z.uuid(), name: z.string(), startsOn: z.string(), endsOn: z.string(), createdAt: z.date() })

export const SchoolParams = z.object({ schoolId: z.uuid() })
export const CommitteeParams = z.object({ committeeId: z.uuid() })

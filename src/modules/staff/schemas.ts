import { z } from 'zod'
import { Phone } from '../accounts/schemas.js'
import { IsoDateString } from '../schools/schemas.js'

export const StaffKind = z.enum(['teacher', 'retired_teacher', 'external', 'volunteer']).describe('在职教师, 退休教师, 社会人员/机构, 志愿者')

export const CreateStaffBody = z.object({
  name: z.string().trim().min(1).max(100),
  kind: StaffKind,
  phone: Phone,
  backgroundCheck: z
    .object({
      certificateNo: z.string().trim().min(4).max(100).describe('无犯罪记录证明 number'),
      issuedOn: IsoDateString,
    })
    .describe('The background check every staff member passes before hiring (rule 8)'),
  qualifications: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
  userId: z.uuid().optional().describe('Their account, so they can sign in for duty and see the roster'),
})
export type CreateStaffInput = z.infer<typeof CreateStaffBody>

export const StaffOut = z.object({
  id: z.uuid(),
  committeeId: z.uuid(),
  userId: z.uuid().nullable(),
  name: z.string(),
  kind: StaffKind,
  phone: z.string(),
  backgroundCheck: z.object({ issuedOn: z.string(), certificateNoMasked: z.string().describe('Only the last four characters are ever shown') }),
  qualifications: z.array(z.string()),
  createdAt: z.date(),
})

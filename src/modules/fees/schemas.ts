import { z } from 'zod'
import { PositiveFen } from '../../money.js'
import { IsoDateString } from '../schools/schemas.js'

export const PlanParams = z.object({ planId: z.uuid() })
export const CommitteeParams = z.object({ committeeId: z.uuid() })
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM')
export const PaymentMethod = z.enum(['cash', 'bank', 'wechat', 'alipay']).describe('现金, 银行转账, 微信, 支付宝')

export const BillingRunBody = z.object({
  period: z.union([Month, z.literal('term')]).describe('A month of the term ("2026-09") for a monthly plan, "term" for a termly one'),
})

export const BillingRunOut = z.object({
  planId: z.uuid(),
  period: z.string(),
  planServiceDays: z.number().int(),
  charged: z.number().int().describe('Families charged by this run'),
  alreadyCharged: z.number().int().describe('Families charged for the period before; never charged twice'),
  notInCare: z.number().int().describe('Families with no service day in care in the period: not charged'),
  totalFen: z.number().int(),
  waivedFen: z.number().int().describe('Of which waived for low-income registered families'),
  dueOn: z.string(),
  leaveCreditsBooked: z.array(z.object({ period: z.string(), families: z.number().int(), totalFen: z.number().int() })),
  withdrawalCorrections: z
    .object({
      charges: z.number().int(),
      totalFen: z.number().int().describe('Fee income given back'),
      waivedFen: z.number().int().describe('Of which waived: the waiver undone with it'),
    })
    .describe('Charges of any period that a withdrawal left service days no longer in care, corrected by this run (once each; usually the withdrawal already did)'),
  summary: z.string(),
})

export const ArrearsOut = z.object({
  planId: z.uuid(),
  asOf: z.string(),
  families: z.number().int(),
  totalOverdueFen: z.number().int(),
  items: z.array(
    z.object({
      enrollmentId: z.uuid(),
      student: z.object({ name: z.string(), className: z.string() }),
      guardian: z.object({ name: z.string(), phone: z.string() }),
      owedFen: z.number().int().describe('Everything the family owes now'),
      overdueFen: z.number().int().describe('Of which past due'),
      oldestUnpaidPeriod: z.string(),
      dueOn: z.string(),
      daysOverdue: z.number().int(),
      openPeriods: z.array(z.object({ period: z.string(), openFen: z.number().int(), dueOn: z.string() })),
    }),
  ),
})

export const SubsidyClaimQuery = z.object({ month: Month })
export const SubsidyClaimOut = z.object({
  planId: z.uuid(),
  planTitle: z.string(),
  month: z.string(),
  ratePerDayFen: z.number().int(),
  basis: z.enum(['enrolled', 'attended']),
  planServiceDays: z.number().int(),
  students: z.array(
    z.object({ enrollmentId: z.uuid(), name: z.string(), className: z.string(), studentNo: z.string().nullable(), days: z.number().int(), amountFen: z.number().int() }),
  ),
  studentDays: z.number().int(),
  totalFen: z.number().int(),
  received: z.object({ amountFen: z.number().int(), receivedOn: z.string() }).nullable(),
})

export const RecordSubsidyBody = z.object({
  planId: z.uuid(),
  month: Month.describe('The month the subsidy is for'),
  amountFen: PositiveFen,
  method: PaymentMethod.default('bank'),
  receivedOn: IsoDateString,
  reference: z.string().trim().min(1).max(100).optional(),
})
export const SubsidyOut = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  month: z.string(),
  amountFen: z.number().int(),
  claimedFen: z.number().int(),
  method: PaymentMethod,
  receivedOn: z.string(),
  reference: z.string().nullable(),
  entryId: z.uuid(),
  bookedIn: z.string().describe('The month the entry is booked in'),
})

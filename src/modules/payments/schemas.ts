import { z } from 'zod'
import { PositiveFen } from '../../money.js'

export const CommitteeParams = z.object({ committeeId: z.uuid() })
export const PaymentParams = z.object({ paymentId: z.uuid() })
export const EnrollmentParams = z.object({ enrollmentId: z.uuid() })
export const PaymentMethod = z.enum(['cash', 'bank', 'wechat', 'alipay']).describe('现金, 银行转账, 微信, 支付宝')

export const RecordPaymentBody = z.object({
  enrollmentId: z.uuid().describe('The family (its enrollment in the plan)'),
  amountFen: PositiveFen,
  method: PaymentMethod,
  paidAt: z.iso
    .datetime({ offset: true, message: 'must be a date-time with a zone, e.g. 2026-09-03T19:20:00+08:00' })
    .transform((s) => new Date(s))
    .describe('When the money was paid; not in the future'),
  reference: z.string().trim().min(1).max(100).optional().describe("The channel's transaction number (交易单号); none for cash"),
  confirmDuplicate: z
    .boolean()
    .optional()
    .describe('Record it although it looks like a payment already recorded (same family, amount and channel within a day, or the same transaction number)'),
})

export const ReversePaymentBody = z.object({ reason: z.string().trim().min(2).max(500).describe('Why the payment is reversed; printed on the void receipt') })

export const PaymentOut = z.object({
  id: z.uuid(),
  committeeId: z.uuid(),
  planId: z.uuid(),
  enrollmentId: z.uuid(),
  amountFen: z.number().int(),
  method: PaymentMethod,
  paidAt: z.date(),
  reference: z.string().nullable(),
  receiptNo: z.string().describe('Sequential per committee and year, e.g. 2026-000123; never reused'),
  receivedBy: z.uuid(),
  receivedAs: z.enum(['treasurer', 'school-finance']),
  confirmedDuplicate: z.boolean(),
  allocations: z.array(z.object({ chargeId: z.uuid(), amountFen: z.number().int() })).describe('The charges it paid when it was made, oldest first'),
  creditFen: z.number().int().describe('What it left as the family’s credit'),
  entryId: z.uuid(),
  status: z.enum(['recorded', 'reversed']),
  reversal: z.object({ reason: z.string(), reversedAt: z.date(), reversedBy: z.uuid(), entryId: z.uuid() }).nullable(),
  createdAt: z.date(),
})

const ChargeOut = z.object({
  id: z.uuid(),
  period: z.string(),
  planVersion: z.number().int(),
  standardFen: z.number().int(),
  amountFen: z.number().int(),
  waivedFen: z.number().int(),
  leaveCreditFen: z.number().int(),
  correction: z
    .object({
      reason: z.literal('withdrawal'),
      withdrawnOn: z.string().describe('The withdrawal’s first day without care'),
      serviceDays: z.number().int().describe('The service days of the charge still in care'),
      amountFen: z.number().int().describe('Given back against the charge: it charged beyond the days still in care'),
      waivedFen: z.number().int().describe('Of which waived (the waiver undone with it)'),
      bookedAt: z.date(),
    })
    .nullable()
    .describe('The correction of a charge billed before a withdrawal that left it days no longer in care (once per charge)'),
  netFen: z.number().int().describe('What the family owes for it: amount − waiver − leave credit − correction (net of its waiver), never below 0'),
  serviceDays: z.number().int(),
  planServiceDays: z.number().int(),
  chargedOn: z.string(),
  dueOn: z.string(),
})

export const FamilyAccountOut = z.object({
  enrollmentId: z.uuid(),
  planId: z.uuid(),
  student: z.object({ name: z.string(), className: z.string() }),
  feeWaived: z.boolean(),
  charges: z.array(ChargeOut),
  leaveCredits: z.array(z.object({ period: z.string(), leaveDays: z.number().int(), amountFen: z.number().int() })),
  payments: z.array(PaymentOut),
  totals: z.object({
    chargedFen: z.number().int(),
    waivedFen: z.number().int(),
    leaveCreditsFen: z.number().int(),
    withdrawalCreditFen: z.number().int().describe('What withdrawals’ corrections took off what it owes (net of the waivers they undid)'),
    paidFen: z.number().int(),
  }),
  balance: z.object({
    owesFen: z.number().int(),
    creditFen: z.number().int(),
    refundsDueFen: z.number().int(),
    netFen: z.number().int().describe('charges − waivers − leave credits − withdrawal corrections − payments: owed if positive, held if negative'),
  }),
})

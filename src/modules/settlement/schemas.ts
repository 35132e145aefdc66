import { z } from 'zod'

export const PlanParams = z.object({ planId: z.uuid() })
export const RefundParams = z.object({ refundId: z.uuid() })
export const EnrollmentParams = z.object({ enrollmentId: z.uuid() })

export const PreviewBody = z.object({
  carryOverSubsidy: z.boolean().optional().describe("The school's rule keeps the subsidy in the programme: it is carried over (at most the surplus), not refunded"),
})
export const CommitBody = PreviewBody.extend({
  deficitCoveredBy: z.string().trim().min(2).max(500).optional().describe('For a deficit: how it was covered (e.g. 学校专项经费补足)'),
})
export const WriteOffBody = z.object({ reason: z.string().trim().min(2).max(500) })
export const RefundPaidBody = z.object({
  method: z.enum(['cash', 'bank', 'wechat', 'alipay']),
  paidAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
  reference: z.string().trim().min(1).max(100).optional(),
})

const Totals = z.object({
  chargedFen: z.number().int().describe('Fees charged, less what withdrawals’ corrections gave back'),
  waiversFen: z.number().int().describe('Waivers, less those the corrections undid'),
  leaveCreditsFen: z.number().int(),
  writeOffsFen: z.number().int(),
  paymentsFen: z.number().int(),
  paidFamilies: z.number().int(),
  subsidyFen: z.number().int(),
  expensesFen: z.number().int(),
})
const Refund = z.object({
  enrollmentId: z.uuid(),
  student: z.object({ name: z.string(), className: z.string() }),
  paidFen: z.number().int(),
  basisFen: z.number().int().describe('paid − held: what the family shares by'),
  shareFen: z.number().int(),
  heldFen: z.number().int(),
  amountFen: z.number().int(),
})
const Figures = {
  planId: z.uuid(),
  term: z.object({ name: z.string(), startsOn: z.string(), endsOn: z.string() }),
  totals: Totals,
  surplusFen: z.number().int().describe('charged − waivers − leave credits − write-offs + subsidy − expenses'),
  deficitFen: z.number().int(),
  carryOver: z.object({ amountFen: z.number().int(), reason: z.string() }).nullable(),
  refundableFen: z.number().int(),
  refunds: z.array(Refund),
  budget: z.array(z.object({ category: z.string(), budgetFen: z.number().int(), spentFen: z.number().int() })),
  enrolledFamilies: z.number().int(),
}
export const PreviewOut = z.object({
  ...Figures,
  open: z.object({
    arrears: z.array(z.object({ enrollmentId: z.uuid(), student: z.string(), owedFen: z.number().int() })),
    pendingExpenses: z.array(z.object({ id: z.uuid(), category: z.string(), amountFen: z.number().int(), spentOn: z.string() })),
    unpublishedMonths: z.array(z.string()),
    termEnded: z.boolean(),
  }),
  settled: z.boolean(),
  ready: z.boolean(),
  blockers: z.array(z.string()),
})
export const ProposalOut = z.object({ ...Figures, proposalId: z.uuid(), status: z.literal('awaiting-confirmation'), sha256: z.string() })
export const SettledOut = z.object({
  planId: z.uuid(),
  status: z.literal('settled'),
  statementSeq: z.number().int(),
  hash: z.string(),
  surplusFen: z.number().int(),
  deficitFen: z.number().int(),
  refunds: z.number().int(),
  refundedFen: z.number().int(),
})
export const WriteOffOut = z.object({
  id: z.uuid(),
  enrollmentId: z.uuid(),
  planId: z.uuid(),
  amountFen: z.number().int(),
  reason: z.string(),
  entryId: z.uuid(),
  bookedIn: z.string(),
})
export const RefundOut = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  enrollmentId: z.uuid(),
  refundNo: z.string(),
  shareFen: z.number().int(),
  heldFen: z.number().int(),
  amountFen: z.number().int(),
  status: z.enum(['unpaid', 'paid']),
  payment: z.object({ method: z.string(), paidAt: z.date(), reference: z.string().nullable(), paidBy: z.uuid() }).nullable(),
  createdAt: z.date(),
})
export const RefundListOut = z.object({
  planId: z.uuid(),
  unpaid: z.number().int(),
  unpaidFen: z.number().int(),
  items: z.array(RefundOut.extend({ student: z.object({ name: z.string(), className: z.string() }), guardian: z.object({ name: z.string(), phone: z.string() }) })),
})

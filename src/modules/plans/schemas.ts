import { z } from 'zod'
import { fenSchema, MAX_BUDGET_LINE_FEN, MAX_BUDGET_TOTAL_FEN, MAX_FEE_FEN } from '../../money.js'

const Text = (max: number) => z.string().trim().min(1).max(max)
const Fen = fenSchema
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/
const Clock = z.string().regex(CLOCK, 'must be a time of day HH:MM (24-hour)')

/** What the care offers (托管内容); the labels printed in the agreement live in plan-view.ts. */
export const Activity = z.enum(['homework_help', 'reading', 'sports', 'arts', 'science', 'clubs'])
export type Activity = z.infer<typeof Activity>

export const PlanContent = z.object({
  activities: z
    .array(Activity)
    .min(1)
    .max(6)
    .refine((a) => new Set(a).size === a.length, 'lists an activity twice'),
  description: z.string().trim().max(2000).default('').describe('What the care does, in the words parents read in the agreement'),
})

export const PlanSchedule = z
  .object({
    weekdays: z
      .array(z.number().int().min(1).max(7))
      .min(1)
      .max(7)
      .refine((d) => new Set(d).size === d.length, 'lists a weekday twice')
      .describe('ISO weekdays: 1 = Monday … 5 = Friday'),
    startTime: Clock,
    endTime: Clock,
    place: z.string().trim().min(1).max(200).optional().describe('Where care takes place, e.g. "教学楼三楼 302 教室"'),
  })
  // Only well-formed times compare (as strings); a malformed one already has its own error.
  .refine((s) => !CLOCK.test(s.startTime) || !CLOCK.test(s.endTime) || s.endTime > s.startTime, { path: ['endTime'], message: 'must be after startTime' })

export const BudgetLine = z.object({
  category: Text(50).describe('Spending category; expenses may only be booked to these (专款专用)'),
  amountFen: Fen(MAX_BUDGET_LINE_FEN).describe(`Integer fen, at most ${MAX_BUDGET_LINE_FEN}`),
})
const Budget = z
  .array(BudgetLine)
  .min(1)
  .max(30)
  .refine((b) => new Set(b.map((l) => l.category)).size === b.length, 'names a category twice')
  .refine((b) => b.reduce((sum, l) => sum + l.amountFen, 0) <= MAX_BUDGET_TOTAL_FEN, `the budget total must not exceed ${MAX_BUDGET_TOTAL_FEN} fen`)

export const Billing = z.enum(['monthly', 'term'])

const planFields = {
  title: Text(200),
  content: PlanContent,
  schedule: PlanSchedule,
  billing: Billing.describe('monthly: feeFen is charged per month; term: feeFen is charged once per term'),
  feeFen: Fen(MAX_FEE_FEN).describe(`Fee standard (收费标准) per billing period, integer fen, at most ${MAX_FEE_FEN}`),
  capacity: z.number().int().min(1).max(5000).describe('Places available'),
  budget: Budget,
  expectedParticipants: z.number().int().min(1).max(5000).describe('Students the budget is shared among'),
  refundPolicy: Text(2000),
}

export const Collector = z
  .enum(['committee', 'school'])
  .describe("committee: the treasurer records payments; school: the school's finance office collects into the school's account and records them")
export const PartialMonth = z
  .enum(['none', 'service_days'])
  .describe("A month a family is in care for part of: none, the whole fee; service_days, fee × the family's service days ÷ the plan's that month, rounded down")
const ConsecutiveDays = z.number().int().min(1).max(30).optional().describe('Count only runs of at least this many consecutive leave service days (every day of such a run)')
export const LeaveCreditRule = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('none') }),
    z.object({
      kind: z.literal('fixed'),
      amountFen: Fen(MAX_FEE_FEN).min(1).describe('Credited per leave service day, e.g. 336 (3.36 yuan)'),
      minConsecutiveDays: ConsecutiveDays,
    }),
    z.object({ kind: z.literal('day_rate'), minConsecutiveDays: ConsecutiveDays }),
  ])
  .describe("Credit for a family's leave service days, booked once the month has ended, never above the month's charge less its waiver")
export const SubsidyRule = z
  .object({ ratePerDayFen: Fen(100_000).min(1).describe('Per student per service day, e.g. 100 (1 yuan)'), basis: z.enum(['enrolled', 'attended']) })
  .describe('A government subsidy per student per service day, claimed monthly')

/** The money terms of a plan: part of what the school approves, frozen with each version. */
const moneyTerms = {
  collector: Collector,
  partialMonth: PartialMonth,
  leaveCredit: LeaveCreditRule,
  dueDays: z.number().int().min(0).max(90).describe('A charge is in arrears this many days after it was billed'),
  subsidy: SubsidyRule.nullable(),
}

export const CreatePlanBody = z.object({
  termId: z.uuid(),
  ...planFields,
  collector: moneyTerms.collector.default('committee'),
  partialMonth: moneyTerms.partialMonth.default('service_days'),
  leaveCredit: moneyTerms.leaveCredit.default({ kind: 'none' }),
  dueDays: moneyTerms.dueDays.default(15),
  subsidy: moneyTerms.subsidy.default(null),
})
export type CreatePlanInput = z.infer<typeof CreatePlanBody>

export const UpdatePlanBody = z
  .object({ ...planFields, ...moneyTerms })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'change at least one field')
export type UpdatePlanInput = z.infer<typeof UpdatePlanBody>

export const PlanStatus = z.enum(['draft', 'demand_open', 'submitted', 'returned', 'approved', 'closed'])

export const CostOut = z.object({
  budgetTotalFen: z.number().int(),
  months: z.number().int().describe('Calendar months the term touches, each billed once when billing is monthly'),
  perStudentPerMonthFen: z.number().int().describe('budget ÷ expected participants ÷ months, rounded up to the fen'),
  perStudentPerTermFen: z.number().int().describe('budget ÷ expected participants, rounded up to the fen'),
  feePerStudentPerTermFen: z.number().int().describe('What one family pays for the whole term at the fee standard'),
  feeAboveCost: z.boolean().describe('The fee standard collects more than the budget needs (non-profit rule 5: the reviewer should ask why)'),
  explanation: z.string(),
})

export const PlanOut = z.object({
  id: z.uuid(),
  committeeId: z.uuid(),
  termId: z.uuid(),
  status: PlanStatus.describe('State of the working copy; the version in force is approvedVersion'),
  title: z.string(),
  content: PlanContent,
  schedule: PlanSchedule,
  billing: Billing,
  feeFen: z.number().int(),
  capacity: z.number().int(),
  budget: z.array(BudgetLine),
  expectedParticipants: z.number().int(),
  refundPolicy: z.string(),
  ...moneyTerms,
  cost: CostOut,
  demandOpenedAt: z.date().nullable(),
  latestVersion: z.number().int().describe('Last submitted version, 0 before the first submission'),
  approvedVersion: z.number().int().nullable().describe('The version the school approved: the one billed and printed in agreements'),
  takesApplications: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
})

export const PlanReviewOut = z.object({ decision: z.enum(['approve', 'return']), comment: z.string(), reviewerId: z.uuid(), reviewedAt: z.date() })

export const PlanVersionOut = z.object({
  planId: z.uuid(),
  version: z.number().int(),
  title: z.string(),
  content: PlanContent,
  schedule: PlanSchedule,
  billing: Billing,
  feeFen: z.number().int(),
  capacity: z.number().int(),
  budget: z.array(BudgetLine),
  expectedParticipants: z.number().int(),
  refundPolicy: z.string(),
  ...moneyTerms,
  demandCount: z.number().int().describe('Families who answered the demand survey when this version was submitted'),
  demandNeeded: z.number().int().describe('Students those families said need care'),
  submittedBy: z.uuid(),
  submittedAt: z.date(),
  review: PlanReviewOut.nullable(),
  warnings: z
    .array(z.object({ code: z.literal('calendar-year-not-confirmed'), years: z.array(z.number().int()), detail: z.string() }))
    .optional()
    .describe('At submission: what the school will refuse to approve until it is fixed, e.g. a term reaching into a year whose holidays nobody has confirmed'),
})

export const ReviewPlanBody = z
  .object({
    decision: z.enum(['approve', 'return']),
    comment: z.string().trim().max(2000).default(''),
    version: z.number().int().min(1).optional().describe('The version the reviewer read; refused with version-changed if it is no longer the latest'),
  })
  .refine((v) => v.decision !== 'return' || v.comment.length > 0, { path: ['comment'], message: 'is required when returning a plan: say what to change' })
export type ReviewPlanInput = z.infer<typeof ReviewPlanBody>

export const DemandResponseBody = z.object({
  need: z.boolean().describe('Does the family need after-school care?'),
  preferredWeekdays: z
    .array(z.number().int().min(1).max(5))
    .max(5)
    .default([])
    .refine((d) => new Set(d).size === d.length, 'lists a weekday twice'),
  students: z.number().int().min(1).max(10).default(1).describe("How many of the family's children"),
  note: z.string().trim().max(500).optional(),
})
export type DemandResponseInput = z.infer<typeof DemandResponseBody>

export const DemandResponseOut = z.object({
  planId: z.uuid(),
  need: z.boolean(),
  preferredWeekdays: z.array(z.number().int()),
  students: z.number().int(),
  note: z.string().nullable(),
  updatedAt: z.date(),
})

export const DemandSummaryOut = z.object({
  planId: z.uuid(),
  demandOpenedAt: z.date().nullable(),
  responses: z.number().int().describe('Families who answered'),
  familiesNeeding: z.number().int(),
  studentsNeeding: z.number().int().describe('Sum of students over the families who need care'),
  byWeekday: z.record(z.string(), z.number().int()).describe('Students needing care who prefer each weekday ("1" … "5")'),
  mine: DemandResponseOut.nullable().describe("The caller's own answer, if any"),
})

export const PlanParams = z.object({ planId: z.uuid() })
export const CommitteePlansParams = z.object({ committeeId: z.uuid() })

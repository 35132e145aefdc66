import { z } from 'zod'

export const PlanParams = z.object({ planId: z.uuid() })

export const JournalLineOut = z.object({
  account: z.string(),
  accountName: z.string(),
  enrollmentId: z.uuid().nullable().describe('The family account, for receivable, held credit and refunds'),
  category: z.string().nullable().describe('The budget line of an expense'),
  amountFen: z.number().int().describe('Signed: a debit is positive, a credit negative; an entry sums to zero'),
})

export const JournalEntryOut = z.object({
  id: z.uuid(),
  seq: z.number().int().describe('Posting order'),
  date: z.string().describe('The business date, in China'),
  period: z.string().describe('The month it is booked in (a later one when its own month was already published)'),
  source: z.string(),
  sourceId: z.uuid().nullable(),
  description: z.string(),
  reversesEntryId: z.uuid().nullable(),
  reason: z.string().nullable(),
  postedAt: z.date(),
  lines: z.array(JournalLineOut),
})

export const JournalOut = z.object({ planId: z.uuid(), entries: z.array(JournalEntryOut) })

export const TrialBalanceOut = z.object({
  planId: z.uuid(),
  accounts: z.array(z.object({ account: z.string(), name: z.string(), category: z.string().nullable(), balanceFen: z.number().int() })),
  totalFen: z.number().int().describe('Always 0 when the books are whole'),
  balanced: z.boolean(),
  unbalancedEntries: z.array(z.string()),
})

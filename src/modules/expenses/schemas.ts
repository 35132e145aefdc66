import { z } from 'zod'
import { UploadPart } from '../../http/multipart.js'
import { PositiveFen } from '../../money.js'
import { IsoDateString } from '../schools/schemas.js'

export const CommitteeParams = z.object({ committeeId: z.uuid() })
export const ExpenseParams = z.object({ expenseId: z.uuid() })
export const PlanParams = z.object({ planId: z.uuid() })
export const AttachmentParams = z.object({ expenseId: z.uuid(), attachmentId: z.uuid() })
const Text = (max: number) => z.string().trim().min(1).max(max)

export const Payee = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('person'),
      role: Text(50).describe('How the public statement names them, e.g. 托管服务人员劳务费'),
      name: Text(100).optional().describe('Kept for the committee, never published'),
    }),
    z.object({ kind: z.literal('organisation'), name: Text(200) }),
  ])
  .describe('A person is published by role only; an organisation by its name')

export const RecordExpenseBody = z.object({
  planId: z.uuid().describe("The fund: the plan's term the money is spent for"),
  category: Text(50).describe("One of the budget lines of the plan's approved version"),
  amountFen: PositiveFen,
  method: z.enum(['cash', 'bank', 'wechat', 'alipay']).default('bank').describe('How it was paid'),
  payee: Payee,
  spentOn: IsoDateString.describe('Within the term, not in the future'),
  description: Text(500),
  contractId: z.uuid().optional().describe('For staff pay: the hiring contract it pays'),
  files: z
    .array(UploadPart)
    .max(5)
    .default([])
    .describe('Receipts (photos or PDFs, at most five of 5 MB): send multipart/form-data with the fields as JSON in a part named "json" and each receipt as a file part'),
})

export const RejectExpenseBody = z.object({ reason: Text(500).describe('Why, for the recorder') })

export const ExpenseOut = z.object({
  id: z.uuid(),
  committeeId: z.uuid(),
  planId: z.uuid(),
  category: z.string(),
  amountFen: z.number().int(),
  method: z.enum(['cash', 'bank', 'wechat', 'alipay']),
  payee: z.object({ kind: z.enum(['person', 'organisation']), name: z.string(), role: z.string().nullable() }),
  spentOn: z.string(),
  description: z.string(),
  contractId: z.uuid().nullable(),
  payMonth: z.string().nullable().describe('Staff pay proposed from the duty records: the month it pays'),
  recordedBy: z.uuid(),
  status: z.enum(['pending', 'approved', 'rejected']),
  decision: z.object({ decision: z.enum(['approved', 'rejected']), by: z.uuid(), at: z.date(), reason: z.string().nullable(), entryId: z.uuid().nullable() }).nullable(),
  attachments: z.array(z.object({ id: z.uuid(), fileName: z.string(), contentType: z.string(), sizeBytes: z.number().int(), sha256: z.string() })),
  createdAt: z.date(),
})

import { z } from 'zod'
import { UploadPart } from '../../http/multipart.js'

export const CommitteeParams = z.object({ committeeId: z.uuid() })
export const ImportParams = z.object({ importId: z.uuid() })

export const ImportBody = z.object({
  files: z
    .array(UploadPart)
    .length(1, 'send exactly one file: the export as downloaded')
    .describe('The export (WeChat Pay XLSX or CSV, Alipay CSV, ICBC CSV, or a bank CSV the saved mapping describes), at most 5 MB, as a file part of multipart/form-data'),
})

const Column = z.string().trim().min(1).max(50)
export const MappingBody = z
  .object({
    date: Column.describe('Header of the date (or date and time) column'),
    time: Column.optional(),
    amount: Column.optional().describe('One signed amount column (negative = out, unless direction says)'),
    credit: Column.optional().describe('Money in, with debit: money out'),
    debit: Column.optional(),
    direction: z.object({ column: Column, incoming: z.array(z.string().min(1)).min(1), outgoing: z.array(z.string().min(1)).min(1) }).optional(),
    counterparty: Column.optional(),
    counterpartyAccount: Column.optional(),
    memo: z.union([Column, z.array(Column).min(1).max(5)]).optional(),
    method: Column.optional(),
    transactionNo: Column.optional(),
    status: Column.optional(),
    balance: Column.optional(),
    channel: z.enum(['wechat', 'alipay', 'bank']).optional().describe("Whose books the money lands in (default 'bank')"),
  })
  .describe("Which column of the bank's CSV says what: each value is that column's header text")

export const MappingOut = z.object({ mapping: MappingBody.nullable(), updatedBy: z.uuid().nullable(), updatedAt: z.date().nullable() })

export const ConfirmBody = z.object({
  rows: z
    .array(
      z.object({
        line: z.number().int().positive().describe('The row’s line in the file, as the import lists it'),
        decision: z.enum(['confirm', 'skip']),
        enrollmentId: z.uuid().optional().describe('The family it pays for: required for an ambiguous or unmatched row; another family corrects a match'),
        confirmDuplicate: z.boolean().optional().describe('A payment recorded by hand within a day looks like the same money, and the treasurer checked it is not'),
      }),
    )
    .max(10_000)
    .default([]),
  acceptMatched: z.boolean().default(true).describe('Rows not listed: matched ones are confirmed as proposed; the others are skipped'),
})

const Student = z.object({ name: z.string(), className: z.string() })
const FamilyRef = z.object({ enrollmentId: z.uuid(), student: Student.nullable() })
const Status = z.enum(['proposed', 'confirmed'])

export const ImportOut = z.object({
  id: z.uuid(),
  committeeId: z.uuid(),
  format: z.string().describe('e.g. wechat-xlsx, alipay-csv, icbc-csv, generic-csv'),
  channel: z.enum(['wechat', 'alipay', 'bank']),
  fileSha256: z.string(),
  fileRows: z.number().int().describe('Transactions in the file, all directions'),
  uploadedBy: z.uuid(),
  createdAt: z.date(),
  status: Status,
  confirmedBy: z.uuid().nullable(),
  confirmedAt: z.date().nullable(),
  counts: z.object({
    incoming: z.number().int(),
    matched: z.number().int(),
    ambiguous: z.number().int(),
    unmatched: z.number().int(),
    alreadyRecorded: z.number().int(),
    skipped: z.number().int().describe('Rows left out: outgoing, neutral, refunded, closed, not final'),
    confirmed: z.number().int(),
    skippedByTreasurer: z.number().int(),
  }),
  skipped: z.array(z.object({ line: z.number().int(), reason: z.string() })).describe('Only the line and why: nothing else of those rows is kept'),
  rows: z.array(
    z.object({
      line: z.number().int(),
      occurredAt: z.date(),
      amountFen: z.number().int(),
      transactionNo: z.string(),
      payer: z.object({ name: z.string(), account: z.string().nullable() }).nullable().describe('Forgotten once the row was not confirmed as a payment'),
      memo: z.string().nullable(),
      method: z.string().nullable(),
      status: z.enum(['matched', 'ambiguous', 'unmatched', 'already-recorded', 'decided-before']),
      proposed: FamilyRef.nullable(),
      reasons: z.array(z.string()),
      candidates: z.array(FamilyRef),
      duplicateOf: z.number().int().nullable().describe('The same transaction earlier in this file'),
      warning: z.string().nullable(),
      decision: z
        .object({
          decision: z.enum(['confirmed', 'skipped', 'already-recorded']),
          family: FamilyRef.nullable(),
          corrected: z.boolean(),
          paymentId: z.uuid().nullable(),
          receiptNo: z.string().nullable(),
        })
        .nullable(),
    }),
  ),
})

export const ImportSummaryOut = z.object({
  id: z.uuid(),
  format: z.string(),
  channel: z.enum(['wechat', 'alipay', 'bank']),
  fileSha256: z.string(),
  fileRows: z.number().int(),
  uploadedBy: z.uuid(),
  createdAt: z.date(),
  status: Status,
  confirmedAt: z.date().nullable(),
})

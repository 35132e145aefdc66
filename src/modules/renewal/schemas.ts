import { z } from 'zod'
import { IsoDateString } from '../schools/schemas.js'
import { ContractTerms } from '../staff/schemas.js'

export const RecordDecisionBody = z.object({
  surveyId: z.uuid().describe('The latest closed survey that rated the staff member, whose results the decision cites'),
  decision: z.enum(['renew', 'not_renew']).describe('续聘 or 不再续聘'),
  reason: z.string().trim().min(1).max(2000).describe('Why, in the light of the results (a flagged staff member renewed needs saying why)'),
})
export type RecordDecisionInput = z.infer<typeof RecordDecisionBody>

export const CitedResults = z.object({
  surveyId: z.uuid(),
  title: z.string(),
  closesAt: z.coerce.date(),
  answers: z.number().int(),
  responseRatePercent: z.number(),
  thresholdPercent: z.number().int(),
  satisfiedPercent: z.number(),
  flagged: z.boolean(),
})

export const DecisionOut = z.object({
  id: z.uuid(),
  contractId: z.uuid(),
  staffId: z.uuid(),
  surveyId: z.uuid(),
  decision: z.enum(['renew', 'not_renew']),
  reason: z.string(),
  results: CitedResults.describe('The staff member’s results as they stood when decided'),
  decidedBy: z.uuid(),
  decidedAt: z.date(),
})

const T = ContractTerms.shape

export const RenewContractBody = z
  .object({
    decisionId: z.uuid().describe('The recorded decision to renew, citing the staff member’s latest survey results'),
    planId: z.uuid().optional().describe('The plan of the new contract (e.g. next term’s); default: the same plan'),
    startsOn: IsoDateString,
    endsOn: IsoDateString,
    role: T.role.optional(),
    duties: T.duties.optional(),
    payType: T.payType.optional(),
    rateFen: T.rateFen.optional(),
    payDay: z.number().int().min(1).max(28).optional(),
    committeePhone: T.committeePhone,
  })
  .describe('Terms not given are those of the contract renewed')
export type RenewContractInput = z.infer<typeof RenewContractBody>

import { z } from 'zod'
import { IsoMonthString } from '../calendar/schemas.js'
import { CommitteeParams } from '../schools/schemas.js'

export { CommitteeParams }

export const StaffPayQuery = z.object({
  month: IsoMonthString,
  planId: z.uuid().optional(),
})

const Line = z.object({
  date: z.string(),
  quantity: z.number().int(),
  unit: z.enum(['minute', 'session', 'day']),
  signedInAt: z.date().nullable(),
  signedOutAt: z.date().nullable(),
  amountFen: z.number().int(),
})

export const StaffPayOut = z.object({
  committeeId: z.uuid(),
  month: z.string(),
  monthComplete: z.boolean().describe('The month is over: the figures no longer grow'),
  contracts: z.array(
    z.object({
      contractId: z.uuid(),
      contractNo: z.string(),
      staffId: z.uuid(),
      staffName: z.string(),
      planId: z.uuid(),
      payType: z.enum(['hourly', 'session', 'monthly']),
      rateFen: z.number().int(),
      payDay: z.number().int(),
      period: z.object({ from: z.string(), to: z.string() }).nullable().describe('The days of the month the contract covers'),
      lines: z.array(Line).describe('hourly: one per shift (minutes); session: one per session; monthly: the days covered'),
      pending: z.array(z.object({ date: z.string(), signedInAt: z.date() })).describe('Shifts not signed out: paid by the hour once they are'),
      sessions: z.number().int(),
      minutes: z.number().int(),
      days: z.number().int(),
      totalFen: z.number().int(),
      totalInCapitals: z.string(),
    }),
  ),
  totalFen: z.number().int(),
  unpaidDuty: z.array(z.object({ date: z.string(), planId: z.uuid(), staffId: z.uuid(), signedInAt: z.date() })).describe('Duty on a day no signed contract covered: never paid'),
})

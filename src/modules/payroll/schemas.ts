import { z } from 'zod'
import { IsoMonthString } from '../calendar/schemas.js'
import { CommitteeParams, IsoDateString } from '../schools/schemas.js'

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

export const ProposeStaffPayBody = z.object({
  month: IsoMonthString.describe('The month it pays, once it is over'),
  contractId: z.uuid().describe('The hiring contract whose month it is'),
  category: z.string().trim().min(1).max(50).default('人员劳务').describe("The plan's budget line it is charged to"),
  method: z.enum(['cash', 'bank', 'wechat', 'alipay']).default('bank').describe('How it is paid'),
  spentOn: IsoDateString.optional().describe("When it is paid; default today (the term's last day once the term is over)"),
})

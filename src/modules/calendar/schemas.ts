import { z } from 'zod'
import { IsoDateString } from '../schools/schemas.js'

export const IsoMonthString = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM')
const Reason = z.string().trim().min(2).max(500)

export const PlanParams = z.object({ planId: z.uuid() })
export const MonthQuery = z.object({ month: IsoMonthString.describe('The month to show, e.g. 2025-10') })

export const DayStatus = z.enum(['service', 'weekend', 'holiday', 'makeup-workday-service', 'closure', 'school-open', 'outside-term', 'not-plan-weekday'])
export const CalendarDayOut = z.object({
  date: z.string(),
  isServiceDay: z.boolean(),
  status: DayStatus,
  reason: z.string().describe('Why, in Chinese: 国庆节, 调休上班（国庆节）, the closure reason…'),
})
export const PlanCalendarOut = z.object({
  planId: z.uuid(),
  month: z.string(),
  serviceDays: z.number().int().describe('Service days of the plan in the month: what proration, leave refunds and subsidies count from'),
  days: z.array(CalendarDayOut),
})

export const SchoolDayBody = z.object({
  date: IsoDateString,
  kind: z.enum(['closure', 'open']).default('closure').describe('closure: no care on a working day (运动会, 考试, 天气停课); open: care on a day off'),
  reason: Reason,
})
export const SchoolDayOut = z.object({
  id: z.uuid(),
  schoolId: z.uuid(),
  date: z.string(),
  kind: z.enum(['closure', 'open']),
  reason: z.string(),
  createdBy: z.uuid(),
  createdAt: z.date(),
})
export const ClosuresQuery = z.object({ from: IsoDateString.optional(), to: IsoDateString.optional() })

const Holiday = z.object({ date: IsoDateString, name: z.string().trim().min(1).max(50) })
export const CalendarYearBody = z.object({
  year: z.number().int().min(2000).max(2100),
  holidays: z.array(Holiday).max(60).describe('Every statutory holiday day of the year, weekend days included, as in the State Council notice'),
  makeupWorkdays: z
    .array(z.object({ date: IsoDateString, name: z.string().trim().min(1).max(50).optional() }))
    .max(20)
    .describe('Saturdays and Sundays worked (调休上班)'),
})
export const CalendarYearOut = z.object({
  schoolId: z.uuid(),
  year: z.number().int(),
  holidays: z.array(z.object({ date: z.string(), name: z.string() })),
  makeupWorkdays: z.array(z.object({ date: z.string(), name: z.string().optional() })),
  confirmedBy: z.uuid(),
  confirmedAt: z.date(),
})
export const CalendarYearsOut = z.object({
  builtInYears: z.array(z.number().int()).describe('Years whose official calendar ships with Jiawei'),
  confirmed: z.array(CalendarYearOut),
})

import { z } from 'zod'
import { IsoDateString } from '../schools/schemas.js'

/** A month as the API takes it, within the years its dates may have (IsoDateString). */
export const IsoMonthString = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM')
  .refine((m) => m >= '2000-01' && m <= '2100-12', 'must be between 2000-01 and 2100-12')
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
const Holidays = z.array(Holiday).max(60).describe('Every statutory holiday day of the year, weekend days included, as in the State Council notice')
const MakeupWorkdays = z
  .array(z.object({ date: IsoDateString, name: z.string().trim().min(1).max(50).optional() }))
  .max(20)
  .describe('Saturdays and Sundays worked (调休上班)')
const Source = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .optional()
  .describe('Where the dates come from: the notice (e.g. 国办发明电〔2026〕X号), or that they are the school’s own until it is published')
export const CalendarYearBody = z.object({ year: z.number().int().min(2000).max(2100), holidays: Holidays, makeupWorkdays: MakeupWorkdays, source: Source })
export const CalendarYearCorrectionBody = z.object({
  holidays: Holidays,
  makeupWorkdays: MakeupWorkdays,
  reason: z.string().trim().min(2).max(500).describe('Why the year is corrected, e.g. the notice has been published, or a date was mistyped'),
  source: Source,
})
export const YearParams = z.object({ schoolId: z.uuid(), year: z.coerce.number().int().min(2000).max(2100) })

const Day = z.object({ date: z.string(), name: z.string() })
const MakeupDay = z.object({ date: z.string(), name: z.string().optional() })
export const CalendarYearOut = z.object({
  schoolId: z.uuid(),
  year: z.number().int(),
  version: z.number().int().describe('1: as first confirmed; each correction adds one. The latest is the one in force'),
  holidays: z.array(Day),
  makeupWorkdays: z.array(MakeupDay),
  source: z.string().nullable(),
  reason: z.string().nullable().describe('Why the version in force corrected the one before (null for the first confirmation)'),
  confirmedBy: z.uuid(),
  confirmedAt: z.date(),
  correctedBy: z.uuid().nullable(),
  correctedAt: z.date().nullable(),
})
export const CalendarYearsOut = z.object({
  builtInYears: z.array(z.number().int()).describe('Years whose official calendar ships with Jiawei'),
  confirmed: z.array(CalendarYearOut).describe('Years the school confirmed, each as the version in force'),
})
export const CalendarYearHistoryOut = z.object({
  schoolId: z.uuid(),
  year: z.number().int(),
  inForce: CalendarYearOut,
  versions: z
    .array(
      z.object({
        version: z.number().int(),
        holidays: z.array(Day),
        makeupWorkdays: z.array(MakeupDay),
        source: z.string().nullable(),
        reason: z.string().nullable(),
        by: z.uuid(),
        at: z.date(),
      }),
    )
    .describe('The first confirmation and every correction, oldest first'),
})

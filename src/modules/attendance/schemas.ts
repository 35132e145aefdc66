import { z } from 'zod'
import { IsoDateString } from '../schools/schemas.js'

const Reason = z.string().trim().min(2).max(500)
const At = z.iso.datetime({ offset: true, message: 'must be a date-time with a zone, e.g. 2025-10-09T16:30:00+08:00' }).transform((s) => new Date(s))

export const SessionParams = z.object({ planId: z.uuid(), date: IsoDateString })
export const AttendanceParams = z.object({ attendanceId: z.uuid() })
export const EnrollmentParams = z.object({ enrollmentId: z.uuid() })
export const IncidentParams = z.object({ incidentId: z.uuid() })
export const DutyRecordParams = z.object({ dutyRecordId: z.uuid() })

const PickedUpBy = z
  .union([z.literal('self'), z.object({ name: z.string().trim().min(1).max(100), phone: z.string().trim().min(5).max(20).optional() })])
  .describe(
    "Who collected the child: a person on the enrollment's pickup list (name, and phone if given), or 'self' when the guardian consented in writing to the child going home alone",
  )
const AttendanceStatus = z.enum(['present', 'absent', 'leave', 'checked_out'])

const checkoutNeedsPickup = (v: { status: string; pickedUpBy?: unknown }) => (v.status === 'checked_out') === (v.pickedUpBy !== undefined)
const pickupRule = { path: ['pickedUpBy'], message: 'is required for checked_out and only for it' }
const event = { status: AttendanceStatus, pickedUpBy: PickedUpBy.optional(), at: At }

export const RecordAttendanceBody = z.object({ enrollmentId: z.uuid(), ...event }).refine(checkoutNeedsPickup, pickupRule)
export const CorrectAttendanceBody = z.object({ ...event, reason: Reason.describe('Why the record is corrected') }).refine(checkoutNeedsPickup, pickupRule)

const PickedUpByOut = z.object({ name: z.string(), phone: z.string().nullable(), relation: z.string().nullable() })

export const AttendanceOut = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  enrollmentId: z.uuid(),
  date: z.string(),
  status: AttendanceStatus,
  at: z.date(),
  pickedUpBy: PickedUpByOut.nullable(),
  wentHomeAlone: z.boolean(),
  recordedBy: z.uuid(),
  correctsId: z.uuid().nullable().describe('The record this one corrects; the original is kept'),
  reason: z.string().nullable(),
  createdAt: z.date(),
})

const Person = z.object({ name: z.string(), phone: z.string(), relation: z.string() })
export const RosterOut = z.object({
  planId: z.uuid(),
  date: z.string(),
  day: z.object({ status: z.string(), reason: z.string() }),
  session: z.object({ closedAt: z.date(), closedBy: z.uuid() }).nullable(),
  staffOnDuty: z.array(z.object({ staffId: z.uuid(), name: z.string(), signedInAt: z.date().nullable(), signedOutAt: z.date().nullable() })),
  summary: z.object({
    total: z.number().int(),
    expected: z.number().int(),
    leave: z.number().int(),
    present: z.number().int(),
    absent: z.number().int(),
    checked_out: z.number().int(),
  }),
  // Per-child ids are plain strings here: the roster of a whole school is thousands of them, and
  // checking each against the UUID pattern on the way out costs time and proves nothing.
  students: z.array(
    z.object({
      enrollmentId: z.string(),
      name: z.string(),
      className: z.string(),
      studentNo: z.string().nullable(),
      pickup: z.object({ persons: z.array(Person), goesHomeAlone: z.boolean(), aloneConsent: z.string().nullable() }),
      specialNeeds: z.string().nullable(),
      state: z.enum(['expected', 'leave', 'present', 'absent', 'checked_out']),
      leave: z.object({ id: z.string(), from: z.string(), to: z.string(), reason: z.string() }).nullable(),
      checkIn: z
        .object({
          id: z.string(),
          status: z.enum(['present', 'absent', 'leave']),
          at: z.date(),
          recordedBy: z.string(),
          correctsId: z.string().nullable(),
          reason: z.string().nullable(),
        })
        .nullable()
        .describe('The effective (latest corrected) check-in; the id is what a correction names'),
      checkOut: z
        .object({
          id: z.string(),
          at: z.date(),
          pickedUpBy: PickedUpByOut.nullable(),
          wentHomeAlone: z.boolean(),
          recordedBy: z.string(),
          correctsId: z.string().nullable(),
          reason: z.string().nullable(),
        })
        .nullable(),
    }),
  ),
})

export const LeaveBody = z.object({ from: IsoDateString, to: IsoDateString, reason: Reason }).refine((v) => v.to >= v.from, { path: ['to'], message: 'must not be before from' })
export const LeaveOut = z.object({
  id: z.uuid(),
  enrollmentId: z.uuid(),
  from: z.string(),
  to: z.string(),
  reason: z.string(),
  serviceDays: z.array(z.string()).describe('The service days the leave covers'),
  createdAt: z.date(),
})

const IncidentOut = z.object({
  id: z.uuid(),
  committeeId: z.uuid(),
  planId: z.uuid(),
  date: z.string(),
  kind: z.literal('not_checked_out'),
  students: z.array(z.object({ enrollmentId: z.uuid(), name: z.string(), className: z.string(), checkedInAt: z.string() })),
  createdAt: z.date(),
  acknowledgement: z.object({ by: z.uuid(), note: z.string(), at: z.date() }).nullable(),
})

export { IncidentOut }
export const CloseSessionOut = z.object({
  planId: z.uuid(),
  date: z.string(),
  closedAt: z.date(),
  closedBy: z.uuid(),
  unrecorded: z.number().int().describe('Children of the roster with no check-in at all'),
  incident: IncidentOut.nullable().describe('Children still checked in at closing, for the chair to acknowledge'),
})
export const AcknowledgeBody = z.object({ note: Reason.describe('What happened to the children and what was done') })
export const IncidentsQuery = z.object({
  open: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true: not yet acknowledged'),
})

export const DutyBody = z.object({
  staffId: z.uuid().optional().describe("Omit to sign yourself in or out; the chair gives a staff member's id"),
  event: z.enum(['sign_in', 'sign_out']),
  at: At,
})
export const CorrectDutyBody = z.object({ at: At, reason: Reason })
export const DutyOut = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  date: z.string(),
  staffId: z.uuid(),
  event: z.enum(['sign_in', 'sign_out']),
  at: z.date(),
  recordedBy: z.uuid(),
  correctsId: z.uuid().nullable(),
  reason: z.string().nullable(),
  createdAt: z.date(),
})

const Author = { recordedByName: z.string().nullable().describe('The name of the account that wrote the record') }
export const AttendanceHistoryOut = z.object({
  enrollmentId: z.uuid(),
  planId: z.uuid(),
  date: z.string(),
  kind: z.enum(['check_in', 'check_out']),
  records: z
    .array(AttendanceOut.extend({ ...Author, effective: z.boolean().describe('The record in force: the latest of the chain') }))
    .describe('The original first, then every correction in the order made, each with who recorded it (recordedBy) and when (createdAt)'),
})
export const DutyHistoryOut = z.object({
  staffId: z.uuid(),
  planId: z.uuid(),
  date: z.string(),
  event: z.enum(['sign_in', 'sign_out']),
  records: z.array(DutyOut.extend({ ...Author, effective: z.boolean() })).describe('The original first, then every correction in the order made'),
})
const Superseded = { ...Author, supersededBy: z.uuid().nullable().describe('The correction that replaced this record, if any') }
export const SessionLogOut = z.object({
  planId: z.uuid(),
  date: z.string(),
  attendance: z.array(AttendanceOut.extend(Superseded)).describe('Every attendance record of the day as written, superseded ones included'),
  staffDuty: z.array(DutyOut.extend(Superseded)).describe('Every sign-in and sign-out of the day as written, superseded ones included'),
})

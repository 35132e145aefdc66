import type { LightMyRequestResponse } from 'fastify'
import { chinaDateOf } from '../../src/china-time.js'
import { addDays } from '../../src/modules/calendar/iso-date.js'
import { isPackageYear } from '../../src/modules/calendar/national-calendar.js'
import { loginAs, PASSWORD, type TestApp, type World } from '../helpers/app.js'
import { plausibleYear } from '../helpers/calendar-years.js'
import { insertApprovedPlan } from '../helpers/enrollment-fixtures.js'

/** The JSON of a response that must have this status; otherwise fail with the body. */
// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely
export async function expectOk<T = any>(status: number, res: Promise<LightMyRequestResponse> | LightMyRequestResponse): Promise<T> {
  const r = await res
  if (r.statusCode !== status) throw new Error(`expected ${status}, got ${r.statusCode}: ${r.body}`)
  return (r.body ? r.json() : undefined) as T
}

/** A time on a date in China, as staff devices send it. */
export const at = (date: string, hm: string) => `${date}T${hm}:00+08:00`

export interface StaffUser {
  token: string
  userId: string
  staffId: string
}

/** A staff member with an account (made by the admin) recorded by the committee's chair. */
export async function createStaffUser(ta: TestApp, w: World, login: string, name = `老师${login}`): Promise<StaffUser> {
  const user = await expectOk(201, ta.as(w.admin).post('/api/v1/users', { login, password: PASSWORD, name }))
  const staff = await expectOk(201, ta.as(w.tokens.chair).post(`/api/v1/committees/${w.committeeId}/staff`, staffBody(name, user.id)))
  return { token: await loginAs(ta, login), userId: user.id, staffId: staff.id }
}

export function staffBody(name: string, userId?: string) {
  return {
    name,
    kind: 'retired_teacher',
    phone: '13700137000',
    backgroundCheck: { certificateNo: 'GA-2025-000123', issuedOn: '2025-08-01' },
    qualifications: ['教师资格证'],
    ...(userId ? { userId } : {}),
  }
}

/**
 * The chair signs a staff member in for a past session on their behalf: staff sign themselves in
 * only as it happens (within minutes of now), and these sessions are in 2025.
 */
export async function signIn(ta: TestApp, w: World, staff: { staffId: string }, planId: string, date: string, hm = '16:20') {
  return expectOk(201, ta.as(w.tokens.chair).post(`/api/v1/plans/${planId}/sessions/${date}/staff-duty`, { staffId: staff.staffId, event: 'sign_in', at: at(date, hm) }))
}

/** An instant as a device in China sends it: local time with +08:00. */
export function chinaIso(instant: Date): string {
  return `${new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`
}

/**
 * A session held today, whatever today is: a term from today, the year confirmed if the package
 * does not cover it, and today opened by the school if it is a day off. `base` is "now", moved a
 * few minutes past midnight in China when needed so that base − 3 minutes is still today.
 */
export async function todaysSession(ta: TestApp, w: World) {
  let base = new Date()
  if (chinaDateOf(new Date(base.getTime() - 3 * 60_000)) !== chinaDateOf(base)) base = new Date(base.getTime() + 3 * 60_000)
  const date = chinaDateOf(base)
  const endsOn = addDays(date, 60)
  const term = await expectOk(201, ta.as(w.tokens.reviewer).post(`/api/v1/schools/${w.schoolId}/terms`, { name: '今日学期', startsOn: date, endsOn }))
  for (const year of new Set([Number(date.slice(0, 4)), Number(endsOn.slice(0, 4))])) {
    if (!isPackageYear(year)) await expectOk(201, ta.as(w.tokens.reviewer).post(`/api/v1/schools/${w.schoolId}/calendar-years`, plausibleYear(year)))
  }
  const plan = () => insertApprovedPlan(ta.db, { committeeId: w.committeeId, termId: term.id, createdBy: w.userIds.chair! })
  const planA = await plan()
  const planB = await plan()
  const calendar = await expectOk(200, ta.as(w.tokens.chair).get(`/api/v1/plans/${planA}/calendar?month=${date.slice(0, 7)}`))
  if (!calendar.days.find((d: { date: string }) => d.date === date).isServiceDay) {
    await expectOk(201, ta.as(w.tokens.reviewer).post(`/api/v1/schools/${w.schoolId}/closures`, { date, kind: 'open', reason: '今日开放托管（测试）' }))
  }
  /** An instant `minutes` from base, as a device sends it. */
  const when = (minutes: number) => chinaIso(new Date(base.getTime() + minutes * 60_000))
  return { date, base, planA, planB, when }
}

/** Two problems that must be the same 404, but for the id each names (also in `instance`). */
export function sameNotFound(
  t: { equal(found: unknown, wanted: unknown, message: string): unknown; same(found: unknown, wanted: unknown, message: string): unknown },
  a: LightMyRequestResponse,
  aId: string,
  b: LightMyRequestResponse,
  bId: string,
  message: string,
) {
  t.equal(a.statusCode, 404, message)
  t.same(a.body.replaceAll(aId, '<id>'), b.body.replaceAll(bId, '<id>'), `${message}: the same body as for an id that does not exist`)
}

export async function count(
  ta: TestApp,
  table: 'attendance_records' | 'leave_requests' | 'staff_duty_records' | 'school_day_overrides' | 'calendar_years' | 'staff' | 'care_sessions' | 'incident_acknowledgements',
) {
  const row = await ta.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

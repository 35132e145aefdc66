import type { LightMyRequestResponse } from 'fastify'
import { loginAs, PASSWORD, type TestApp, type World } from '../helpers/app.js'

/** The JSON of a response that must have this status; otherwise fail with the body. */
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

export async function signIn(ta: TestApp, token: string, planId: string, date: string, hm = '16:20') {
  return expectOk(201, ta.as(token).post(`/api/v1/plans/${planId}/sessions/${date}/staff-duty`, { event: 'sign_in', at: at(date, hm) }))
}

export async function count(ta: TestApp, table: 'attendance_records' | 'leave_requests' | 'staff_duty_records' | 'school_day_overrides' | 'calendar_years' | 'staff' | 'care_sessions' | 'incident_acknowledgements') {
  const row = await ta.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

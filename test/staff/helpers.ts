import { chinaDateOf } from '../../src/china-time.js'
import { addDays } from '../../src/modules/calendar/iso-date.js'
import { expectOk } from '../attendance/helpers.js'
import type { TestApp, World } from '../helpers/app.js'

/** A verified certificate issued `days` before `date` (the background check and health certificate every hire needs). */
export function verifiedCheck(kind: 'background' | 'health', date: string, days = 20) {
  const issuedOn = addDays(date, -days)
  return {
    kind,
    certificateNo: kind === 'background' ? `WFZ-${issuedOn.replaceAll('-', '')}-0815` : `JK-${issuedOn.replaceAll('-', '')}-0077`,
    issuedOn,
    verifiedBy: '学校德育处王老师',
    verifiedOn: addDays(issuedOn, 1),
  }
}

export function contractBody(staffId: string, planId: string, startsOn: string, endsOn: string, overrides: Record<string, unknown> = {}) {
  return {
    staffId,
    planId,
    role: '托管看护及作业辅导',
    duties: ['清点人数、记录考勤，按规定交接学生', '组织学生完成书面作业并答疑'],
    payType: 'hourly',
    rateFen: 5000,
    startsOn,
    endsOn,
    committeePhone: '13700137111',
    ...overrides,
  }
}

export interface HireOptions {
  startsOn?: string
  endsOn?: string
  payType?: 'hourly' | 'session' | 'monthly'
  rateFen?: number
}

/** The term of a plan, as the school set it. */
export async function termOfPlan(ta: TestApp, w: World, planId: string): Promise<{ startsOn: string; endsOn: string }> {
  const plan = await expectOk(200, ta.as(w.tokens.chair).get(`/api/v1/plans/${planId}`))
  const terms = await expectOk(200, ta.as(w.tokens.reviewer).get(`/api/v1/schools/${w.schoolId}/terms?limit=200`))
  return terms.items.find((t: { id: string }) => t.id === plan.termId)
}

/**
 * Hires a staff member for a plan the way a committee does, through the API: the chair records a
 * verified background check and health certificate, draws up a contract for the plan's term (or
 * `opts`' dates), and both parties sign it. A contract starts today or later, so for a term in the
 * past the app's clock goes back to the contract's start for the hiring, and returns after.
 */
export async function hire(ta: TestApp, w: World, staff: { staffId: string; token: string }, planId: string, opts: HireOptions = {}) {
  const term = opts.startsOn && opts.endsOn ? { startsOn: opts.startsOn, endsOn: opts.endsOn } : await termOfPlan(ta, w, planId)
  const startsOn = opts.startsOn ?? term.startsOn
  const endsOn = opts.endsOn ?? term.endsOn
  const back = ta.clock.now()
  const today = chinaDateOf(back)
  if (startsOn < today) ta.clock.set(startsOn)
  try {
    const chair = ta.as(w.tokens.chair)
    const on = chinaDateOf(ta.clock.now())
    for (const kind of ['background', 'health'] as const) await expectOk(201, chair.post(`/api/v1/staff/${staff.staffId}/checks`, verifiedCheck(kind, on)))
    const body = contractBody(staff.staffId, planId, startsOn, endsOn, { ...(opts.payType ? { payType: opts.payType } : {}), ...(opts.rateFen ? { rateFen: opts.rateFen } : {}) })
    const contract = await expectOk(201, chair.post(`/api/v1/committees/${w.committeeId}/contracts`, body))
    const chairName = (await expectOk(200, chair.get('/api/v1/me'))).user.name
    await expectOk(200, chair.post(`/api/v1/contracts/${contract.id}/sign`, { name: chairName }))
    return await expectOk(200, ta.as(staff.token).post(`/api/v1/contracts/${contract.id}/sign`, { name: contract.staffName }))
  } finally {
    if (startsOn < today) ta.clock.set(back)
  }
}

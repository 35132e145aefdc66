import type { LightMyRequestResponse } from 'fastify'
import { loginAs, PASSWORD, type TestApp, type World } from '../helpers/app.js'
import { confirmUncoveredYears } from '../helpers/calendar-years.js'

/** The JSON of a response that must have this status; otherwise the test fails with the body. */
export async function expectStatus(status: number, res: Promise<LightMyRequestResponse> | LightMyRequestResponse) {
  const r = await res
  if (r.statusCode !== status) throw new Error(`expected ${status}, got ${r.statusCode}: ${r.body}`)
  return r.body ? r.json() : undefined
}

/** A plan a class committee would really write: weekdays 16:30–18:00, 300 yuan a month, 30 places. */
export function planBody(termId: string, overrides: Record<string, unknown> = {}) {
  return {
    termId,
    title: '三年级（2）班课后托管服务方案',
    content: { activities: ['homework_help', 'reading', 'sports'], description: '组织学生完成书面作业并答疑。' },
    schedule: { weekdays: [1, 2, 3, 4, 5], startTime: '16:30', endTime: '18:00', place: '教学楼三楼 302 教室' },
    billing: 'monthly',
    feeFen: 30000,
    capacity: 30,
    // 45,000 yuan among 30 students over 5 months (Sep–Jan) = 300 yuan per student per month.
    budget: [
      { category: '人员劳务', amountFen: 3_600_000 },
      { category: '活动材料', amountFen: 600_000 },
      { category: '保险', amountFen: 300_000 },
    ],
    expectedParticipants: 30,
    refundPolicy: '经批准请假的，按每个服务日 3.36 元在学期结算时退还。',
    ...overrides,
  }
}

/** Another family registering with the committee's invite code, as parents do. */
export async function addParent(ta: TestApp, w: World, login: string): Promise<{ token: string; userId: string }> {
  const user = await expectStatus(201, ta.as(null).post('/api/v1/users', { login, password: PASSWORD, name: `家长 ${login}`, phone: '13900000000', inviteCode: w.inviteCode }))
  return { token: await loginAs(ta, login), userId: user.id }
}

/**
 * The school confirms the holiday calendar of every year of a term the package does not cover
 * (with a plausible made-up year), as it must before it approves a plan over that term.
 */
export async function confirmTermYears(ta: TestApp, w: World, termId: string) {
  const terms = await expectStatus(200, ta.as(w.tokens.reviewer).get(`/api/v1/schools/${w.schoolId}/terms?limit=100`))
  const term = terms.items.find((x: { id: string }) => x.id === termId)
  if (term) await confirmUncoveredYears(ta, w, term.startsOn, term.endsOn)
}

/** A plan through demand and the school's approval, as the chain requires. */
export async function approvedPlan(ta: TestApp, w: World, overrides: Record<string, unknown> = {}) {
  const termId = (overrides.termId as string | undefined) ?? w.termId
  await confirmTermYears(ta, w, termId)
  const plan = await expectStatus(201, ta.as(w.tokens.chair).post(`/api/v1/committees/${w.committeeId}/plans`, planBody(w.termId, overrides)))
  await expectStatus(200, ta.as(w.tokens.chair).post(`/api/v1/plans/${plan.id}/demand/open`))
  await expectStatus(200, ta.as(w.tokens.parent1).put(`/api/v1/plans/${plan.id}/demand/responses/me`, { need: true, preferredWeekdays: [1, 2, 3, 4, 5] }))
  await expectStatus(201, ta.as(w.tokens.chair).post(`/api/v1/plans/${plan.id}/submit`))
  await expectStatus(200, ta.as(w.tokens.reviewer).post(`/api/v1/plans/${plan.id}/review`, { decision: 'approve' }))
  return expectStatus(200, ta.as(w.tokens.chair).get(`/api/v1/plans/${plan.id}`))
}

export function applicationBody(student: string, overrides: Record<string, unknown> = {}) {
  return {
    student: { name: student, className: '三年级（2）班' },
    guardian: { name: `${student}家长`, phone: '13800138000', relation: '母亲' },
    pickup: { persons: [{ name: '李秀英', phone: '13900139000', relation: '外婆' }], goesHomeAlone: false },
    signature: { name: `${student}家长`, consent: true },
    ...overrides,
  }
}

/** Apply, pass the committee's first review and the school's approval: returns the application as approved. */
export async function applyAndApprove(ta: TestApp, w: World, planId: string, parentToken: string, student: string, overrides: Record<string, unknown> = {}) {
  const app = await expectStatus(201, ta.as(parentToken).post(`/api/v1/plans/${planId}/applications`, applicationBody(student, overrides)))
  await expectStatus(200, ta.as(w.tokens.member).post(`/api/v1/applications/${app.id}/review`, { decision: 'accept' }))
  return expectStatus(200, ta.as(w.tokens.reviewer).post(`/api/v1/applications/${app.id}/review`, { decision: 'accept' }))
}

const DAY_MS = 86_400_000

/** The date in China (UTC+8 all year) `days` after today: signing and withdrawal refuse dates in the past, so tests about them live around the real today. */
export function chinaDay(days = 0, now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000 + days * DAY_MS).toISOString().slice(0, 10)
}

/** A term running from today for twenty weeks: pass as seedWorld(ta, prefix, { term: currentTerm() }). */
export function currentTerm() {
  return { name: '本学期', startsOn: chinaDay(0), endsOn: chinaDay(140) }
}

// A class committee's autumn term walked month by month by the app's clock: the plan approved in
// August, families signed for 1 September, then billing, payments, leave and publication.
import { build, loginAs, PASSWORD, seedWorld, type TestApp, type World } from '../helpers/app.js'
import { addParent, applicationBody, approvedPlan, expectStatus } from '../plans/helpers.js'

export const TERM = { name: '2026年秋季学期', startsOn: '2026-09-01', endsOn: '2026-12-31' }

export interface Family {
  name: string
  token: string
  userId: string
  enrollmentId: string
  guardian: string
}

export interface MoneyWorld {
  ta: TestApp
  w: World
  planId: string
  families: Family[]
  /** Call the API as the treasurer (signs in again when the clock has moved past the session). */
  treasurer(): Promise<string>
  /** Move the clock to a date (09:00 in China) or instant, and sign everyone in again. */
  at(when: string): Promise<void>
}

export interface MoneyWorldOptions {
  plan?: Record<string, unknown>
  /** Students; one named with "低保" is a low-income registered family. */
  students?: string[]
  prefix?: string
  /** When the families sign (default 2026-08-25) and from when care starts (default the term start). */
  signOn?: string
  startsOn?: Record<string, string>
}

export async function moneyWorld(t: Parameters<typeof build>[0], opts: MoneyWorldOptions = {}): Promise<MoneyWorld> {
  const ta = await build(t, {}, { now: '2026-08-20T10:00:00+08:00' })
  const prefix = opts.prefix ?? 'm'
  const w = await seedWorld(ta, prefix, { term: TERM })
  const plan = await approvedPlan(ta, w, { capacity: 50, leaveCredit: { kind: 'fixed', amountFen: 336 }, ...opts.plan })
  const families: Family[] = []
  const students = opts.students ?? ['王小明', '李小红', '张低保']
  for (const [i, student] of students.entries()) {
    const parent = await addParent(ta, w, `${prefix}-fam${i}`)
    const lowIncome = student.includes('低保') ? { lowIncome: { certificateNo: `JD2026-${1000 + i}` } } : {}
    const body = applicationBody(student, lowIncome)
    const app = await expectStatus(201, ta.as(parent.token).post(`/api/v1/plans/${plan.id}/applications`, body))
    await expectStatus(200, ta.as(w.tokens.member).post(`/api/v1/applications/${app.id}/review`, { decision: 'accept' }))
    const approved = await expectStatus(200, ta.as(w.tokens.reviewer).post(`/api/v1/applications/${app.id}/review`, { decision: 'accept' }))
    families.push({ name: student, token: parent.token, userId: parent.userId, enrollmentId: approved.enrollmentId, guardian: body.guardian.name })
  }
  ta.clock.set(`${opts.signOn ?? '2026-08-25'}T20:00:00+08:00`)
  for (const f of families) {
    const startsOn = opts.startsOn?.[f.name] ?? TERM.startsOn
    await expectStatus(200, ta.as(f.token).post(`/api/v1/enrollments/${f.enrollmentId}/agreement/sign`, { name: f.guardian, startsOn }))
  }
  const relogin = async () => {
    for (const who of Object.keys(w.tokens) as (keyof World['tokens'])[]) w.tokens[who] = await loginAs(ta, `${prefix}-${who}`)
    for (const [i, f] of families.entries()) f.token = await loginAs(ta, `${prefix}-fam${i}`, PASSWORD)
  }
  return {
    ta,
    w,
    planId: plan.id,
    families,
    treasurer: async () => w.tokens.treasurer,
    at: async (when: string) => {
      ta.clock.set(when.length === 10 ? `${when}T09:00:00+08:00` : when)
      await relogin()
    },
  }
}

/** The JSON body of a response with this status, or the test fails with the body. */
export { expectStatus }

import { createStaffUser, expectOk } from '../attendance/helpers.js'
import { build, seedWorld, type TestApp, type World } from '../helpers/app.js'
import { insertApprovedPlan, insertEnrollment } from '../helpers/enrollment-fixtures.js'
import { addParent } from '../plans/helpers.js'

export const TERM = { name: '2026年秋季学期', startsOn: '2026-09-01', endsOn: '2026-12-31' }
export const CLOSES_AT = '2026-12-20T18:00:00+08:00'

export const QUESTIONS = [
  { kind: 'scale', text: '对这位老师看护学生的总体满意度' },
  { kind: 'scale', text: '按时到岗、按规定交接学生' },
  { kind: 'choice', text: '孩子愿意参加托管吗', options: ['愿意', '一般', '不愿意'] },
  { kind: 'text', text: '意见和建议' },
]

/**
 * A class committee in December 2026 with four families in care (five children: parent1 has
 * two), two staff members to rate, and the plan they work for.
 */
export async function surveyWorld(t: Parameters<typeof build>[0], prefix: string) {
  const ta = await build(t, {}, { now: '2026-12-10' })
  const w = await seedWorld(ta, prefix, { term: TERM })
  const planId = await insertApprovedPlan(ta.db, { committeeId: w.committeeId, termId: w.termId, createdBy: w.userIds.chair! })
  const p3 = await addParent(ta, w, `${prefix}-parent3`)
  const p4 = await addParent(ta, w, `${prefix}-parent4`)
  const children: [string, string, string][] = [
    [w.userIds.parent1!, '王小明', '三年级（2）班'],
    [w.userIds.parent1!, '王小亮', '一年级（1）班'],
    [w.userIds.parent2!, '陈小红', '三年级（2）班'],
    [p3.userId, '李小华', '三年级（2）班'],
    [p4.userId, '张小强', '三年级（2）班'],
  ]
  for (const [guardianUserId, name, className] of children) await insertEnrollment(ta.db, { planId, guardianUserId, student: { name, className }, startsOn: '2026-09-01' })
  const zhao = await createStaffUser(ta, w, `${prefix}-zhao`, '赵敏')
  const qian = await createStaffUser(ta, w, `${prefix}-qian`, '钱芳')
  return { ta, w, planId, zhao, qian, parents: { p3, p4 } }
}

export const surveyBody = (planId: string, staffIds: string[], overrides: Record<string, unknown> = {}) => ({
  planId,
  staffIds,
  questions: QUESTIONS,
  closesAt: CLOSES_AT,
  ...overrides,
})

export async function createSurvey(ta: TestApp, w: World, planId: string, staffIds: string[], overrides: Record<string, unknown> = {}) {
  return expectOk(201, ta.as(w.tokens.chair).post(`/api/v1/committees/${w.committeeId}/surveys`, surveyBody(planId, staffIds, overrides)))
}

/** Every invitation token of a survey (tests only: the service never lists them). */
export async function tokensOf(ta: TestApp, surveyId: string, audience?: 'parent' | 'student') {
  let q = ta.db.selectFrom('survey_invitations').select(['token', 'short_code', 'audience', 'guardian_user_id']).where('survey_id', '=', surveyId)
  if (audience) q = q.where('audience', '=', audience)
  return q.orderBy('token').execute()
}

/** One ballot: for each staff member, the two scale answers, a choice and a comment. */
export function ballot(staff: { id: string; scale: [number, number]; choice?: string; comment?: string }[]) {
  return staff.flatMap((s) => [
    { staffId: s.id, question: 0, value: s.scale[0] },
    { staffId: s.id, question: 1, value: s.scale[1] },
    { staffId: s.id, question: 2, value: s.choice ?? '愿意' },
    ...(s.comment === undefined ? [] : [{ staffId: s.id, question: 3, value: s.comment }]),
  ])
}

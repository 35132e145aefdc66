// 满意度测评: the chair asks the families and students of a plan's term to rate its staff. One
// invitation per enrolled family (the guardian sees it after login) and one per enrolled student
// (printed on a slip that names only the class), each a single-use token.
import { chinaToday } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import type { SurveyAudience } from '../../db/schema.js'
import { NotFound, RuleViolation } from '../../errors.js'
import { recordAudit } from '../audit/service.js'
import { enrollmentsOnDay } from '../enrollment/for-attendance.js'
import { getPlanForService } from '../plans/service.js'
import { loadCommittee, requireTerm } from '../schools/service.js'
import { staffOfCommittee } from '../staff/service.js'
import * as repo from './repository.js'
import type { CreateSurveyInput } from './schemas.js'
import { surveyOutOf } from './surveys.js'
import { newShortCode, newToken } from './tokens.js'

export async function createSurvey(db: Db, ctx: Ctx, committeeId: string, input: CreateSurveyInput) {
  return db.transaction().execute(async (trx) => {
    const { committee } = await loadCommittee(trx, ctx, committeeId, { allowed: ['chair'], action: 'create a satisfaction survey' })
    const plan = await getPlanForService(trx, input.planId)
    if (!plan || plan.committeeId !== committeeId) throw new NotFound('plan', `Plan ${input.planId} not found at this committee`)
    if (!plan.approvedVersion)
      throw new RuleViolation('plan-not-approved', 'A survey rates the care of a plan the school approved', [{ path: 'body.planId', message: 'not approved' }])
    const closesAt = new Date(input.closesAt)
    if (closesAt <= ctx.now) throw new RuleViolation('closes-in-past', 'A survey closes in the future', [{ path: 'body.closesAt', message: 'must be later than now' }])
    const staffIds = [...new Set(input.staffIds)]
    const staff = await staffOfCommittee(trx, committeeId, staffIds)
    const unknown = staffIds.filter((id) => !staff.some((s) => s.id === id))
    if (unknown.length)
      throw new RuleViolation('staff-unknown', `Not staff of this committee: ${unknown.join(', ')}`, [{ path: 'body.staffIds', message: 'not staff of this committee' }])
    if (!input.questions.some((q) => q.kind === 'scale'))
      throw new RuleViolation('survey-needs-scale', 'A survey asks at least one 1–5 question: the satisfied share that decides renewal is counted from those', [
        { path: 'body.questions', message: 'add a scale question' },
      ])
    const choices = input.questions.flatMap((q, i) => (q.kind === 'choice' && new Set(q.options).size < q.options.length ? [i] : []))
    if (choices.length)
      throw new RuleViolation('options-repeated', 'A choice lists each option once', [{ path: `body.questions.${choices[0]}.options`, message: 'repeated option' }])

    // Everyone in care on the day (or, after the term, on its last day).
    const day = [chinaToday(ctx), plan.termEndsOn].sort()[0]!
    const enrolled = await enrollmentsOnDay(trx, plan.id, day)
    const audiences = [...new Set(input.audiences)] as SurveyAudience[]
    const families = [...new Set(enrolled.map((e) => e.guardianUserId))]
    const invitations = [
      ...(audiences.includes('parent') ? families.map((g) => ({ audience: 'parent' as const, guardianUserId: g, className: null })) : []),
      ...(audiences.includes('student') ? enrolled.map((e) => ({ audience: 'student' as const, guardianUserId: null, className: e.student.className })) : []),
    ]
    if (invitations.length === 0)
      throw new RuleViolation('no-one-to-invite', `Nobody is in care under this plan on ${day}`, [{ path: 'body.planId', message: 'no enrolled families' }])

    const term = await requireTerm(trx, plan.schoolId, plan.termId)
    const survey = await repo.insertSurvey(
      trx,
      {
        schoolId: committee.school_id,
        committeeId,
        planId: plan.id,
        termId: plan.termId,
        title: input.title ?? `${term.name}课后托管服务满意度测评`,
        questions: input.questions,
        audiences,
        closesAt,
        threshold: input.satisfiedThresholdPercent,
        createdBy: ctx.actor.userId,
      },
      ctx.now,
    )
    await repo.insertSurveyStaff(trx, survey.id, staffIds)
    await repo.insertInvitations(
      trx,
      invitations.map((i) => ({ ...i, surveyId: survey.id, token: newToken(), shortCode: newShortCode() })),
    )
    await recordAudit(trx, ctx, {
      action: 'survey.created',
      entityType: 'survey',
      entityId: survey.id,
      data: { committeeId, planId: plan.id, staffIds, closesAt, families: families.length, students: enrolled.length, audiences },
    })
    return surveyOutOf(trx, survey, ctx)
  })
}

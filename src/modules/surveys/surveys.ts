// Reading surveys: the committee's officers and the school see a survey and, once it has closed
// with enough answers, its results; a parent sees the open surveys they are invited to. Nobody
// sees who answered: only counts.
import { authorize, hatsForCommittee, hatsForSchool, INSIDERS } from '../../access.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import { NotFound } from '../../errors.js'
import { type PageQuery, paginate } from '../../http/pagination.js'
import { getCommitteeRef, loadCommittee } from '../schools/service.js'
import { staffNames } from '../staff/service.js'
import * as repo from './repository.js'
import { type Counts, surveyResults } from './results.js'

export const surveyNotFound = (id: string) => () => new NotFound('survey', `Survey ${id} not found`)

export async function loadSurvey(db: Db | Trx, ctx: Ctx, surveyId: string, allowed: readonly (typeof INSIDERS)[number][], action: string) {
  const survey = await repo.findSurvey(db, surveyId)
  if (!survey) throw surveyNotFound(surveyId)()
  const committee = (await getCommitteeRef(db, survey.committee_id))!
  // A survey is about the committee's staff and families: a parent of the committee is a stranger to it.
  authorize(hatsForCommittee(ctx.actor, { id: committee.id, schoolId: committee.schoolId }), { allowed, action, seenBy: INSIDERS }, surveyNotFound(surveyId))
  return { survey, committee }
}

const isClosed = (s: repo.SurveyRow, at: { now: Date }) => at.now >= s.closes_at

async function countsOf(db: Db | Trx, surveyIds: string[]): Promise<Map<string, Counts>> {
  const rows = await repo.invitationCounts(db, surveyIds)
  return new Map(
    surveyIds.map((id) => {
      const of = (audience: 'parent' | 'student') => {
        const r = rows.find((x) => x.survey_id === id && x.audience === audience)
        return { invited: Number(r?.invited ?? 0), answered: Number(r?.answered ?? 0) }
      }
      return [id, { parent: of('parent'), student: of('student') }]
    }),
  )
}

async function staffOf(db: Db | Trx, surveyIds: string[]) {
  const rows = await repo.staffOfSurveys(db, surveyIds)
  const names = await staffNames(
    db,
    rows.map((r) => r.staff_id),
  )
  return (surveyId: string) => rows.filter((r) => r.survey_id === surveyId).map((r) => ({ id: r.staff_id, name: names.get(r.staff_id)! }))
}

async function surveysOut(db: Db | Trx, rows: repo.SurveyRow[], at: { now: Date }) {
  const ids = rows.map((s) => s.id)
  const counts = await countsOf(db, ids)
  const staff = await staffOf(db, ids)
  return rows.map((s) => ({
    id: s.id,
    committeeId: s.committee_id,
    planId: s.plan_id,
    termId: s.term_id,
    title: s.title,
    staff: staff(s.id),
    questions: s.questions,
    audiences: s.audiences,
    closesAt: s.closes_at,
    status: isClosed(s, at) ? ('closed' as const) : ('open' as const),
    satisfiedThresholdPercent: s.satisfied_threshold_percent,
    invitations: counts.get(s.id)!,
    createdAt: s.created_at,
  }))
}

export const surveyOutOf = async (db: Db | Trx, s: repo.SurveyRow, at: { now: Date }) => (await surveysOut(db, [s], at))[0]!

export async function getSurvey(db: Db, ctx: Ctx, surveyId: string) {
  const { survey } = await loadSurvey(db, ctx, surveyId, INSIDERS, 'see this survey')
  return surveyOutOf(db, survey, ctx)
}

export async function listSurveys(db: Db, ctx: Ctx, committeeId: string, page: PageQuery) {
  await loadCommittee(db, ctx, committeeId, { allowed: INSIDERS, action: 'see its surveys' })
  const result = await paginate(repo.surveysQuery(db, committeeId), page, { createdAt: 'created_at', id: 'id' })
  return { items: await surveysOut(db, result.items, ctx), nextCursor: result.nextCursor }
}

/** The results of one survey, from its ballots; counts only while it is open or has fewer than 5 answers. */
export async function resultsOf(db: Db | Trx, survey: repo.SurveyRow, at: { now: Date }) {
  const counts = (await countsOf(db, [survey.id])).get(survey.id)!
  const staff = (await staffOf(db, [survey.id]))(survey.id)
  const closed = isClosed(survey, at)
  // Ballots are not even read before the survey closes.
  const ballots = closed ? await repo.ballotsOf(db, survey.id) : []
  const answers = closed ? ballots.length : counts.parent.answered + counts.student.answered
  const computed = surveyResults({ questions: survey.questions, staff, thresholdPercent: survey.satisfied_threshold_percent, closed, ballots, invitations: counts })
  return {
    surveyId: survey.id,
    title: survey.title,
    status: closed ? ('closed' as const) : ('open' as const),
    closesAt: survey.closes_at,
    invitations: counts,
    satisfiedThresholdPercent: survey.satisfied_threshold_percent,
    ...computed,
    answers,
    responseRatePercent: closed ? computed.responseRatePercent : Math.round((1000 * answers) / Math.max(1, counts.parent.invited + counts.student.invited)) / 10,
  }
}

export async function getSurveyResults(db: Db, ctx: Ctx, surveyId: string) {
  const { survey } = await loadSurvey(db, ctx, surveyId, INSIDERS, 'see the results')
  return resultsOf(db, survey, ctx)
}

/** The school sees every survey of its committees, with the staff flagged for renewal. */
export async function listSchoolSurveys(db: Db, ctx: Ctx, schoolId: string, page: PageQuery) {
  const notFound = () => new NotFound('school', `School ${schoolId} not found`)
  authorize(hatsForSchool(ctx.actor, schoolId), { allowed: ['admin', 'reviewer'], action: "see the surveys of the school's committees" }, notFound)
  const result = await paginate(repo.schoolSurveysQuery(db, schoolId), page, { createdAt: 'created_at', id: 'id' })
  const items = []
  for (const s of result.items) {
    const r = await resultsOf(db, s, ctx)
    items.push({
      surveyId: s.id,
      committeeId: s.committee_id,
      title: s.title,
      status: r.status,
      closesAt: s.closes_at,
      answers: r.answers,
      shown: r.shown,
      flagged: r.staff.filter((x) => x.flagged).map((x) => ({ staffId: x.staffId, name: x.name, satisfiedPercent: x.satisfiedPercent })),
    })
  }
  return { items, nextCursor: result.nextCursor }
}

/** A parent's open surveys: one invitation per family, its link until it is used. */
export async function listMySurveys(db: Db, ctx: Ctx, publicBaseUrl: string) {
  const rows = await repo.invitationsOfGuardian(db, ctx.actor.userId, ctx.now)
  return {
    items: rows.map((r) => ({ surveyId: r.survey_id, title: r.title, closesAt: r.closes_at, answered: r.used, answerUrl: r.used ? null : `${publicBaseUrl}/s/${r.token}` })),
    nextCursor: null,
  }
}

/**
 * For the renewal decision: the latest survey of the committee that rated this staff member and
 * has closed, with the staff member's results as they stand (null results while withheld).
 */
export async function latestResultsForStaff(db: Db | Trx, committeeId: string, staffId: string, at: { now: Date }) {
  const survey = await repo.latestClosedSurveyOf(db, committeeId, staffId, at.now)
  if (!survey) return null
  const results = await resultsOf(db, survey, at)
  const staff = results.staff.find((s) => s.staffId === staffId) ?? null
  return {
    surveyId: survey.id,
    title: survey.title,
    closesAt: survey.closes_at,
    answers: results.answers,
    responseRatePercent: results.responseRatePercent,
    thresholdPercent: survey.satisfied_threshold_percent,
    shown: results.shown,
    withheld: results.withheld,
    staff: staff && { satisfiedPercent: staff.satisfiedPercent, satisfied: staff.satisfied, scaleAnswers: staff.scaleAnswers, flagged: staff.flagged },
  }
}

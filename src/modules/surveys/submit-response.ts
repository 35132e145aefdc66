// Answering a survey, anonymously. The invitation (its token) is checked and marked used, and the
// answers go into the ballot box without anything that points back: no invitation or token, no
// family, no time, no audience; the box is reshuffled with every ballot (repository.castBallot).
// Nothing here writes an audit row or logs the token: both would tie an answer to its time.
import type { AnonymousCtx, Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import type { SurveyAnswer, SurveyQuestion } from '../../db/schema.js'
import { Conflict, NotFound, RuleViolation } from '../../errors.js'
import * as repo from './repository.js'
import type { SubmitResponseInput } from './schemas.js'
import { normalizeToken } from './tokens.js'

const invitationNotFound = () => new NotFound('invitation', 'No invitation has this code: check the link or the short code on the slip')
export const MAX_TEXT = 500

/** Why one answer is refused, or null when it is fine. */
function problemOf(q: SurveyQuestion | undefined, a: SurveyAnswer, staffIds: string[]): { field: string; message: string } | null {
  if (!staffIds.includes(a.staffId)) return { field: 'staffId', message: 'not rated by this survey' }
  if (!q) return { field: 'question', message: 'no such question' }
  if (q.kind === 'scale') return typeof a.value === 'number' && Number.isInteger(a.value) && a.value >= 1 && a.value <= 5 ? null : { field: 'value', message: 'must be 1 to 5' }
  if (q.kind === 'choice') return typeof a.value === 'string' && q.options.includes(a.value) ? null : { field: 'value', message: `must be one of ${q.options.join(', ')}` }
  return typeof a.value === 'string' && a.value.length <= MAX_TEXT ? null : { field: 'value', message: `text of at most ${MAX_TEXT} characters` }
}

/** Every question about every rated staff member once: scales 1–5 and choices answered, free text optional. */
export function checkAnswers(questions: SurveyQuestion[], staffIds: string[], answers: SurveyAnswer[]): SurveyAnswer[] {
  const errors: { path: string; message: string }[] = []
  const seen = new Set<string>()
  const kept: SurveyAnswer[] = []
  answers.forEach((a, i) => {
    const key = `${a.staffId}|${a.question}`
    const problem = seen.has(key) ? { field: '', message: 'answered twice' } : problemOf(questions[a.question], a, staffIds)
    seen.add(key)
    if (problem) errors.push({ path: `body.answers.${i}${problem.field ? `.${problem.field}` : ''}`, message: problem.message })
    else if (typeof a.value !== 'string' || a.value.trim() !== '')
      kept.push({ staffId: a.staffId, question: a.question, value: typeof a.value === 'string' ? a.value.trim() : a.value })
  })
  for (const staffId of staffIds) {
    questions.forEach((q, index) => {
      if (q.kind !== 'text' && !seen.has(`${staffId}|${index}`)) errors.push({ path: 'body.answers', message: `question ${index + 1} about staff ${staffId} is not answered` })
    })
  }
  if (errors.length) throw new RuleViolation('answers-invalid', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors)
  // In the survey's own order, whatever order they came in.
  return kept.sort((a, b) => staffIds.indexOf(a.staffId) - staffIds.indexOf(b.staffId) || a.question - b.question)
}

/** An open invitation: the survey and the staff it rates, for the answer page. Throws the refusal otherwise. */
export async function openInvitation(db: Db, ctx: Ctx | AnonymousCtx, token: string) {
  const invitation = await repo.invitationByToken(db, normalizeToken(token))
  if (!invitation) throw invitationNotFound()
  const survey = (await repo.findSurvey(db, invitation.survey_id))!
  refuseClosedOrUsed(survey, invitation, ctx)
  return { survey, invitation, staffIds: (await repo.staffOfSurveys(db, [survey.id])).map((s) => s.staff_id) }
}

function refuseClosedOrUsed(survey: repo.SurveyRow, invitation: repo.InvitationRow, ctx: { now: Date }) {
  if (ctx.now >= survey.closes_at) throw new RuleViolation('survey-closed', `This survey closed at ${survey.closes_at.toISOString()}; late answers are not counted`)
  if (invitation.used) throw new Conflict('invitation-used', 'This invitation has already been answered: each one answers once')
}

export async function submitSurveyResponse(db: Db, ctx: Ctx | AnonymousCtx, input: SubmitResponseInput, surveyId?: string) {
  return db.transaction().execute(async (trx) => {
    const found = await repo.invitationByToken(trx, normalizeToken(input.token))
    if (!found || (surveyId !== undefined && found.survey_id !== surveyId)) throw invitationNotFound()
    // The survey first, then the invitation: ballots of one survey go into its box one at a time.
    const survey = (await repo.lockSurvey(trx, found.survey_id))!
    const invitation = await repo.lockInvitation(trx, found.id)
    refuseClosedOrUsed(survey, invitation, ctx)
    const staffIds = (await repo.staffOfSurveys(trx, [survey.id])).map((s) => s.staff_id)
    const answers = checkAnswers(survey.questions, staffIds, input.answers)
    await repo.markUsed(trx, invitation.id)
    await repo.castBallot(trx, survey.id, answers)
    return { accepted: true as const, surveyId: survey.id }
  })
}

// Results of a survey, from the ballots alone: per staff member and question the mean,
// distribution, satisfied share (answers 4–5) and comments; staff below the committee's
// threshold are flagged. Shown only after the survey closes and only from 5 answers on: fewer
// could identify a family, and results that move while it is open would show who just answered.
import type { SurveyAnswer, SurveyQuestion } from '../../db/schema.js'

export const MIN_ANSWERS = 5

const round1 = (x: number) => Math.round(x * 10) / 10
const round2 = (x: number) => Math.round(x * 100) / 100
/** 4 and 5 on the 1–5 scale. */
export const isSatisfied = (value: number) => value >= 4

export interface Counts {
  parent: { invited: number; answered: number }
  student: { invited: number; answered: number }
}

export interface ResultsInput {
  questions: SurveyQuestion[]
  staff: { id: string; name: string }[]
  thresholdPercent: number
  closed: boolean
  ballots: SurveyAnswer[][]
  invitations: Counts
}

export function staffResults(input: ResultsInput) {
  return input.staff.map((s) => {
    const mine = input.ballots.flatMap((b) => b.filter((a) => a.staffId === s.id))
    const questions = input.questions.map((q, index) => {
      const values = mine.filter((a) => a.question === index).map((a) => a.value)
      if (q.kind === 'scale') {
        const nums = values as number[]
        const distribution = Object.fromEntries([1, 2, 3, 4, 5].map((v) => [String(v), nums.filter((n) => n === v).length]))
        return {
          question: index,
          kind: q.kind,
          text: q.text,
          answers: nums.length,
          mean: nums.length ? round2(nums.reduce((a, b) => a + b, 0) / nums.length) : null,
          distribution,
          satisfied: nums.filter(isSatisfied).length,
          comments: null,
        }
      }
      if (q.kind === 'choice') {
        const distribution = Object.fromEntries(q.options.map((o) => [o, values.filter((v) => v === o).length]))
        return { question: index, kind: q.kind, text: q.text, answers: values.length, mean: null, distribution, satisfied: null, comments: null }
      }
      const comments = (values as string[]).filter((v) => v.trim() !== '').sort()
      return { question: index, kind: q.kind, text: q.text, answers: comments.length, mean: null, distribution: null, satisfied: null, comments }
    })
    const scale = questions.filter((q) => q.kind === 'scale')
    const satisfied = scale.reduce((a, q) => a + (q.satisfied ?? 0), 0)
    const scaleAnswers = scale.reduce((a, q) => a + q.answers, 0)
    const satisfiedPercent = scaleAnswers ? round1((100 * satisfied) / scaleAnswers) : 0
    return { staffId: s.id, name: s.name, satisfied, scaleAnswers, satisfiedPercent, flagged: satisfiedPercent < input.thresholdPercent, questions }
  })
}

export function surveyResults(input: ResultsInput) {
  const invited = input.invitations.parent.invited + input.invitations.student.invited
  const answers = input.ballots.length
  const withheld = !input.closed
    ? 'The survey is still open: results are shown once it closes'
    : answers < MIN_ANSWERS
      ? `Fewer than ${MIN_ANSWERS} answers (${answers}): so few could identify a family`
      : null
  return {
    answers,
    responseRatePercent: invited ? round1((100 * answers) / invited) : 0,
    shown: withheld === null,
    withheld,
    staff: withheld === null ? staffResults(input) : [],
  }
}

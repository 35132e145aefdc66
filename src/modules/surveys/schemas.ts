import { z } from 'zod'

export const SurveyAudience = z
  .enum(['parent', 'student'])
  .describe('parent: one invitation per enrolled family, seen after login; student: one per enrolled student, printed as a slip')

const QuestionText = z.string().trim().min(1).max(200)
export const SurveyQuestion = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('scale'), text: QuestionText }).describe('1 (非常不满意) to 5 (非常满意); 4 and 5 count as satisfied'),
  z.object({ kind: z.literal('choice'), text: QuestionText, options: z.array(z.string().trim().min(1).max(50)).min(2).max(8) }).describe('One of the options'),
  z.object({ kind: z.literal('text'), text: QuestionText }).describe('Free text, optional, at most 500 characters'),
])

export const CreateSurveyBody = z.object({
  planId: z.uuid().describe('The plan whose term is rated; its enrolled families and students are invited'),
  title: z.string().trim().min(1).max(40).optional().describe('Default: "<term> 课后托管服务满意度测评"'),
  staffIds: z.array(z.uuid()).min(1).max(20).describe('The staff it rates; every question is asked about each of them'),
  questions: z.array(SurveyQuestion).min(1).max(20).describe('At least one 1–5 scale question: the satisfied share is counted from those'),
  audiences: z.array(SurveyAudience).min(1).max(2).default(['parent', 'student']),
  closesAt: z.iso.datetime({ offset: true }).describe('After this instant answers are refused'),
  satisfiedThresholdPercent: z.number().int().min(1).max(100).default(60).describe('Staff whose satisfied share is below this are flagged for the renewal decision'),
})
export type CreateSurveyInput = z.infer<typeof CreateSurveyBody>

export const SurveyParams = z.object({ surveyId: z.uuid() })

const Invitations = z.object({ invited: z.number().int(), answered: z.number().int() })

export const SurveyOut = z.object({
  id: z.uuid(),
  committeeId: z.uuid(),
  planId: z.uuid(),
  termId: z.uuid(),
  title: z.string(),
  staff: z.array(z.object({ id: z.uuid(), name: z.string() })),
  questions: z.array(SurveyQuestion),
  audiences: z.array(SurveyAudience),
  closesAt: z.date(),
  status: z.enum(['open', 'closed']),
  satisfiedThresholdPercent: z.number().int(),
  invitations: z.object({ parent: Invitations, student: Invitations }).describe('Counts only: who answered is never shown'),
  createdAt: z.date(),
})

export const SurveyAnswer = z.object({
  staffId: z.uuid(),
  question: z.number().int().min(0).max(19).describe('Index into the survey’s questions'),
  value: z.union([z.number().int(), z.string().max(500)]).describe('1–5 for a scale, an option for a choice, text for a text question'),
})

export const SubmitResponseBody = z.object({
  token: z.string().trim().min(4).max(64).describe('The invitation: the token of its link, or its short code'),
  answers: z.array(SurveyAnswer).max(400),
})
export type SubmitResponseInput = z.infer<typeof SubmitResponseBody>

export const SubmitResponseOut = z.object({ accepted: z.literal(true), surveyId: z.uuid() })

const QuestionResult = z.object({
  question: z.number().int(),
  kind: z.enum(['scale', 'choice', 'text']),
  text: z.string(),
  answers: z.number().int(),
  mean: z.number().nullable().describe('Scale questions: the mean, two decimals'),
  distribution: z.record(z.string(), z.number().int()).nullable().describe('Scale: answers per value 1–5; choice: per option'),
  satisfied: z.number().int().nullable().describe('Scale: answers of 4 or 5'),
  comments: z.array(z.string()).nullable().describe('Text: in alphabetical order, so their order says nothing'),
})

export const StaffResult = z.object({
  staffId: z.uuid(),
  name: z.string(),
  satisfied: z.number().int().describe('Scale answers of 4 or 5, over all scale questions'),
  scaleAnswers: z.number().int(),
  satisfiedPercent: z.number().describe('One decimal'),
  flagged: z.boolean().describe('Below the satisfied threshold: to be weighed in the renewal decision'),
  questions: z.array(QuestionResult),
})

export const SurveyResultsOut = z.object({
  surveyId: z.uuid(),
  title: z.string(),
  status: z.enum(['open', 'closed']),
  closesAt: z.date(),
  invitations: z.object({ parent: Invitations, student: Invitations }),
  answers: z.number().int(),
  responseRatePercent: z.number().describe('Answers per invitation, one decimal'),
  satisfiedThresholdPercent: z.number().int(),
  shown: z.boolean(),
  withheld: z.string().nullable().describe('Why the results are not shown: the survey is still open, or fewer than 5 answers (they could identify a family)'),
  staff: z.array(StaffResult),
})

export const MySurveyOut = z.object({
  surveyId: z.uuid(),
  title: z.string(),
  closesAt: z.date(),
  answered: z.boolean(),
  answerUrl: z.string().nullable().describe('The single-use link to answer, until answered'),
})

export const SchoolSurveyOut = z.object({
  surveyId: z.uuid(),
  committeeId: z.uuid(),
  title: z.string(),
  status: z.enum(['open', 'closed']),
  closesAt: z.date(),
  answers: z.number().int(),
  shown: z.boolean(),
  flagged: z.array(z.object({ staffId: z.uuid(), name: z.string(), satisfiedPercent: z.number() })),
})

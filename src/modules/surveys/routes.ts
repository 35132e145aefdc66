import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Config } from '../../config.js'
import type { Db } from '../../db/index.js'
import { AppError } from '../../errors.js'
import { ctxOf, optionalCtxOf } from '../../http/auth.js'
import { PageQuery, pageOf } from '../../http/pagination.js'
import { defineRoutes, strangerRateLimit } from '../../http/route.js'
import { PdfOut } from '../enrollment/routes.js'
import { pagePolicy } from '../public/html.js'
import { CommitteeParams, SchoolParams } from '../schools/schemas.js'
import { getCommitteeRef } from '../schools/service.js'
import { staffNames } from '../staff/service.js'
import { CreateSurveyBody, MySurveyOut, SchoolSurveyOut, SubmitResponseBody, SubmitResponseOut, SurveyOut, SurveyParams, SurveyResultsOut } from './schemas.js'
import * as surveys from './service.js'
import { entryPage, messagePage, SURVEY_CSS, surveyForm } from './survey-page.js'
import { normalizeToken } from './tokens.js'

// The answer pages have their own styles and a form that posts to /s: the default policy allows neither.
const SURVEY_PAGE_POLICY = pagePolicy({ styles: [SURVEY_CSS], forms: true })

export async function surveyRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db, config } = opts
  const route = defineRoutes(app, 'surveys')

  route({
    method: 'POST',
    url: '/committees/:committeeId/surveys',
    operationId: 'createSurvey',
    summary: 'Create a satisfaction survey (满意度测评) of a plan’s staff, with one invitation per enrolled family and per enrolled student',
    description: 'The chair. Invitations are single-use tokens: parents see theirs after signing in (listMySurveys), students get printed slips (getSurveySlips).',
    params: CommitteeParams,
    body: CreateSurveyBody,
    reply: { status: 201, schema: SurveyOut },
    errors: [403, 404, 422],
    handler: (req) => surveys.createSurvey(db, ctxOf(req), req.params.committeeId, req.body),
  })
  route({
    method: 'GET',
    url: '/committees/:committeeId/surveys',
    operationId: 'listSurveys',
    summary: "The committee's surveys",
    description: 'Committee officers and the school.',
    params: CommitteeParams,
    querystring: PageQuery,
    reply: { schema: pageOf(SurveyOut) },
    errors: [403, 404],
    handler: (req) => surveys.listSurveys(db, ctxOf(req), req.params.committeeId, req.query),
  })
  route({
    method: 'GET',
    url: '/surveys/:surveyId',
    operationId: 'getSurvey',
    summary: 'One survey: the staff it rates, its questions, how many were invited and answered',
    description: 'Committee officers and the school. Counts only: who answered is never shown.',
    params: SurveyParams,
    reply: { schema: SurveyOut },
    errors: [403, 404],
    handler: (req) => surveys.getSurvey(db, ctxOf(req), req.params.surveyId),
  })
  route({
    method: 'GET',
    url: '/surveys/:surveyId/results',
    operationId: 'getSurveyResults',
    summary: 'Results per staff member and question: mean, distribution, satisfied share, comments; staff below the threshold flagged',
    description: 'Committee officers and the school. Shown once the survey has closed with at least 5 answers; before that, counts only.',
    params: SurveyParams,
    reply: { schema: SurveyResultsOut },
    errors: [403, 404],
    handler: (req) => surveys.getSurveyResults(db, ctxOf(req), req.params.surveyId),
  })
  route({
    method: 'GET',
    url: '/surveys/:surveyId/slips.pdf',
    operationId: 'getSurveySlips',
    summary: 'Invitation slips for the students, one per enrolled student, eight to an A4 page',
    description: 'Committee officers. Each slip has a QR code and a short code and names the class only; the same file on every request.',
    params: SurveyParams,
    reply: { schema: PdfOut, media: 'application/pdf', description: 'The slips' },
    errors: [403, 404, 422],
    handler: async (req, reply) => {
      const { pdf, count } = await surveys.getSurveySlips(db, ctxOf(req), req.params.surveyId, config.publicBaseUrl)
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="survey-slips-${req.params.surveyId}.pdf"`)
        .header('x-slip-count', String(count))
        .send(pdf)
    },
  })
  route({
    method: 'GET',
    url: '/surveys/:surveyId/slips.csv',
    operationId: 'getSurveySlipList',
    summary: 'The students’ invitations as a list: class, short code, link (CSV)',
    description: 'Committee officers: what the slips print, for a label printer or the class’s own channel. UTF-8 with BOM.',
    params: SurveyParams,
    reply: { schema: z.string(), media: 'text/csv', description: 'One line per enrolled student' },
    errors: [403, 404],
    handler: async (req, reply) => {
      const csv = await surveys.getSurveySlipList(db, ctxOf(req), req.params.surveyId, config.publicBaseUrl)
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="survey-slips-${req.params.surveyId}.csv"`).send(csv)
    },
  })
  route({
    method: 'GET',
    url: '/schools/:schoolId/surveys',
    operationId: 'listSchoolSurveys',
    summary: "Every survey of the school's committees, with the staff flagged for renewal",
    description: 'School reviewers and the admin (rule 9: the school sees the survey results of its committees).',
    params: SchoolParams,
    querystring: PageQuery,
    reply: { schema: pageOf(SchoolSurveyOut) },
    errors: [403, 404],
    handler: (req) => surveys.listSchoolSurveys(db, ctxOf(req), req.params.schoolId, req.query),
  })
  route({
    method: 'GET',
    url: '/me/surveys',
    operationId: 'listMySurveys',
    summary: 'The open surveys the signed-in parent is invited to, with the link to answer',
    description: 'Signed in: one invitation per family; the link is single-use, and answering is anonymous.',
    reply: { schema: pageOf(MySurveyOut) },
    handler: (req) => surveys.listMySurveys(db, ctxOf(req), config.publicBaseUrl),
  })
  route({
    method: 'POST',
    url: '/surveys/:surveyId/responses',
    operationId: 'submitSurveyResponse',
    summary: 'Answer a survey with an invitation token (anonymous)',
    description:
      'Anyone holding an invitation: the token is the credential, and no sign-in is asked for, so nothing ties the answer to an account. Each invitation answers once (409); after the closing time answers are refused (422).',
    public: true,
    rateLimit: strangerRateLimit(config, 10),
    params: SurveyParams,
    body: SubmitResponseBody,
    reply: { status: 201, schema: SubmitResponseOut },
    errors: [404, 409, 422],
    handler: (req) => surveys.submitSurveyResponse(db, optionalCtxOf(req), req.body, req.params.surveyId),
  })
}

const FormBody = z.record(z.string(), z.union([z.string().max(2000), z.array(z.string().max(2000))]))

/** The phone pages: /s (type a short code), /s/:token (the form), POST /s (the answers). Outside /api, in Chinese. */
// Answering is rate-limited per address like sign-in, but ten times looser: a class answering
// from the school's one address must not be turned away. A 39-bit short code is not guessed at that rate.
export async function surveyPageRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db, config } = opts
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)))
    })
  }
  const route = defineRoutes(app, 'surveys')
  const html = (reply: import('fastify').FastifyReply, status: number, body: string) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .header('content-security-policy', SURVEY_PAGE_POLICY)
      .send(body)
  const refusal = (e: unknown) => {
    if (!(e instanceof AppError)) throw e
    const words: Record<string, [string, string]> = {
      'not-found': ['未找到邀请', '没有与此链接或短码对应的邀请，请核对邀请条上的短码。'],
      'invitation-used': ['已经提交', '这份邀请已经提交过评价，每份邀请只能提交一次。感谢参与！'],
      'survey-closed': ['测评已结束', '本次测评已经截止，逾期提交的评价不再计入。感谢关注！'],
    }
    const [heading, text] = words[e.code] ?? ['无法提交', e.message]
    return { status: e.status, body: messagePage('满意度测评', heading, text) }
  }
  const formFor = async (ctx: ReturnType<typeof optionalCtxOf>, token: string, error?: string) => {
    const { survey, invitation, staffIds } = await surveys.openInvitation(db, ctx, token)
    const names = await staffNames(db, staffIds)
    const committee = (await getCommitteeRef(db, survey.committee_id))!
    return {
      survey,
      staffIds,
      page: surveyForm({
        title: survey.title,
        committee: committee.name,
        closesAt: survey.closes_at,
        token: invitation.token,
        staff: staffIds.map((id) => ({ name: names.get(id)! })),
        questions: survey.questions,
        error,
      }),
    }
  }

  route({
    method: 'GET',
    url: '/s',
    operationId: 'getSurveyEntryPage',
    summary: 'Where a student types the short code from a slip (HTML)',
    description: 'Anyone. With ?code= it redirects to that invitation’s answer page.',
    public: true,
    querystring: z.object({ code: z.string().max(64).optional() }),
    reply: { schema: z.string(), media: 'text/html', description: 'The page' },
    handler: async (req, reply) => {
      if (!req.query.code) return html(reply, 200, entryPage())
      return reply.redirect(`/s/${encodeURIComponent(normalizeToken(req.query.code))}`, 303)
    },
  })
  route({
    method: 'GET',
    url: '/s/:token',
    operationId: 'getSurveyForm',
    summary: 'The answer form of an invitation, in Chinese, for a phone (HTML)',
    description: 'Anyone holding the invitation’s link or short code. An unknown code (404), an invitation already answered (409) or a closed survey (422) shows a page saying so.',
    public: true,
    rateLimit: strangerRateLimit(config, 10),
    params: z.object({ token: z.string().min(1).max(64) }),
    reply: { schema: z.string(), media: 'text/html', description: 'The form' },
    handler: async (req, reply) => {
      try {
        return html(reply, 200, (await formFor(optionalCtxOf(req), req.params.token)).page)
      } catch (e) {
        const r = refusal(e)
        return html(reply, r.status, r.body)
      }
    },
  })
  route({
    method: 'POST',
    url: '/s',
    operationId: 'submitSurveyForm',
    summary: 'The answer form posted (HTML form, application/x-www-form-urlencoded)',
    description: 'Anyone holding an invitation. The token travels in the form, never in the address. Answers the thank-you page, or a page with the refusal.',
    public: true,
    rateLimit: strangerRateLimit(config, 10),
    body: FormBody,
    reply: { schema: z.string(), media: 'text/html', description: 'Thanks, or why not' },
    handler: async (req, reply) => {
      const ctx = optionalCtxOf(req)
      const field = (k: string) => {
        const v = req.body[k]
        return Array.isArray(v) ? v[0] : v
      }
      const token = field('token') ?? ''
      let open: Awaited<ReturnType<typeof formFor>>
      try {
        open = await formFor(ctx, token)
      } catch (e) {
        const r = refusal(e)
        return html(reply, r.status, r.body)
      }
      const answers = []
      for (const [key] of Object.entries(req.body)) {
        const m = /^a-(\d{1,2})-(\d{1,2})$/.exec(key)
        const staffId = m ? open.staffIds[Number(m[1])] : undefined
        const q = m ? open.survey.questions[Number(m[2])] : undefined
        const value = field(key)
        if (!staffId || !q || value === undefined) continue
        answers.push({ staffId, question: Number(m![2]), value: q.kind === 'scale' ? Number(value) : value })
      }
      try {
        await surveys.submitSurveyResponse(db, ctx, { token, answers })
        return html(reply, 200, messagePage('满意度测评', '提交成功', '感谢您的评价！评价匿名保存，只用于改进课后托管服务和决定托管服务人员的续聘。'))
      } catch (e) {
        if (e instanceof AppError && e.code === 'answers-invalid') return html(reply, 422, (await formFor(ctx, token, '还有题目没有作答，请逐项选择后再提交。')).page)
        const r = refusal(e)
        return html(reply, r.status, r.body)
      }
    },
  })
}

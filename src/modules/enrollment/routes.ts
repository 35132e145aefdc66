import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Db } from '../../db/index.js'
import { ctxOf } from '../../http/auth.js'
import { pageOf } from '../../http/pagination.js'
import { bearer, problems } from '../../http/responses.js'
import {
  AdmissionRunOut,
  ApplicationOut,
  ApplicationParams,
  CreateApplicationBody,
  EnrollmentOut,
  EnrollmentParams,
  ListApplicationsQuery,
  ListEnrollmentsQuery,
  PlanParams,
  ReviewApplicationBody,
  SignAgreementBody,
  WithdrawApplicationBody,
  WithdrawEnrollmentBody,
} from './schemas.js'
import * as enrollment from './service.js'

/** Sent as bytes (Fastify does not serialize a Buffer); the meta makes OpenAPI show a binary string. */
const PdfOut = z
  .custom<Buffer>((v) => Buffer.isBuffer(v))
  .meta({ type: 'string', format: 'binary', description: 'application/pdf; header x-document-sha256 carries the SHA-256 of these bytes' })

export async function enrollmentRoutes(app: FastifyInstance, opts: { db: Db }) {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const { db } = opts
  const tags = ['enrollment']

  r.post('/plans/:planId/applications', {
    schema: { operationId: 'createApplication', tags, summary: 'A parent applies for a place for their child, signing with their typed name', security: bearer, params: PlanParams, body: CreateApplicationBody, response: { 201: ApplicationOut, ...problems(403, 404, 409, 422) } },
    handler: async (req, reply) => reply.code(201).send(await enrollment.createApplication(db, ctxOf(req), req.params.planId, req.body)),
  })
  r.get('/plans/:planId/applications', {
    schema: { operationId: 'listApplications', tags, summary: "A plan's applications (committee and school: all; a parent: their own)", security: bearer, params: PlanParams, querystring: ListApplicationsQuery, response: { 200: pageOf(ApplicationOut), ...problems(404) } },
    handler: (req) => enrollment.listApplications(db, ctxOf(req), req.params.planId, req.query),
  })
  r.get('/applications/:applicationId', {
    schema: { operationId: 'getApplication', tags, summary: 'One application with its reviews and wait-list place', security: bearer, params: ApplicationParams, response: { 200: ApplicationOut, ...problems(404) } },
    handler: (req) => enrollment.getApplication(db, ctxOf(req), req.params.applicationId),
  })
  r.post('/applications/:applicationId/review', {
    schema: {
      operationId: 'reviewApplication',
      tags,
      summary: 'First review (committee chair or member) of a submitted application, then approval (school reviewer); an approval beyond capacity wait-lists',
      security: bearer,
      params: ApplicationParams,
      body: ReviewApplicationBody,
      response: { 200: ApplicationOut, ...problems(403, 404, 409, 422) },
    },
    handler: (req) => enrollment.reviewApplication(db, ctxOf(req), req.params.applicationId, req.body),
  })
  r.post('/applications/:applicationId/withdraw', {
    schema: { operationId: 'withdrawApplication', tags, summary: 'The guardian withdraws an application that holds no place yet', security: bearer, params: ApplicationParams, body: WithdrawApplicationBody, response: { 200: ApplicationOut, ...problems(403, 404, 409) } },
    handler: (req) => enrollment.withdrawApplication(db, ctxOf(req), req.params.applicationId, req.body.reason),
  })
  r.post('/plans/:planId/admissions/run', {
    schema: {
      operationId: 'runAdmission',
      tags,
      summary: 'Give the places free today to the wait list (chair or school reviewer), e.g. on the day a withdrawal from a later date takes effect',
      security: bearer,
      params: PlanParams,
      response: { 200: AdmissionRunOut, ...problems(403, 404, 422) },
    },
    handler: (req) => enrollment.runAdmission(db, ctxOf(req), req.params.planId),
  })
  r.get('/plans/:planId/enrollments', {
    schema: { operationId: 'listEnrollments', tags, summary: "A plan's enrollments (committee and school: all; a parent: their own)", security: bearer, params: PlanParams, querystring: ListEnrollmentsQuery, response: { 200: pageOf(EnrollmentOut), ...problems(404) } },
    handler: (req) => enrollment.listEnrollments(db, ctxOf(req), req.params.planId, req.query),
  })
  r.get('/enrollments/:enrollmentId', {
    schema: { operationId: 'getEnrollment', tags, summary: 'One enrollment and its signature', security: bearer, params: EnrollmentParams, response: { 200: EnrollmentOut, ...problems(404) } },
    handler: (req) => enrollment.getEnrollment(db, ctxOf(req), req.params.enrollmentId),
  })
  r.get('/enrollments/:enrollmentId/agreement.pdf', {
    schema: {
      operationId: 'getAgreementPdf',
      tags,
      summary: 'The care agreement: before signing the same bytes on every request, after signing the signed PDF with its certificate page',
      security: bearer,
      params: EnrollmentParams,
      produces: ['application/pdf'],
      response: { 200: PdfOut, ...problems(404) },
    },
    handler: async (req, reply) => {
      const { pdf, sha256, signed } = await enrollment.getAgreementPdf(db, ctxOf(req), req.params.enrollmentId)
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="care-agreement-${req.params.enrollmentId}${signed ? '-signed' : ''}.pdf"`)
        .header('x-document-sha256', sha256)
        .header('etag', `"${sha256}"`)
        .header('cache-control', 'private, no-cache')
        .send(pdf)
    },
  })
  r.post('/enrollments/:enrollmentId/agreement/sign', {
    schema: { operationId: 'signAgreement', tags, summary: 'The guardian signs the care agreement with their typed name; the enrollment becomes active', security: bearer, params: EnrollmentParams, body: SignAgreementBody, response: { 200: EnrollmentOut, ...problems(403, 404, 409, 422) } },
    handler: (req) => enrollment.signAgreement(db, ctxOf(req), req.params.enrollmentId, req.body),
  })
  r.post('/enrollments/:enrollmentId/withdraw', {
    schema: { operationId: 'withdrawEnrollment', tags, summary: 'The guardian withdraws the child from a date; the wait list moves up', security: bearer, params: EnrollmentParams, body: WithdrawEnrollmentBody, response: { 200: EnrollmentOut, ...problems(403, 404, 409, 422) } },
    handler: (req) => enrollment.withdrawEnrollment(db, ctxOf(req), req.params.enrollmentId, req.body),
  })
}

import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Db } from '../../db/index.js'
import { ctxOf } from '../../http/auth.js'
import { pageOf } from '../../http/pagination.js'
import { defineRoutes } from '../../http/route.js'
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
export const PdfOut = z.custom<Buffer>((v) => Buffer.isBuffer(v)).meta({ type: 'string', format: 'binary' })

export async function enrollmentRoutes(app: FastifyInstance, opts: { db: Db; hooks: enrollment.EnrollmentHooks }) {
  const { db, hooks } = opts
  const route = defineRoutes(app, 'enrollment')

  route({
    method: 'POST',
    url: '/plans/:planId/applications',
    operationId: 'createApplication',
    summary: 'A parent applies for a place for their child, signing with their typed name',
    description: 'A parent of the committee, for their own child (rule 1, voluntary). Only a plan the school approved takes applications.',
    params: PlanParams,
    body: CreateApplicationBody,
    reply: { status: 201, schema: ApplicationOut },
    errors: [403, 404, 409, 422],
    handler: (req) => enrollment.createApplication(db, ctxOf(req), req.params.planId, req.body),
  })
  route({
    method: 'GET',
    url: '/plans/:planId/applications',
    operationId: 'listApplications',
    summary: "A plan's applications",
    description: 'The committee and the school see all of them; a parent only their own.',
    params: PlanParams,
    querystring: ListApplicationsQuery,
    reply: { schema: pageOf(ApplicationOut) },
    errors: [404],
    handler: (req) => enrollment.listApplications(db, ctxOf(req), req.params.planId, req.query),
  })
  route({
    method: 'GET',
    url: '/applications/:applicationId',
    operationId: 'getApplication',
    summary: 'One application with its reviews and wait-list place',
    description: 'The family that applied, the committee and the school; anyone else gets 404.',
    params: ApplicationParams,
    reply: { schema: ApplicationOut },
    errors: [404],
    handler: (req) => enrollment.getApplication(db, ctxOf(req), req.params.applicationId),
  })
  route({
    method: 'POST',
    url: '/applications/:applicationId/review',
    operationId: 'reviewApplication',
    summary: 'First review (committee), then approval (school) of an application',
    description:
      'A submitted application gets the first review of the committee chair or a member; an accepted one the approval of a school reviewer. An approval beyond capacity wait-lists. Nobody reviews their own family. Either reviewer may strike an unsupported priority claim with a reason (strikePriority): the family sees it, and admission order follows.',
    params: ApplicationParams,
    body: ReviewApplicationBody,
    reply: { schema: ApplicationOut },
    errors: [403, 404, 409, 422],
    handler: (req) => enrollment.reviewApplication(db, ctxOf(req), req.params.applicationId, req.body),
  })
  route({
    method: 'POST',
    url: '/applications/:applicationId/withdraw',
    operationId: 'withdrawApplication',
    summary: 'The guardian withdraws an application that holds no place yet',
    description: 'The guardian who applied.',
    params: ApplicationParams,
    body: WithdrawApplicationBody,
    reply: { schema: ApplicationOut },
    errors: [403, 404, 409],
    handler: (req) => enrollment.withdrawApplication(db, ctxOf(req), req.params.applicationId, req.body.reason),
  })
  route({
    method: 'POST',
    url: '/plans/:planId/admissions/run',
    operationId: 'runAdmission',
    summary: 'Give the places free today to the wait list',
    description: 'The chair or a school reviewer, e.g. on the day a withdrawal from a later date takes effect. Running it twice changes nothing.',
    params: PlanParams,
    reply: { schema: AdmissionRunOut },
    errors: [403, 404, 422],
    handler: (req) => enrollment.runAdmission(db, ctxOf(req), req.params.planId),
  })
  route({
    method: 'GET',
    url: '/plans/:planId/enrollments',
    operationId: 'listEnrollments',
    summary: "A plan's enrollments",
    description: 'The committee and the school see all of them; a parent only their own children.',
    params: PlanParams,
    querystring: ListEnrollmentsQuery,
    reply: { schema: pageOf(EnrollmentOut) },
    errors: [404],
    handler: (req) => enrollment.listEnrollments(db, ctxOf(req), req.params.planId, req.query),
  })
  route({
    method: 'GET',
    url: '/enrollments/:enrollmentId',
    operationId: 'getEnrollment',
    summary: 'One enrollment and its signature',
    description: 'The guardian, the committee and the school.',
    params: EnrollmentParams,
    reply: { schema: EnrollmentOut },
    errors: [404],
    handler: (req) => enrollment.getEnrollment(db, ctxOf(req), req.params.enrollmentId),
  })
  route({
    method: 'GET',
    url: '/enrollments/:enrollmentId/agreement.pdf',
    operationId: 'getAgreementPdf',
    summary: 'The care agreement as a PDF',
    description:
      'The guardian, the committee and the school. Before signing, the same bytes on every request; after, the signed PDF with its certificate page. Header x-document-sha256 carries the SHA-256 of the bytes.',
    params: EnrollmentParams,
    reply: { schema: PdfOut, media: 'application/pdf', description: 'The agreement' },
    errors: [404],
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
  route({
    method: 'POST',
    url: '/enrollments/:enrollmentId/agreement/sign',
    operationId: 'signAgreement',
    summary: 'The guardian signs the care agreement with their typed name',
    description: 'The guardian who applied, nobody on their behalf. The enrollment becomes active; care starts on or after the signing day.',
    params: EnrollmentParams,
    body: SignAgreementBody,
    reply: { schema: EnrollmentOut },
    errors: [403, 404, 409, 422],
    handler: (req) => enrollment.signAgreement(db, ctxOf(req), req.params.enrollmentId, req.body),
  })
  route({
    method: 'POST',
    url: '/enrollments/:enrollmentId/withdraw',
    operationId: 'withdrawEnrollment',
    summary: 'The guardian withdraws the child from a date',
    description:
      'The guardian. The first day without care is today or later; the wait list moves up when the place frees. A charge already made for days from then on (a month billed ahead, the term) is corrected at once, by the plan’s partial-month rule.',
    params: EnrollmentParams,
    body: WithdrawEnrollmentBody,
    reply: { schema: EnrollmentOut },
    errors: [403, 404, 409, 422],
    handler: (req) => enrollment.withdrawEnrollment(db, ctxOf(req), req.params.enrollmentId, req.body, hooks),
  })
}

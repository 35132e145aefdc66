import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Db } from '../../db/index.js'
import { ctxOf } from '../../http/auth.js'
import { PageQuery, pageOf } from '../../http/pagination.js'
import { bearer, problems } from '../../http/responses.js'
import {
  CommitteePlansParams,
  CreatePlanBody,
  DemandResponseBody,
  DemandResponseOut,
  DemandSummaryOut,
  PlanOut,
  PlanParams,
  PlanVersionOut,
  ReviewPlanBody,
  UpdatePlanBody,
} from './schemas.js'
import * as plans from './service.js'

export async function planRoutes(app: FastifyInstance, opts: { db: Db }) {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const { db } = opts
  const tags = ['plans']

  r.post('/committees/:committeeId/plans', {
    schema: { operationId: 'createPlan', tags, summary: 'Draft a care plan for a term (chair or treasurer)', security: bearer, params: CommitteePlansParams, body: CreatePlanBody, response: { 201: PlanOut, ...problems(403, 404, 422) } },
    handler: async (req, reply) => reply.code(201).send(await plans.createPlan(db, ctxOf(req), req.params.committeeId, req.body)),
  })
  r.get('/committees/:committeeId/plans', {
    schema: { operationId: 'listPlans', tags, summary: "The committee's care plans (parents see them once demand is asked)", security: bearer, params: CommitteePlansParams, querystring: PageQuery, response: { 200: pageOf(PlanOut), ...problems(404) } },
    handler: (req) => plans.listPlans(db, ctxOf(req), req.params.committeeId, req.query),
  })
  r.get('/plans/:planId', {
    schema: { operationId: 'getPlan', tags, summary: 'One care plan, with the cost per student its budget implies beside the fee', security: bearer, params: PlanParams, response: { 200: PlanOut, ...problems(404) } },
    handler: (req) => plans.getPlan(db, ctxOf(req), req.params.planId),
  })
  r.patch('/plans/:planId', {
    schema: {
      operationId: 'updatePlan',
      tags,
      summary: 'Edit the working copy (draft, demand open or returned); an approved plan changes only through a revision',
      security: bearer,
      params: PlanParams,
      body: UpdatePlanBody,
      response: { 200: PlanOut, ...problems(403, 404, 409, 422) },
    },
    handler: (req) => plans.updatePlan(db, ctxOf(req), req.params.planId, req.body),
  })
  r.post('/plans/:planId/revise', {
    schema: { operationId: 'revisePlan', tags, summary: 'Open an approved plan for a new version; the approved version stays in force until the next is approved', security: bearer, params: PlanParams, response: { 200: PlanOut, ...problems(403, 404, 409) } },
    handler: (req) => plans.revisePlan(db, ctxOf(req), req.params.planId),
  })
  r.post('/plans/:planId/demand/open', {
    schema: { operationId: 'openDemand', tags, summary: "Open the demand survey: parents say whether they need care (rule 2, demand first)", security: bearer, params: PlanParams, response: { 200: PlanOut, ...problems(403, 404, 409) } },
    handler: (req) => plans.openDemand(db, ctxOf(req), req.params.planId),
  })
  r.put('/plans/:planId/demand/responses/me', {
    schema: { operationId: 'submitDemandResponse', tags, summary: "A parent's answer to the demand survey; answering again replaces it", security: bearer, params: PlanParams, body: DemandResponseBody, response: { 200: DemandResponseOut, ...problems(403, 404, 409, 422) } },
    handler: (req) => plans.submitDemandResponse(db, ctxOf(req), req.params.planId, req.body),
  })
  r.get('/plans/:planId/demand', {
    schema: { operationId: 'getDemandSummary', tags, summary: 'Totals of the demand survey, and the caller\'s own answer', security: bearer, params: PlanParams, response: { 200: DemandSummaryOut, ...problems(404) } },
    handler: (req) => plans.getDemandSummary(db, ctxOf(req), req.params.planId),
  })
  r.post('/plans/:planId/submit', {
    schema: { operationId: 'submitPlan', tags, summary: 'Freeze the working copy as a new version with its demand count and send it to the school (chair)', security: bearer, params: PlanParams, response: { 201: PlanVersionOut, ...problems(403, 404, 409, 422) } },
    handler: async (req, reply) => reply.code(201).send(await plans.submitPlan(db, ctxOf(req), req.params.planId)),
  })
  r.post('/plans/:planId/review', {
    schema: { operationId: 'reviewPlan', tags, summary: 'Approve the submitted version, or return it with a comment (school reviewer)', security: bearer, params: PlanParams, body: ReviewPlanBody, response: { 200: PlanVersionOut, ...problems(403, 404, 409) } },
    handler: (req) => plans.reviewPlan(db, ctxOf(req), req.params.planId, req.body),
  })
  r.get('/plans/:planId/versions', {
    schema: { operationId: 'listPlanVersions', tags, summary: 'Every submitted version and the school\'s decision on it (committee, school)', security: bearer, params: PlanParams, response: { 200: z.object({ items: z.array(PlanVersionOut) }), ...problems(403, 404) } },
    handler: (req) => plans.listPlanVersions(db, ctxOf(req), req.params.planId),
  })
}

import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Db } from '../../db/index.js'
import { ctxOf } from '../../http/auth.js'
import { PageQuery, pageOf } from '../../http/pagination.js'
import { defineRoutes } from '../../http/route.js'
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

export async function planRoutes(app: FastifyInstance, opts: { db: Db; hooks: plans.PlanHooks }) {
  const { db, hooks } = opts
  const route = defineRoutes(app, 'plans')

  route({
    method: 'POST',
    url: '/committees/:committeeId/plans',
    operationId: 'createPlan',
    summary: 'Draft a care plan for a term',
    description:
      "The chair or the treasurer. Content, hours within the school's policy window, billing, fee standard, places and budget; the cost per student the budget implies is shown beside the fee.",
    params: CommitteePlansParams,
    body: CreatePlanBody,
    reply: { status: 201, schema: PlanOut },
    errors: [403, 404, 422],
    handler: (req) => plans.createPlan(db, ctxOf(req), req.params.committeeId, req.body),
  })
  route({
    method: 'GET',
    url: '/committees/:committeeId/plans',
    operationId: 'listPlans',
    summary: "The committee's care plans",
    description: 'Officers and the school see drafts too; parents see a plan once demand is asked.',
    params: CommitteePlansParams,
    querystring: PageQuery,
    reply: { schema: pageOf(PlanOut) },
    errors: [404],
    handler: (req) => plans.listPlans(db, ctxOf(req), req.params.committeeId, req.query),
  })
  route({
    method: 'GET',
    url: '/plans/:planId',
    operationId: 'getPlan',
    summary: 'One care plan, with the cost per student its budget implies beside the fee',
    description: 'Officers and the school; parents once demand is asked.',
    params: PlanParams,
    reply: { schema: PlanOut },
    errors: [404],
    handler: (req) => plans.getPlan(db, ctxOf(req), req.params.planId),
  })
  route({
    method: 'PATCH',
    url: '/plans/:planId',
    operationId: 'updatePlan',
    summary: 'Edit the working copy (draft, demand open or returned)',
    description: 'The chair or the treasurer. An approved plan changes only through a revision and a new version the school approves.',
    params: PlanParams,
    body: UpdatePlanBody,
    reply: { schema: PlanOut },
    errors: [403, 404, 409, 422],
    handler: (req) => plans.updatePlan(db, ctxOf(req), req.params.planId, req.body),
  })
  route({
    method: 'POST',
    url: '/plans/:planId/revise',
    operationId: 'revisePlan',
    summary: 'Open an approved plan for a new version',
    description: 'The chair or the treasurer. The approved version stays in force (billing, agreements) until the school approves the next.',
    params: PlanParams,
    reply: { schema: PlanOut },
    errors: [403, 404, 409],
    handler: (req) => plans.revisePlan(db, ctxOf(req), req.params.planId),
  })
  route({
    method: 'POST',
    url: '/plans/:planId/demand/open',
    operationId: 'openDemand',
    summary: 'Open the demand survey (rule 2, demand first)',
    description: 'The chair or the treasurer: parents of the committee say whether they need care before the plan goes to the school.',
    params: PlanParams,
    reply: { schema: PlanOut },
    errors: [403, 404, 409],
    handler: (req) => plans.openDemand(db, ctxOf(req), req.params.planId),
  })
  route({
    method: 'PUT',
    url: '/plans/:planId/demand/responses/me',
    operationId: 'submitDemandResponse',
    summary: "A parent's answer to the demand survey",
    description: 'A parent of the committee; answering again replaces the earlier answer.',
    params: PlanParams,
    body: DemandResponseBody,
    reply: { schema: DemandResponseOut },
    errors: [403, 404, 409, 422],
    handler: (req) => plans.submitDemandResponse(db, ctxOf(req), req.params.planId, req.body),
  })
  route({
    method: 'GET',
    url: '/plans/:planId/demand',
    operationId: 'getDemandSummary',
    summary: "Totals of the demand survey, and the caller's own answer",
    description: 'Everyone who may see the plan.',
    params: PlanParams,
    reply: { schema: DemandSummaryOut },
    errors: [404],
    handler: (req) => plans.getDemandSummary(db, ctxOf(req), req.params.planId),
  })
  route({
    method: 'POST',
    url: '/plans/:planId/submit',
    operationId: 'submitPlan',
    summary: 'Freeze the working copy as a new version and send it to the school',
    description:
      'The chair. The version carries the demand count; the school reviews exactly that version. `warnings` says what the school will refuse until fixed, e.g. a term reaching into a year whose holidays nobody has confirmed.',
    params: PlanParams,
    reply: { status: 201, schema: PlanVersionOut },
    errors: [403, 404, 409, 422],
    handler: (req) => plans.submitPlan(db, ctxOf(req), req.params.planId, hooks),
  })
  route({
    method: 'POST',
    url: '/plans/:planId/review',
    operationId: 'reviewPlan',
    summary: 'Approve the submitted version, or return it with a comment',
    description:
      "A reviewer of the plan's school. Nothing is billed before a version is approved, and no version is approved while its term reaches into a year with no holiday calendar (calendar-year-not-confirmed): the school confirms that year first.",
    params: PlanParams,
    body: ReviewPlanBody,
    reply: { schema: PlanVersionOut },
    errors: [403, 404, 409, 422],
    handler: (req) => plans.reviewPlan(db, ctxOf(req), req.params.planId, req.body, hooks),
  })
  route({
    method: 'GET',
    url: '/plans/:planId/versions',
    operationId: 'listPlanVersions',
    summary: "Every submitted version and the school's decision on it",
    description: 'Committee officers and the school.',
    params: PlanParams,
    reply: { schema: z.object({ items: z.array(PlanVersionOut) }) },
    errors: [403, 404],
    handler: (req) => plans.listPlanVersions(db, ctxOf(req), req.params.planId),
  })
}

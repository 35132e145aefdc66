import type { FastifyInstance } from 'fastify'
import type { Db } from '../../db/index.js'
import { ctxOf } from '../../http/auth.js'
import { PageQuery, pageOf } from '../../http/pagination.js'
import { defineRoutes } from '../../http/route.js'
import { CommitteeParams } from '../schools/schemas.js'
import { CreateStaffBody, StaffOut } from './schemas.js'
import * as staff from './service.js'

export async function staffRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts
  const route = defineRoutes(app, 'staff')

  route({
    method: 'POST',
    url: '/committees/:committeeId/staff',
    operationId: 'createStaff',
    summary: 'Record a care staff member after their background check',
    description: 'The chair (rule 8). The certificate number of the background check is kept and shown masked.',
    params: CommitteeParams,
    body: CreateStaffBody,
    reply: { status: 201, schema: StaffOut },
    errors: [403, 404, 409, 422],
    handler: (req) => staff.createStaff(db, ctxOf(req), req.params.committeeId, req.body),
  })
  route({
    method: 'GET',
    url: '/committees/:committeeId/staff',
    operationId: 'listStaff',
    summary: "The committee's care staff",
    description: 'Committee officers and the school.',
    params: CommitteeParams,
    querystring: PageQuery,
    reply: { schema: pageOf(StaffOut) },
    errors: [403, 404],
    handler: (req) => staff.listStaff(db, ctxOf(req), req.params.committeeId, req.query),
  })
}

import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Db } from '../../db/index.js'
import { ctxOf } from '../../http/auth.js'
import { PageQuery, pageOf } from '../../http/pagination.js'
import { bearer, problems } from '../../http/responses.js'
import { CommitteeParams } from '../schools/schemas.js'
import { CreateStaffBody, StaffOut } from './schemas.js'
import * as staff from './service.js'

export async function staffRoutes(app: FastifyInstance, opts: { db: Db }) {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const { db } = opts
  const tags = ['staff']

  r.post('/committees/:committeeId/staff', {
    schema: { operationId: 'createStaff', tags, summary: 'Record a care staff member after their background check (chair)', security: bearer, params: CommitteeParams, body: CreateStaffBody, response: { 201: StaffOut, ...problems(403, 404, 409, 422) } },
    handler: async (req, reply) => reply.code(201).send(await staff.createStaff(db, ctxOf(req), req.params.committeeId, req.body)),
  })
  r.get('/committees/:committeeId/staff', {
    schema: { operationId: 'listStaff', tags, summary: "The committee's care staff", security: bearer, params: CommitteeParams, querystring: PageQuery, response: { 200: pageOf(StaffOut), ...problems(403, 404) } },
    handler: (req) => staff.listStaff(db, ctxOf(req), req.params.committeeId, req.query),
  })
}

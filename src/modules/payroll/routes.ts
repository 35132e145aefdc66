import type { FastifyInstance } from 'fastify'
import type { Db } from '../../db/index.js'
import { ctxOf } from '../../http/auth.js'
import { defineRoutes } from '../../http/route.js'
import { CommitteeParams, StaffPayOut, StaffPayQuery } from './schemas.js'
import * as payroll from './service.js'

export async function payrollRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts
  const route = defineRoutes(app, 'staff')
  route({
    method: 'GET',
    url: '/committees/:committeeId/staff-pay',
    operationId: 'getStaffPay',
    summary: "A month's pay of the care staff, per hiring contract, from the duty records",
    description:
      'Committee officers and the school. Hourly: the minutes signed in; per session: the sessions; monthly: the month prorated by the days the contract covers. Only days a signed contract covers are paid; nothing after a termination.',
    params: CommitteeParams,
    querystring: StaffPayQuery,
    reply: { schema: StaffPayOut },
    errors: [403, 404],
    handler: (req) => payroll.getStaffPay(db, ctxOf(req), req.params.committeeId, req.query),
  })
}

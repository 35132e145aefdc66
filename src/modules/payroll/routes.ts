import type { FastifyInstance } from 'fastify'
import type { Db } from '../../db/index.js'
import { ctxOf } from '../../http/auth.js'
import { defineRoutes } from '../../http/route.js'
import { ExpenseOut } from '../expenses/schemas.js'
import { CommitteeParams, ProposeStaffPayBody, StaffPayOut, StaffPayQuery } from './schemas.js'
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
  route({
    method: 'POST',
    url: '/committees/:committeeId/staff-pay/expenses',
    operationId: 'proposeStaffPayExpense',
    summary: "Propose a month's pay under one hiring contract as an expense, from the duty records",
    description:
      "The treasurer (the school's finance office where the school collects), once the month is over and every shift of it signed out. Records the expense on the plan's budget line (default 人员劳务) naming the contract and the month, for the amount the duty records say, the payee published by role only; a chair or auditor approves it like any other. A month is proposed once while its proposal stands. Send an Idempotency-Key.",
    params: CommitteeParams,
    body: ProposeStaffPayBody,
    idempotent: true,
    reply: { status: 201, schema: ExpenseOut },
    errors: [403, 404, 409, 422],
    handler: (req) => payroll.recordStaffPayExpense(db, ctxOf(req), req.params.committeeId, req.body, req.idempotencyKey?.key),
  })
}

import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Db } from '../../db/index.js'
import { ctxOf } from '../../http/auth.js'
import { PageQuery, pageOf } from '../../http/pagination.js'
import { defineRoutes } from '../../http/route.js'
import { AttachmentParams, CommitteeParams, ExpenseOut, ExpenseParams, PlanParams, RecordExpenseBody, RejectExpenseBody } from './schemas.js'
import * as expenses from './service.js'

const FileOut = z.custom<Buffer>((v) => Buffer.isBuffer(v)).meta({ type: 'string', format: 'binary' })

export async function expenseRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts
  const route = defineRoutes(app, 'expenses')

  route({
    method: 'POST',
    url: '/committees/:committeeId/expenses',
    operationId: 'recordExpense',
    summary: 'Record an expense with its receipts; it is posted once a chair or auditor approves it',
    description:
      'The treasurer (the school\'s finance office where the school collects). The category is one of the budget lines of the plan\'s approved version, never venue or utilities; within the term; never past what the line has left. Receipts (JPEG, PNG or PDF by content, at most five of 5 MB) come as multipart/form-data: the fields as JSON in a part named "json", each receipt a file part.',
    params: CommitteeParams,
    body: RecordExpenseBody,
    multipart: true,
    idempotent: true,
    reply: { status: 201, schema: ExpenseOut },
    errors: [403, 404, 413, 415, 422],
    handler: (req) => {
      const { files, ...input } = req.body
      return expenses.recordExpense(db, ctxOf(req), req.params.committeeId, input, files, req.idempotencyKey?.key)
    },
  })
  route({
    method: 'POST',
    url: '/expenses/:expenseId/approve',
    operationId: 'approveExpense',
    summary: 'Approve an expense: it is posted to the books',
    description: 'The chair or an auditor who did not record it (four eyes). The budget line is checked again.',
    params: ExpenseParams,
    idempotent: true,
    reply: { schema: ExpenseOut },
    errors: [403, 404, 409, 422],
    handler: (req) => expenses.approveExpense(db, ctxOf(req), req.params.expenseId),
  })
  route({
    method: 'POST',
    url: '/expenses/:expenseId/reject',
    operationId: 'rejectExpense',
    summary: 'Reject an expense with a reason the recorder sees',
    description: 'The chair or an auditor who did not record it.',
    params: ExpenseParams,
    body: RejectExpenseBody,
    reply: { schema: ExpenseOut },
    errors: [403, 404, 409],
    handler: (req) => expenses.rejectExpense(db, ctxOf(req), req.params.expenseId, req.body.reason),
  })
  route({
    method: 'GET',
    url: '/plans/:planId/expenses',
    operationId: 'listExpenses',
    summary: "A plan's expenses, pending and decided",
    description: 'The committee and the school. The public sees them in the monthly statements, payees who are persons by role only.',
    params: PlanParams,
    querystring: PageQuery,
    reply: { schema: pageOf(ExpenseOut) },
    errors: [404],
    handler: (req) => expenses.listExpenses(db, ctxOf(req), req.params.planId, req.query),
  })
  route({
    method: 'GET',
    url: '/expenses/:expenseId',
    operationId: 'getExpense',
    summary: 'One expense with its decision and receipts',
    description: 'The committee and the school.',
    params: ExpenseParams,
    reply: { schema: ExpenseOut },
    errors: [404],
    handler: (req) => expenses.getExpense(db, ctxOf(req), req.params.expenseId),
  })
  route({
    method: 'GET',
    url: '/expenses/:expenseId/attachments/:attachmentId',
    operationId: 'getExpenseAttachment',
    summary: 'A receipt attached to an expense',
    description: 'The committee and the school. Served with its SHA-256 as a strong ETag.',
    params: AttachmentParams,
    reply: { schema: FileOut, media: ['image/jpeg', 'image/png', 'application/pdf'], description: 'The receipt, as it was uploaded' },
    errors: [404],
    handler: async (req, reply) => {
      const file = await expenses.getExpenseAttachment(db, ctxOf(req), req.params.expenseId, req.params.attachmentId)
      return reply
        .type(file.contentType)
        .header('etag', `"${file.sha256}"`)
        .header('cache-control', 'private, max-age=3600')
        .header('x-content-type-options', 'nosniff')
        .send(file.bytes)
    },
  })
}

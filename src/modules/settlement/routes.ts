import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Db } from '../../db/index.js'
import { ctxOf } from '../../http/auth.js'
import { CSV_TYPE, toCsv } from '../../http/csv.js'
import { defineRoutes } from '../../http/route.js'
import { formatYuan } from '../../money.js'
import {
  CommitBody,
  EnrollmentParams,
  PlanParams,
  PreviewBody,
  PreviewOut,
  ProposalOut,
  RefundListOut,
  RefundOut,
  RefundPaidBody,
  RefundParams,
  SettledOut,
  WriteOffBody,
  WriteOffOut,
} from './schemas.js'
import * as settlement from './service.js'

const PdfOut = z.custom<Buffer>((v) => Buffer.isBuffer(v)).meta({ type: 'string', format: 'binary' })

export async function settlementRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts
  const route = defineRoutes(app, 'settlement')

  route({
    method: 'POST',
    url: '/plans/:planId/settlement/preview',
    operationId: 'previewSettlement',
    summary: "The term's settlement as it would be now",
    description:
      'The treasurer, the auditor, the chair and the school, at any time of the term: totals, surplus or deficit, what is carried over and why, each family’s refund (its share of the surplus by what it paid net of its held credit, and that credit), and what still stands in the way of committing it (arrears, expenses awaiting approval, unpublished months, the term not yet ended).',
    params: PlanParams,
    body: PreviewBody,
    reply: { schema: PreviewOut },
    errors: [403, 404, 409, 422],
    handler: (req) => settlement.previewSettlement(db, ctxOf(req), req.params.planId, req.body),
  })
  route({
    method: 'POST',
    url: '/plans/:planId/settlement',
    operationId: 'commitSettlement',
    summary: 'Propose the settlement of the term (treasurer)',
    description:
      'From the term’s last day, once every month is published, no expense awaits approval and no family owes anything. A chair or auditor confirms it (confirmSettlement). A deficit says how it was covered.',
    params: PlanParams,
    body: CommitBody,
    idempotent: true,
    reply: { status: 201, schema: ProposalOut },
    errors: [403, 404, 409, 422],
    handler: (req) => settlement.commitSettlement(db, ctxOf(req), req.params.planId, req.body),
  })
  route({
    method: 'POST',
    url: '/plans/:planId/settlement/confirm',
    operationId: 'confirmSettlement',
    summary: 'Confirm the proposed settlement: refunds posted, the fund closed, the settlement published',
    description: 'A chair or auditor who did not propose it (four eyes). All in one transaction; refused if the books changed since the proposal.',
    params: PlanParams,
    idempotent: true,
    reply: { schema: SettledOut },
    errors: [403, 404, 409, 422],
    handler: (req) => settlement.confirmSettlement(db, ctxOf(req), req.params.planId),
  })
  route({
    method: 'POST',
    url: '/enrollments/:enrollmentId/arrears/write-off',
    operationId: 'writeOffArrears',
    summary: "Write off a family's arrears with a reason",
    description: 'The chair or an auditor, before the term is settled. The write-off reduces fee income and appears in the statements.',
    params: EnrollmentParams,
    body: WriteOffBody,
    idempotent: true,
    reply: { status: 201, schema: WriteOffOut },
    errors: [403, 404, 409, 422],
    handler: (req) => settlement.writeOffArrears(db, ctxOf(req), req.params.enrollmentId, req.body.reason),
  })
  route({
    method: 'POST',
    url: '/refunds/:refundId/paid',
    operationId: 'markRefundPaid',
    summary: 'Record that a refund was paid to the family',
    description: 'The plan’s collector: channel, date and transaction number. Out of the settled fund’s cash; its receipt can then be printed.',
    params: RefundParams,
    body: RefundPaidBody,
    idempotent: true,
    reply: { schema: RefundOut },
    errors: [403, 404, 409, 422],
    handler: (req) => settlement.markRefundPaid(db, ctxOf(req), req.params.refundId, req.body),
  })
  route({
    method: 'GET',
    url: '/refunds/:refundId',
    operationId: 'getRefund',
    summary: 'One refund and whether it is paid',
    description: 'The family, the committee and the school.',
    params: RefundParams,
    reply: { schema: RefundOut },
    errors: [404],
    handler: (req) => settlement.getRefund(db, ctxOf(req), req.params.refundId),
  })
  route({
    method: 'GET',
    url: '/refunds/:refundId/receipt.pdf',
    operationId: 'getRefundReceiptPdf',
    summary: 'The receipt of a paid refund (退费凭证)',
    description: 'The family, the committee and the school, once the refund is paid.',
    params: RefundParams,
    reply: { schema: PdfOut, media: 'application/pdf', description: 'The receipt' },
    errors: [404, 409],
    handler: async (req, reply) =>
      reply
        .type('application/pdf')
        .header('cache-control', 'private, no-cache')
        .send(await settlement.getRefundReceiptPdf(db, ctxOf(req), req.params.refundId)),
  })
  route({
    method: 'GET',
    url: '/enrollments/:enrollmentId/refunds',
    operationId: 'listFamilyRefunds',
    summary: "A family's refunds and whether they are paid",
    description: 'The guardian (their own family only), the committee and the school.',
    params: EnrollmentParams,
    reply: { schema: z.object({ items: z.array(RefundOut) }) },
    errors: [404],
    handler: (req) => settlement.listFamilyRefunds(db, ctxOf(req), req.params.enrollmentId),
  })
  route({
    method: 'GET',
    url: '/plans/:planId/refunds',
    operationId: 'listRefunds',
    summary: "A settled term's refunds, unpaid ones counted",
    description: 'The committee and the school.',
    params: PlanParams,
    reply: { schema: RefundListOut },
    errors: [404],
    handler: (req) => settlement.listRefunds(db, ctxOf(req), req.params.planId),
  })
  route({
    method: 'GET',
    url: '/plans/:planId/refunds.csv',
    operationId: 'listRefundsCsv',
    summary: "A settled term's refunds as CSV",
    description: 'The committee and the school; UTF-8 with BOM.',
    params: PlanParams,
    reply: { schema: z.string(), media: 'text/csv', description: 'The refunds' },
    errors: [404],
    handler: async (req, reply) => {
      const r = await settlement.listRefunds(db, ctxOf(req), req.params.planId)
      const csv = toCsv(
        ['退费编号', '学生', '班级', '监护人', '联系电话', '结余分摊（元）', '余额退还（元）', '合计（元）', '状态', '退款日期', '交易单号'],
        r.items.map((i) => [
          i.refundNo,
          i.student.name,
          i.student.className,
          i.guardian.name,
          i.guardian.phone,
          formatYuan(i.shareFen),
          formatYuan(i.heldFen),
          formatYuan(i.amountFen),
          i.status === 'paid' ? '已退' : '未退',
          i.payment?.paidAt.toISOString().slice(0, 10) ?? '',
          i.payment?.reference ?? '',
        ]),
      )
      return reply.type(CSV_TYPE).header('content-disposition', `attachment; filename="refunds-${req.params.planId}.csv"`).header('cache-control', 'private, no-store').send(csv)
    },
  })
}

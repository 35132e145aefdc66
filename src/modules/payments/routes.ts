import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Db } from '../../db/index.js'
import { ctxOf } from '../../http/auth.js'
import { defineRoutes } from '../../http/route.js'
import { CommitteeParams, EnrollmentParams, FamilyAccountOut, PaymentOut, PaymentParams, RecordPaymentBody, ReversePaymentBody } from './schemas.js'
import * as payments from './service.js'

const PdfOut = z.custom<Buffer>((v) => Buffer.isBuffer(v)).meta({ type: 'string', format: 'binary' })

export async function paymentRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts
  const route = defineRoutes(app, 'payments')

  route({
    method: 'POST',
    url: '/committees/:committeeId/payments',
    operationId: 'recordPayment',
    summary: "Record a family's payment; it gets the next receipt number",
    description:
      "The plan's collector: the treasurer, or the school's finance office where the school collects. Pays the oldest open charges; the rest is the family's credit, at most what the rest of the term would cost. The same family, amount and channel within a day, or a transaction number already recorded, answers 409 possible-duplicate unless confirmDuplicate is sent. Send an Idempotency-Key: a retry replays the first answer.",
    params: CommitteeParams,
    body: RecordPaymentBody,
    idempotent: true,
    reply: { status: 201, schema: PaymentOut },
    errors: [403, 404, 409, 422],
    handler: (req) => payments.recordPayment(db, ctxOf(req), req.params.committeeId, req.body, req.idempotencyKey?.key),
  })
  route({
    method: 'GET',
    url: '/payments/:paymentId',
    operationId: 'getPayment',
    summary: 'One payment with what it paid',
    description: 'The family, the committee and the school.',
    params: PaymentParams,
    reply: { schema: PaymentOut },
    errors: [404],
    handler: (req) => payments.getPayment(db, ctxOf(req), req.params.paymentId),
  })
  route({
    method: 'POST',
    url: '/payments/:paymentId/reverse',
    operationId: 'reversePayment',
    summary: 'Reverse a payment recorded in error; its receipt is void',
    description: 'The collector who records the plan’s payments, with a reason. A reversal entry names the payment’s entry; the receipt number is never reused.',
    params: PaymentParams,
    body: ReversePaymentBody,
    idempotent: true,
    reply: { schema: PaymentOut },
    errors: [403, 404, 409],
    handler: (req) => payments.reversePayment(db, ctxOf(req), req.params.paymentId, req.body.reason),
  })
  route({
    method: 'GET',
    url: '/payments/:paymentId/receipt.pdf',
    operationId: 'getReceiptPdf',
    summary: 'The receipt (收款收据) of a payment as a PDF',
    description: 'The family, the committee and the school. Amount in figures and capitals, the months it paid; marked void once reversed.',
    params: PaymentParams,
    reply: { schema: PdfOut, media: 'application/pdf', description: 'The receipt' },
    errors: [404],
    handler: async (req, reply) => {
      const { pdf, receiptNo } = await payments.getReceiptPdf(db, ctxOf(req), req.params.paymentId)
      return reply.type('application/pdf').header('content-disposition', `inline; filename="receipt-${receiptNo}.pdf"`).header('cache-control', 'private, no-cache').send(pdf)
    },
  })
  route({
    method: 'GET',
    url: '/enrollments/:enrollmentId/account',
    operationId: 'getFamilyAccount',
    summary: "A family's account: charges, waivers, credits, payments, receipts and the balance",
    description: 'The guardian (their own family only), the committee and the school.',
    params: EnrollmentParams,
    reply: { schema: FamilyAccountOut },
    errors: [404],
    handler: (req) => payments.getFamilyAccount(db, ctxOf(req), req.params.enrollmentId),
  })
}

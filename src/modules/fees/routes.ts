import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Db } from '../../db/index.js'
import { ctxOf } from '../../http/auth.js'
import { CSV_TYPE, toCsv } from '../../http/csv.js'
import { defineRoutes } from '../../http/route.js'
import { formatYuan } from '../../money.js'
import { ArrearsOut, BillingRunBody, BillingRunOut, CommitteeParams, PlanParams, RecordSubsidyBody, SubsidyClaimOut, SubsidyClaimQuery, SubsidyOut } from './schemas.js'
import * as fees from './service.js'

const PdfOut = z.custom<Buffer>((v) => Buffer.isBuffer(v)).meta({ type: 'string', format: 'binary' })

export async function feeRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts
  const route = defineRoutes(app, 'fees')

  route({
    method: 'POST',
    url: '/plans/:planId/billing-runs',
    operationId: 'runBilling',
    summary: 'Charge every family in care during a period at the approved standard',
    description:
      "The treasurer. A month of the term for a monthly plan, the term for a termly one, from a week before it starts. Each family is charged at the fee standard of the version it signed, by the plan's partial-month rule; low-income families are charged and waived in full. Running it again charges only families not charged yet. Leave credits of months that have ended are booked too.",
    params: PlanParams,
    body: BillingRunBody,
    idempotent: true,
    reply: { status: 201, schema: BillingRunOut },
    errors: [403, 404, 409, 422],
    handler: (req) => fees.runBilling(db, ctxOf(req), req.params.planId, req.body),
  })
  route({
    method: 'GET',
    url: '/plans/:planId/arrears',
    operationId: 'listArrears',
    summary: 'Families with a charge past due and unpaid',
    description: "The committee and the school's finance office; never public. A charge is in arrears once its due date (billed + the plan's due days) has passed.",
    params: PlanParams,
    reply: { schema: ArrearsOut },
    errors: [404],
    handler: (req) => fees.listArrears(db, ctxOf(req), req.params.planId),
  })
  route({
    method: 'GET',
    url: '/plans/:planId/arrears.csv',
    operationId: 'listArrearsCsv',
    summary: 'Arrears as CSV for Excel or WPS',
    description: 'The same list as listArrears, UTF-8 with BOM.',
    params: PlanParams,
    reply: { schema: z.string(), media: 'text/csv', description: 'The arrears' },
    errors: [404],
    handler: async (req, reply) => {
      const a = await fees.listArrears(db, ctxOf(req), req.params.planId)
      const csv = toCsv(
        ['学生', '班级', '监护人', '联系电话', '欠费（元）', '其中逾期（元）', '最早未缴月份', '应缴日期', '逾期天数'],
        a.items.map((i) => [
          i.student.name,
          i.student.className,
          i.guardian.name,
          i.guardian.phone,
          formatYuan(i.owedFen),
          formatYuan(i.overdueFen),
          i.oldestUnpaidPeriod,
          i.dueOn,
          i.daysOverdue,
        ]),
      )
      return reply.type(CSV_TYPE).header('content-disposition', `attachment; filename="arrears-${a.asOf}.csv"`).header('cache-control', 'private, no-store').send(csv)
    },
  })
  route({
    method: 'GET',
    url: '/plans/:planId/subsidy-claim',
    operationId: 'getSubsidyClaim',
    summary: 'The subsidy claim of a month: one line per student',
    description: "The committee and the school; never public. Each student's service days (enrolled or attended, as the plan says) × the rate.",
    params: PlanParams,
    querystring: SubsidyClaimQuery,
    reply: { schema: SubsidyClaimOut },
    errors: [404, 409, 422],
    handler: (req) => fees.getSubsidyClaim(db, ctxOf(req), req.params.planId, req.query.month),
  })
  route({
    method: 'GET',
    url: '/plans/:planId/subsidy-claim.csv',
    operationId: 'getSubsidyClaimCsv',
    summary: 'The subsidy claim of a month as CSV',
    description: 'The committee and the school; UTF-8 with BOM.',
    params: PlanParams,
    querystring: SubsidyClaimQuery,
    reply: { schema: z.string(), media: 'text/csv', description: 'The claim' },
    errors: [404, 409, 422],
    handler: async (req, reply) => {
      const c = await fees.getSubsidyClaim(db, ctxOf(req), req.params.planId, req.query.month)
      const csv = toCsv(
        ['序号', '学生', '班级', '学号', '服务天数', '补贴（元）'],
        [...c.students.map((s, i) => [i + 1, s.name, s.className, s.studentNo, s.days, formatYuan(s.amountFen)]), ['合计', '', '', '', c.studentDays, formatYuan(c.totalFen)]],
      )
      return reply.type(CSV_TYPE).header('content-disposition', `attachment; filename="subsidy-claim-${c.month}.csv"`).header('cache-control', 'private, no-store').send(csv)
    },
  })
  route({
    method: 'GET',
    url: '/plans/:planId/subsidy-claim.pdf',
    operationId: 'getSubsidyClaimPdf',
    summary: 'The subsidy claim of a month as a PDF for the authority',
    description: 'The committee and the school.',
    params: PlanParams,
    querystring: SubsidyClaimQuery,
    reply: { schema: PdfOut, media: 'application/pdf', description: 'The claim' },
    errors: [404, 409, 422],
    handler: async (req, reply) => {
      const pdf = await fees.getSubsidyClaimPdf(db, ctxOf(req), req.params.planId, req.query.month)
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="subsidy-claim-${req.query.month}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(pdf)
    },
  })
  route({
    method: 'POST',
    url: '/committees/:committeeId/subsidies',
    operationId: 'recordSubsidy',
    summary: "Book the subsidy of a month when it arrives, against the month's claim",
    description: "The plan's collector (the treasurer, or the school's finance office where the school collects). At most the claimed amount; once per plan and month.",
    params: CommitteeParams,
    body: RecordSubsidyBody,
    idempotent: true,
    reply: { status: 201, schema: SubsidyOut },
    errors: [403, 404, 409, 422],
    handler: (req) => fees.recordSubsidy(db, ctxOf(req), req.params.committeeId, req.body),
  })
}

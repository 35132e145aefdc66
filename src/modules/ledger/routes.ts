import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Db } from '../../db/index.js'
import { ctxOf } from '../../http/auth.js'
import { CSV_TYPE, toCsv } from '../../http/csv.js'
import { defineRoutes } from '../../http/route.js'
import { JournalOut, PlanParams, TrialBalanceOut } from './schemas.js'
import * as ledger from './service.js'

export async function ledgerRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts
  const route = defineRoutes(app, 'ledger')

  route({
    method: 'GET',
    url: '/plans/:planId/journal',
    operationId: 'getJournal',
    summary: "A fund's journal: every entry with its lines",
    description:
      'The committee and the school. Each entry names its date, the month it is booked in, its source (charge, payment, reversal…) and its lines in signed fen; every entry sums to zero.',
    params: PlanParams,
    reply: { schema: JournalOut },
    errors: [404],
    handler: (req) => ledger.getJournal(db, ctxOf(req), req.params.planId),
  })
  route({
    method: 'GET',
    url: '/plans/:planId/journal.csv',
    operationId: 'getJournalCsv',
    summary: "A fund's journal as CSV, one row per line",
    description: 'The committee and the school. UTF-8 with BOM, so it opens in Excel or WPS on Chinese Windows; an accountant can re-add it in another tool.',
    params: PlanParams,
    reply: { schema: z.string(), media: 'text/csv', description: 'The journal' },
    errors: [404],
    handler: async (req, reply) => {
      const { header, rows } = await ledger.getJournalCsvRows(db, ctxOf(req), req.params.planId)
      return reply.type(CSV_TYPE).header('content-disposition', `attachment; filename="journal-${req.params.planId}.csv"`).send(toCsv(header, rows))
    },
  })
  route({
    method: 'GET',
    url: '/plans/:planId/trial-balance',
    operationId: 'getTrialBalance',
    summary: "A fund's trial balance",
    description: 'The committee and the school: every account’s balance; they sum to zero when the books are whole.',
    params: PlanParams,
    reply: { schema: TrialBalanceOut },
    errors: [404],
    handler: (req) => ledger.getTrialBalance(db, ctxOf(req), req.params.planId),
  })
}

import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Config } from '../../config.js'
import type { Db } from '../../db/index.js'
import { ctxOf } from '../../http/auth.js'
import { CSV_TYPE, toCsv } from '../../http/csv.js'
import { ImmutableCache, sendImmutable } from '../../http/immutable.js'
import { defineRoutes } from '../../http/route.js'
import { CommitteeParams, PublicListOut, PublicPeriodParams, PublicStatementDocument, PublishBody, SlugParams, StatementListOut, StatementOut, VerifyOut } from './schemas.js'
import * as statements from './service.js'

export async function statementRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts
  const route = defineRoutes(app, 'statements')
  route({
    method: 'POST',
    url: '/committees/:committeeId/statements',
    operationId: 'publishStatement',
    summary: "Publish a month's income and expenditure to parents",
    description:
      'The treasurer, once the month has ended (a term’s last month once its last day has passed), months in order. The month is closed for ever: a late item is booked in the next open month as an adjustment naming its date. The statement is the next link of the committee’s hash chain.',
    params: CommitteeParams,
    body: PublishBody,
    idempotent: true,
    reply: { status: 201, schema: StatementOut },
    errors: [403, 404, 409, 422],
    handler: (req) => statements.publishStatement(db, ctxOf(req), req.params.committeeId, req.body.period),
  })
  route({
    method: 'GET',
    url: '/committees/:committeeId/statements',
    operationId: 'listStatements',
    summary: "The committee's published statements",
    description: 'Its officers, parents and the school; the public reads the same at /p/:slug/statements.',
    params: CommitteeParams,
    reply: { schema: StatementListOut },
    errors: [404],
    handler: (req) => statements.listStatements(db, ctxOf(req), req.params.committeeId),
  })
}

const Bytes = z.custom<Buffer>((v) => Buffer.isBuffer(v)).meta({ type: 'string', format: 'binary' })

/** The public ledger: no login, immutable documents with strong ETags. */
export async function publicStatementRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db, config } = opts
  const route = defineRoutes(app, 'public')
  const cache = new ImmutableCache<{ etag: string; body: Buffer }>()
  const doc = (slug: string, period: string, format: 'json' | 'csv' | 'pdf') =>
    cache.get(`${slug.toLowerCase()}|${period}|${format}`, async () => {
      const row = await statements.getPublicStatementRow(db, slug, period)
      if (format === 'json') return { etag: `${row.hash}.json`, body: Buffer.from(statements.publicJson(row)) }
      if (format === 'csv') {
        const { header, rows } = statements.statementCsvRows(row)
        return { etag: `${row.hash}.csv`, body: Buffer.from(toCsv(header, rows)) }
      }
      return { etag: `${row.hash}.pdf`, body: await statements.statementPdf(row, config.publicBaseUrl) }
    })

  route({
    method: 'GET',
    url: '/p/:slug/statements',
    operationId: 'listPublicStatements',
    summary: "A committee's published statements (JSON)",
    description: 'Anyone. Each month’s statement and each term’s settlement, in the order of the hash chain.',
    public: true,
    params: SlugParams,
    reply: { schema: PublicListOut },
    errors: [404],
    handler: (req) => statements.listPublicStatements(db, req.params.slug),
  })
  route({
    method: 'GET',
    url: '/p/:slug/statements/verify',
    operationId: 'verifyStatements',
    summary: 'Recompute the hash chain and name the first statement that does not match',
    description: 'Anyone. hash = SHA-256(previous hash + RFC 8785 canonical JSON of the statement); the first previous hash is "".',
    public: true,
    params: SlugParams,
    reply: { schema: VerifyOut },
    errors: [404],
    handler: (req) => statements.verifyPublicStatements(db, req.params.slug),
  })
  for (const [suffix, operationId, media] of [
    ['', 'getPublicStatement', null],
    ['.json', 'getPublicStatementJson', null],
    ['.csv', 'getPublicStatementCsv', 'text/csv'],
    ['.pdf', 'getPublicStatementPdf', 'application/pdf'],
  ] as const) {
    const format = media === 'text/csv' ? 'csv' : media === 'application/pdf' ? 'pdf' : 'json'
    route({
      method: 'GET',
      url: `/p/:slug/statements/:period${suffix}`,
      operationId,
      summary: `One published statement${format === 'json' ? '' : ` as ${format.toUpperCase()}`}`,
      description: 'Anyone. Immutable: a strong ETag, cached publicly for a year, 304 when unchanged. No child’s or guardian’s name, phone or low-income status appears.',
      public: true,
      params: PublicPeriodParams,
      // The handler sends the stored bytes itself; the schema is what the document says they are.
      reply: media ? { schema: (media === 'text/csv' ? z.string() : Bytes) as z.ZodType, media, description: 'The statement' } : { schema: PublicStatementDocument as z.ZodType },
      errors: [404],
      handler: async (req, reply) => {
        const d = await doc(req.params.slug, req.params.period, format)
        return sendImmutable(req, reply, {
          etag: d.etag,
          type: format === 'json' ? 'application/json; charset=utf-8' : format === 'csv' ? CSV_TYPE : 'application/pdf',
          body: d.body,
          ...(format === 'json' ? {} : { fileName: `statement-${req.params.period}.${format}` }),
        })
      },
    })
  }
}

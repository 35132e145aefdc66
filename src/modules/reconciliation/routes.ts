import type { FastifyInstance } from 'fastify'
import type { Db } from '../../db/index.js'
import { ctxOf } from '../../http/auth.js'
import { PageQuery, pageOf } from '../../http/pagination.js'
import { defineRoutes } from '../../http/route.js'
import { CommitteeParams, ConfirmBody, ImportBody, ImportOut, ImportParams, ImportSummaryOut, MappingBody, MappingOut } from './schemas.js'
import * as reconciliation from './service.js'

export async function reconciliationRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts
  const route = defineRoutes(app, 'reconciliation')

  route({
    method: 'POST',
    url: '/committees/:committeeId/imports',
    operationId: 'importStatement',
    summary: 'Upload a WeChat Pay, Alipay or bank export: proposed payments matched to families',
    description:
      "The treasurer (the school's finance office where the school collects). multipart/form-data with the export as one file part (at most 5 MB): WeChat Pay's 账单明细 (XLSX or CSV), Alipay's 交易明细 (CSV, GBK), ICBC's 明细 CSV, or any bank CSV the committee's saved mapping describes. The file is read whole or refused whole with the line that could not be read. Only incoming, successful rows are kept, each proposed for a family with the reasons, or ambiguous with candidates, or unmatched; transactions already recorded are marked. The file's SHA-256 is kept, the file is not. The same file again, before it is confirmed, answers the same import.",
    params: CommitteeParams,
    body: ImportBody,
    multipart: true,
    idempotent: true,
    reply: { status: 201, schema: ImportOut },
    errors: [403, 404, 413, 415, 422],
    handler: async (req) => (await reconciliation.importStatement(db, ctxOf(req), req.params.committeeId, req.body.files[0]!)).view,
  })
  route({
    method: 'POST',
    url: '/imports/:importId/confirm',
    operationId: 'confirmImport',
    summary: 'Confirm, correct or skip the rows of an import: the confirmed ones become payments',
    description:
      'The treasurer (or the school’s finance office). Each listed row is confirmed (for the proposed family, or the one given) or skipped; rows not listed are confirmed when matched (acceptMatched, default) and skipped otherwise. In one transaction the confirmed rows are recorded as payments with receipts, exactly as recordPayment does, and every decided transaction is kept so no later import proposes or books it again. Payer names and accounts of confirmed rows are learned for their families; the payer details of the other rows are forgotten. Confirming again answers the confirmed import.',
    params: ImportParams,
    body: ConfirmBody,
    idempotent: true,
    reply: { schema: ImportOut },
    errors: [403, 404, 409, 422],
    handler: (req) => reconciliation.confirmImport(db, ctxOf(req), req.params.importId, req.body),
  })
  route({
    method: 'GET',
    url: '/imports/:importId',
    operationId: 'getImport',
    summary: 'An import with its rows, proposals and decisions',
    description: 'The collectors, the chair and auditors of the committee, and the school.',
    params: ImportParams,
    reply: { schema: ImportOut },
    errors: [403, 404],
    handler: (req) => reconciliation.getImport(db, ctxOf(req), req.params.importId),
  })
  route({
    method: 'GET',
    url: '/committees/:committeeId/imports',
    operationId: 'listImports',
    summary: "A committee's statement imports, newest first",
    description: 'The collectors, the chair and auditors of the committee, and the school.',
    params: CommitteeParams,
    querystring: PageQuery,
    reply: { schema: pageOf(ImportSummaryOut) },
    errors: [403, 404],
    handler: (req) => reconciliation.listImports(db, ctxOf(req), req.params.committeeId, req.query),
  })
  route({
    method: 'GET',
    url: '/committees/:committeeId/import-mapping',
    operationId: 'getImportMapping',
    summary: "The committee's saved column mapping for a generic bank CSV",
    description: 'The collectors, the chair and auditors of the committee, and the school. `mapping` is null until one is saved.',
    params: CommitteeParams,
    reply: { schema: MappingOut },
    errors: [403, 404],
    handler: (req) => reconciliation.getImportMapping(db, ctxOf(req), req.params.committeeId),
  })
  route({
    method: 'PUT',
    url: '/committees/:committeeId/import-mapping',
    operationId: 'saveImportMapping',
    summary: "Save which columns of the committee's bank CSV say what",
    description:
      'The treasurer (or the school’s finance office), once per committee: a date column, and one signed amount column or a credit and a debit column, each named by its header text.',
    params: CommitteeParams,
    body: MappingBody,
    reply: { schema: MappingOut },
    errors: [403, 404, 422],
    handler: (req) => reconciliation.saveImportMapping(db, ctxOf(req), req.params.committeeId, req.body),
  })
}

import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { Config } from '../../config.js'
import type { Db } from '../../db/index.js'
import { ctxOf, optionalCtxOf } from '../../http/auth.js'
import { PageQuery, pageOf } from '../../http/pagination.js'
import { defineRoutes, strangerRateLimit } from '../../http/route.js'
import { PdfOut } from '../enrollment/routes.js'
import { CommitteeParams, SchoolParams } from '../schools/schemas.js'
import {
  AddProviderBody,
  ContractOut,
  ContractParams,
  CreateContractBody,
  CreateStaffBody,
  ListContractsQuery,
  ProviderOut,
  ProviderParams,
  RecordCheckBody,
  RemoveProviderBody,
  SignContractBody,
  StaffOut,
  StaffParams,
  StaffSettingsBody,
  StaffSettingsOut,
  TerminateContractBody,
  VerifyContractBody,
  VerifyContractOut,
} from './schemas.js'
import * as staff from './service.js'

export function sendPdf(reply: FastifyReply, doc: { pdf: Buffer; sha256: string }, filename: string) {
  return reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename="${filename}"`)
    .header('x-document-sha256', doc.sha256)
    .header('etag', `"${doc.sha256}"`)
    .header('cache-control', 'private, no-cache')
    .send(doc.pdf)
}

export async function staffRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts
  const route = defineRoutes(app, 'staff')

  route({
    method: 'POST',
    url: '/committees/:committeeId/staff',
    operationId: 'createStaff',
    summary: 'Record a care staff member with their background check and health certificate',
    description:
      'The chair (rule 8). Certificate numbers are kept and shown masked. A check counts once someone who saw the original is named as verifying it (verifiedBy, verifiedOn).',
    params: CommitteeParams,
    body: CreateStaffBody,
    reply: { status: 201, schema: StaffOut },
    errors: [403, 404, 409, 422],
    handler: (req) => staff.createStaff(db, ctxOf(req), req.params.committeeId, req.body),
  })
  route({
    method: 'GET',
    url: '/committees/:committeeId/staff',
    operationId: 'listStaff',
    summary: "The committee's care staff, with the state of their vetting today",
    description: 'Committee officers and the school.',
    params: CommitteeParams,
    querystring: PageQuery,
    reply: { schema: pageOf(StaffOut) },
    errors: [403, 404],
    handler: (req) => staff.listStaff(db, ctxOf(req), req.params.committeeId, req.query),
  })
  route({
    method: 'GET',
    url: '/staff/:staffId',
    operationId: 'getStaff',
    summary: 'One staff member and the state of their vetting today',
    description: 'Committee officers, the school, and the staff member themself.',
    params: StaffParams,
    reply: { schema: StaffOut },
    errors: [403, 404],
    handler: (req) => staff.getStaff(db, ctxOf(req), req.params.staffId),
  })
  route({
    method: 'POST',
    url: '/staff/:staffId/checks',
    operationId: 'recordStaffCheck',
    summary: 'Record a background check or health certificate, and who verified the original',
    description: 'The chair. The check in force on a day is the latest verified by then; it counts until it is older than the school’s limit (default 12 months).',
    params: StaffParams,
    body: RecordCheckBody,
    reply: { status: 201, schema: StaffOut },
    errors: [403, 404, 422],
    handler: (req) => staff.recordStaffCheck(db, ctxOf(req), req.params.staffId, req.body),
  })
  route({
    method: 'POST',
    url: '/schools/:schoolId/providers',
    operationId: 'addProvider',
    summary: "Put a third-party provider on the school's white list",
    description: 'A school reviewer or the admin. Committees hire a provider’s staff only from this list.',
    params: SchoolParams,
    body: AddProviderBody,
    reply: { status: 201, schema: ProviderOut },
    errors: [403, 404, 409],
    handler: (req) => staff.addProvider(db, ctxOf(req), req.params.schoolId, req.body),
  })
  route({
    method: 'GET',
    url: '/schools/:schoolId/providers',
    operationId: 'listProviders',
    summary: "The school's white list of providers, with those removed",
    description: 'The school and anyone in one of its committees.',
    params: SchoolParams,
    querystring: PageQuery,
    reply: { schema: pageOf(ProviderOut) },
    errors: [403, 404],
    handler: (req) => staff.listProviders(db, ctxOf(req), req.params.schoolId, req.query),
  })
  route({
    method: 'POST',
    url: '/providers/:providerId/remove',
    operationId: 'removeProvider',
    summary: 'Take a provider off the white list from today',
    description: 'A school reviewer or the admin. Its staff are no longer hired or put on duty.',
    params: ProviderParams,
    body: RemoveProviderBody,
    reply: { schema: ProviderOut },
    errors: [403, 404, 409],
    handler: (req) => staff.removeProvider(db, ctxOf(req), req.params.providerId, req.body.reason),
  })
  route({
    method: 'GET',
    url: '/schools/:schoolId/staff-settings',
    operationId: 'getStaffSettings',
    summary: "The school's limit on the age of background checks and health certificates",
    description: 'The school and anyone in one of its committees.',
    params: SchoolParams,
    reply: { schema: StaffSettingsOut },
    errors: [403, 404],
    handler: (req) => staff.getStaffSettings(db, ctxOf(req), req.params.schoolId),
  })
  route({
    method: 'PUT',
    url: '/schools/:schoolId/staff-settings',
    operationId: 'setStaffSettings',
    summary: "Set the school's limit on the age of checks (months)",
    description: 'A school reviewer or the admin.',
    params: SchoolParams,
    body: StaffSettingsBody,
    reply: { schema: StaffSettingsOut },
    errors: [403, 404],
    handler: (req) => staff.setStaffSettings(db, ctxOf(req), req.params.schoolId, req.body),
  })

  route({
    method: 'POST',
    url: '/committees/:committeeId/contracts',
    operationId: 'createContract',
    summary: 'Draw up a hiring contract (聘用协议) for a vetted staff member and an approved plan',
    description:
      'The chair. Within the plan’s term, starting today or later; refused while the background check or health certificate is missing, unverified or too old. The contract is a draft until both parties sign.',
    params: CommitteeParams,
    body: CreateContractBody,
    reply: { status: 201, schema: ContractOut },
    errors: [403, 404, 409, 422],
    handler: (req) => staff.createContract(db, ctxOf(req), req.params.committeeId, req.body),
  })
  route({
    method: 'GET',
    url: '/committees/:committeeId/contracts',
    operationId: 'listContracts',
    summary: "The committee's hiring contracts, with their state today",
    description: 'Committee officers and the school.',
    params: CommitteeParams,
    querystring: ListContractsQuery,
    reply: { schema: pageOf(ContractOut) },
    errors: [403, 404],
    handler: (req) => staff.listContracts(db, ctxOf(req), req.params.committeeId, req.query),
  })
  route({
    method: 'GET',
    url: '/me/contracts',
    operationId: 'listMyContracts',
    summary: 'The hiring contracts of the signed-in staff member',
    description: 'Signed in: every contract that hires the caller, at any committee.',
    reply: { schema: pageOf(ContractOut) },
    handler: (req) => staff.listMyContracts(db, ctxOf(req)),
  })
  route({
    method: 'GET',
    url: '/contracts/:contractId',
    operationId: 'getContract',
    summary: 'One hiring contract: terms, signatures, termination, state today',
    description: 'Committee officers, the school, and the staff member it hires.',
    params: ContractParams,
    reply: { schema: ContractOut },
    errors: [404],
    handler: (req) => staff.getContract(db, ctxOf(req), req.params.contractId),
  })
  route({
    method: 'GET',
    url: '/contracts/:contractId/contract.pdf',
    operationId: 'getContractPdf',
    summary: 'The hiring contract as a PDF',
    description:
      'Committee officers, the school and the staff member. Unsigned: the same bytes on every request (sign these); signed: the PDF with a certificate page per signature. Header x-document-sha256 carries the SHA-256 of the bytes.',
    params: ContractParams,
    reply: { schema: PdfOut, media: 'application/pdf', description: 'The contract' },
    errors: [404],
    handler: async (req, reply) => {
      const doc = await staff.getContractPdf(db, ctxOf(req), req.params.contractId)
      return sendPdf(reply, doc, `${doc.contractNo}${doc.signed ? '-signed' : ''}.pdf`)
    },
  })
  route({
    method: 'POST',
    url: '/contracts/:contractId/sign',
    operationId: 'signContract',
    summary: 'Sign the hiring contract with a typed name (the staff member, and the chair who drew it up)',
    description:
      'The staff member (乙方) and the chair who drew the contract up (甲方代表), each once, with the evidence of a care agreement. Refused while vetting is incomplete. Signed by both, it is in force from its start date (or from the day of the second signature, if later).',
    params: ContractParams,
    body: SignContractBody,
    reply: { schema: ContractOut },
    errors: [403, 404, 409, 422],
    handler: (req) => staff.signContract(db, ctxOf(req), req.params.contractId, req.body),
  })
  route({
    method: 'POST',
    url: '/contracts/:contractId/terminate',
    operationId: 'terminateContract',
    summary: 'Terminate a hiring contract (解聘) with a ground, a reason and the day it takes effect',
    description: 'The chair. From effectiveOn (today or later) nobody is put on duty under the contract and nothing is paid under it.',
    params: ContractParams,
    body: TerminateContractBody,
    reply: { schema: ContractOut },
    errors: [403, 404, 409, 422],
    handler: (req) => staff.terminateContract(db, ctxOf(req), req.params.contractId, req.body),
  })
}

/** Public, outside /api: is this hiring contract genuine? */
export async function staffPublicRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db } = opts
  // A PDF sent as it is becomes its hash here, so the handler sees one shape of body (this scope
  // only: another module's PDF parser elsewhere is left alone).
  if (app.hasContentTypeParser('application/pdf')) app.removeContentTypeParser('application/pdf')
  app.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 }, (_req, body, done) => {
    done(null, {
      sha256: createHash('sha256')
        .update(body as Buffer)
        .digest('hex'),
    })
  })
  const route = defineRoutes(app, 'public')
  route({
    method: 'POST',
    url: '/p/contracts/verify',
    operationId: 'verifyContract',
    summary: 'Is this hiring contract genuine? Send its SHA-256 (JSON) or the PDF itself (application/pdf)',
    description:
      'Anyone, without signing in. Answers whether the file is a contract signed here (the signed PDF or the text that was signed), its state and when each party signed, and which committee — never who.',
    public: true,
    rateLimit: strangerRateLimit(opts.config, 6),
    bodyLimit: 20 * 1024 * 1024,
    body: VerifyContractBody,
    reply: { schema: VerifyContractOut },
    handler: (req) => staff.verifyContract(db, optionalCtxOf(req), req.body.sha256),
  })
}

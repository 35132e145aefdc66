import type { FastifyInstance } from 'fastify'
import type { Db } from '../../db/index.js'
import { ctxOf } from '../../http/auth.js'
import { pageOf } from '../../http/pagination.js'
import { defineRoutes } from '../../http/route.js'
import { ContractOut, ContractParams } from '../staff/schemas.js'
import { DecisionOut, RecordDecisionBody, RenewContractBody } from './schemas.js'
import * as renewal from './service.js'

export async function renewalRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts
  const route = defineRoutes(app, 'staff')
  route({
    method: 'POST',
    url: '/contracts/:contractId/renewal-decisions',
    operationId: 'recordRenewalDecision',
    summary: 'Record the decision to renew or not, citing the staff member’s latest survey results',
    description: 'The chair. Refused unless the survey cited is the latest closed one that rated the staff member and its results are shown (at least 5 answers).',
    params: ContractParams,
    body: RecordDecisionBody,
    reply: { status: 201, schema: DecisionOut },
    errors: [403, 404, 409, 422],
    handler: (req) => renewal.recordRenewalDecision(db, ctxOf(req), req.params.contractId, req.body),
  })
  route({
    method: 'GET',
    url: '/contracts/:contractId/renewal-decisions',
    operationId: 'listRenewalDecisions',
    summary: 'The renewal decisions recorded on a contract, each with the results it cites',
    description: 'Committee officers and the school.',
    params: ContractParams,
    reply: { schema: pageOf(DecisionOut) },
    errors: [403, 404],
    handler: (req) => renewal.listRenewalDecisions(db, ctxOf(req), req.params.contractId),
  })
  route({
    method: 'POST',
    url: '/contracts/:contractId/renew',
    operationId: 'renewContract',
    summary: 'Renew a contract (续聘): a new contract linked to the old one, under a recorded decision to renew',
    description:
      'The chair. Refused without a decision to renew on this contract that cites the latest survey results. The new contract is a draft that both parties sign again; terms not given are the old ones.',
    params: ContractParams,
    body: RenewContractBody,
    reply: { status: 201, schema: ContractOut },
    errors: [403, 404, 409, 422],
    handler: (req) => renewal.renewContract(db, ctxOf(req), req.params.contractId, req.body),
  })
}

import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Db } from '../../db/index.js'
import { ctxOf } from '../../http/auth.js'
import { PageQuery, pageOf } from '../../http/pagination.js'
import { bearer, problems } from '../../http/responses.js'
import {
  AddMemberBody,
  AddReviewerBody,
  CommitteeOut,
  CommitteeParams,
  CreateCommitteeBody,
  CreateSchoolBody,
  CreateTermBody,
  JoinCommitteeBody,
  MemberOut,
  ReviewerOut,
  SchoolOut,
  SchoolParams,
  TermOut,
} from './schemas.js'
import * as schools from './service.js'

export async function schoolRoutes(app: FastifyInstance, opts: { db: Db }) {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const { db } = opts
  const tags = ['schools']

  r.post('/schools', {
    schema: { operationId: 'createSchool', tags, summary: 'Create a school (platform admin)', security: bearer, body: CreateSchoolBody, response: { 201: SchoolOut, ...problems(403) } },
    handler: async (req, reply) => reply.code(201).send(await schools.createSchool(db, ctxOf(req), req.body)),
  })
  r.get('/schools', {
    schema: { operationId: 'listSchools', tags, summary: 'Schools the caller may see', security: bearer, querystring: PageQuery, response: { 200: pageOf(SchoolOut), ...problems() } },
    handler: (req) => schools.listSchools(db, ctxOf(req), req.query),
  })
  r.get('/schools/:schoolId', {
    schema: { operationId: 'getSchool', tags, summary: 'One school', security: bearer, params: SchoolParams, response: { 200: SchoolOut, ...problems(404) } },
    handler: (req) => schools.getSchool(db, ctxOf(req), req.params.schoolId),
  })
  r.post('/schools/:schoolId/reviewers', {
    schema: { operationId: 'addSchoolReviewer', tags, summary: 'Make a user a reviewer of this school (platform admin)', security: bearer, params: SchoolParams, body: AddReviewerBody, response: { 201: ReviewerOut, ...problems(403, 404) } },
    handler: async (req, reply) => reply.code(201).send(await schools.addSchoolReviewer(db, ctxOf(req), req.params.schoolId, req.body.userId)),
  })
  r.post('/schools/:schoolId/committees', {
    schema: { operationId: 'createCommittee', tags, summary: 'Create a parent committee at school, grade or class level', security: bearer, params: SchoolParams, body: CreateCommitteeBody, response: { 201: CommitteeOut, ...problems(403, 404, 409) } },
    handler: async (req, reply) => reply.code(201).send(await schools.createCommittee(db, ctxOf(req), req.params.schoolId, req.body)),
  })
  r.get('/schools/:schoolId/committees', {
    schema: { operationId: 'listCommittees', tags, summary: "The school's committees the caller may see", security: bearer, params: SchoolParams, querystring: PageQuery, response: { 200: pageOf(CommitteeOut), ...problems(404) } },
    handler: (req) => schools.listCommittees(db, ctxOf(req), req.params.schoolId, req.query),
  })
  r.get('/committees/:committeeId', {
    schema: { operationId: 'getCommittee', tags, summary: 'One committee', security: bearer, params: CommitteeParams, response: { 200: CommitteeOut, ...problems(404) } },
    handler: (req) => schools.getCommittee(db, ctxOf(req), req.params.committeeId),
  })
  r.post('/committees/:committeeId/members', {
    schema: { operationId: 'addCommitteeMember', tags, summary: 'Give a user a committee role (chair, treasurer, auditor, member)', security: bearer, params: CommitteeParams, body: AddMemberBody, response: { 201: MemberOut, ...problems(403, 404) } },
    handler: async (req, reply) => reply.code(201).send(await schools.addCommitteeMember(db, ctxOf(req), req.params.committeeId, req.body)),
  })
  r.post('/me/committees', {
    schema: { operationId: 'joinCommittee', tags, summary: 'Join another committee as a parent with its invite code', security: bearer, body: JoinCommitteeBody, response: { 200: CommitteeOut, ...problems(422) } },
    handler: (req) => schools.joinCommittee(db, ctxOf(req), req.body.inviteCode),
  })
  r.post('/schools/:schoolId/terms', {
    schema: { operationId: 'createTerm', tags, summary: 'Create a term (school reviewer)', security: bearer, params: SchoolParams, body: CreateTermBody, response: { 201: TermOut, ...problems(403, 404, 409) } },
    handler: async (req, reply) => reply.code(201).send(await schools.createTerm(db, ctxOf(req), req.params.schoolId, req.body)),
  })
  r.get('/schools/:schoolId/terms', {
    schema: { operationId: 'listTerms', tags, summary: "The school's terms", security: bearer, params: SchoolParams, querystring: PageQuery, response: { 200: pageOf(TermOut), ...problems(404) } },
    handler: (req) => schools.listTerms(db, ctxOf(req), req.params.schoolId, req.query),
  })
}

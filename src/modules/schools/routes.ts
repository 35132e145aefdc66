import type { FastifyInstance } from 'fastify'
import type { Config } from '../../config.js'
import type { Db } from '../../db/index.js'
import { ctxOf } from '../../http/auth.js'
import { PageQuery, pageOf } from '../../http/pagination.js'
import { defineRoutes, strangerRateLimit } from '../../http/route.js'
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
  UpdateCommitteeBody,
  UpdateSchoolBody,
} from './schemas.js'
import * as schools from './service.js'

export async function schoolRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db, config } = opts
  const route = defineRoutes(app, 'schools')

  route({
    method: 'POST',
    url: '/schools',
    operationId: 'createSchool',
    summary: 'Create a school',
    description: 'Platform admin only. The contact and complaint phones (optional; updateSchool sets them later) are printed on care agreements.',
    body: CreateSchoolBody,
    reply: { status: 201, schema: SchoolOut },
    errors: [403],
    handler: (req) => schools.createSchool(db, ctxOf(req), req.body),
  })
  route({
    method: 'GET',
    url: '/schools',
    operationId: 'listSchools',
    summary: 'Schools the caller may see',
    description: 'The admin sees every school; a reviewer the schools they review; anyone else the schools of their committees.',
    querystring: PageQuery,
    reply: { schema: pageOf(SchoolOut) },
    handler: (req) => schools.listSchools(db, ctxOf(req), req.query),
  })
  route({
    method: 'GET',
    url: '/schools/:schoolId',
    operationId: 'getSchool',
    summary: 'One school',
    description: 'The admin, its reviewers, and members and parents of its committees; anyone else gets 404.',
    params: SchoolParams,
    reply: { schema: SchoolOut },
    errors: [404],
    handler: (req) => schools.getSchool(db, ctxOf(req), req.params.schoolId),
  })
  route({
    method: 'PATCH',
    url: '/schools/:schoolId',
    operationId: 'updateSchool',
    summary: "Set the school's contact and complaint phones",
    description:
      'The admin or a reviewer of the school. Care agreements print them: whom families call, and where they complain (the school supervises the care). null clears one.',
    params: SchoolParams,
    body: UpdateSchoolBody,
    reply: { schema: SchoolOut },
    errors: [403, 404],
    handler: (req) => schools.updateSchool(db, ctxOf(req), req.params.schoolId, req.body),
  })
  route({
    method: 'POST',
    url: '/schools/:schoolId/reviewers',
    operationId: 'addSchoolReviewer',
    summary: 'Make a user a reviewer of this school',
    description: 'Platform admin only. The reviewer approves plans and applications of the school and supervises its committees.',
    params: SchoolParams,
    body: AddReviewerBody,
    reply: { status: 201, schema: ReviewerOut },
    errors: [403, 404],
    handler: (req) => schools.addSchoolReviewer(db, ctxOf(req), req.params.schoolId, req.body.userId),
  })
  route({
    method: 'POST',
    url: '/schools/:schoolId/finance-officers',
    operationId: 'addSchoolFinanceOfficer',
    summary: "Make a user a member of the school's finance office",
    description: "Platform admin only. Where a plan's fees are collected by the school (collector: school), its finance office records the payments.",
    params: SchoolParams,
    body: AddReviewerBody,
    reply: { status: 201, schema: ReviewerOut },
    errors: [403, 404],
    handler: (req) => schools.addSchoolFinanceOfficer(db, ctxOf(req), req.params.schoolId, req.body.userId),
  })
  route({
    method: 'POST',
    url: '/schools/:schoolId/committees',
    operationId: 'createCommittee',
    summary: 'Create a parent committee at school, grade or class level',
    description:
      'A reviewer of the school or the admin. The slug is the public address /p/<slug>; the invite code lets parents register; the phone (optional; updateCommittee sets it later) is printed on care agreements.',
    params: SchoolParams,
    body: CreateCommitteeBody,
    reply: { status: 201, schema: CommitteeOut },
    errors: [403, 404, 409],
    handler: (req) => schools.createCommittee(db, ctxOf(req), req.params.schoolId, req.body),
  })
  route({
    method: 'GET',
    url: '/schools/:schoolId/committees',
    operationId: 'listCommittees',
    summary: "The school's committees the caller may see",
    description: 'The school sees all of them; members and parents see their own.',
    params: SchoolParams,
    querystring: PageQuery,
    reply: { schema: pageOf(CommitteeOut) },
    errors: [404],
    handler: (req) => schools.listCommittees(db, ctxOf(req), req.params.schoolId, req.query),
  })
  route({
    method: 'GET',
    url: '/committees/:committeeId',
    operationId: 'getCommittee',
    summary: 'One committee',
    description: 'Its school, its officers and its parents. The invite code is shown to officers and the school only.',
    params: CommitteeParams,
    reply: { schema: CommitteeOut },
    errors: [404],
    handler: (req) => schools.getCommittee(db, ctxOf(req), req.params.committeeId),
  })
  route({
    method: 'PATCH',
    url: '/committees/:committeeId',
    operationId: 'updateCommittee',
    summary: "Set the committee's contact phone",
    description: 'The chair, a reviewer of the school, or the admin. Care agreements print it beside 甲方. null clears it.',
    params: CommitteeParams,
    body: UpdateCommitteeBody,
    reply: { schema: CommitteeOut },
    errors: [403, 404],
    handler: (req) => schools.updateCommittee(db, ctxOf(req), req.params.committeeId, req.body),
  })
  route({
    method: 'POST',
    url: '/committees/:committeeId/members',
    operationId: 'addCommitteeMember',
    summary: 'Give a user a committee role (chair, treasurer, auditor, member)',
    description:
      "The chair, from the committee's own parents and officers; a reviewer of the school or the admin, anyone. To the chair, a user outside the committee is not found (404), like an id that names nobody.",
    params: CommitteeParams,
    body: AddMemberBody,
    reply: { status: 201, schema: MemberOut },
    errors: [403, 404],
    handler: (req) => schools.addCommitteeMember(db, ctxOf(req), req.params.committeeId, req.body),
  })
  route({
    method: 'POST',
    url: '/me/committees',
    operationId: 'joinCommittee',
    summary: 'Join another committee as a parent with its invite code',
    description:
      'Signed in: a parent with children in several classes joins each class committee with its code. Rate-limited per client address like login, so codes cannot be guessed.',
    rateLimit: strangerRateLimit(config),
    body: JoinCommitteeBody,
    reply: { schema: CommitteeOut },
    errors: [422],
    handler: (req) => schools.joinCommittee(db, ctxOf(req), req.body.inviteCode),
  })
  route({
    method: 'POST',
    url: '/schools/:schoolId/terms',
    operationId: 'createTerm',
    summary: 'Create a term',
    description: 'A reviewer of the school or the admin. Plans, fees and settlement are per term.',
    params: SchoolParams,
    body: CreateTermBody,
    reply: { status: 201, schema: TermOut },
    errors: [403, 404, 409],
    handler: (req) => schools.createTerm(db, ctxOf(req), req.params.schoolId, req.body),
  })
  route({
    method: 'GET',
    url: '/schools/:schoolId/terms',
    operationId: 'listTerms',
    summary: "The school's terms",
    description: 'The school and everyone in its committees.',
    params: SchoolParams,
    querystring: PageQuery,
    reply: { schema: pageOf(TermOut) },
    errors: [404],
    handler: (req) => schools.listTerms(db, ctxOf(req), req.params.schoolId, req.query),
  })
}

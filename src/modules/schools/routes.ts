import type { FastifyInstance } from 'fastify'
import type { Db } from '../../db/index.js'
import { ctxOf } from '../../http/auth.js'
import { PageQuery, pageOf } from '../../http/pagination.js'
import { defineRoutes } from '../../http/route.js'
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
  const { db } = opts
  const route = defineRoutes(app, 'schools')

  route({
    method: 'POST',
    url: '/schools',
    operationId: 'createSchool',
    summary: 'Create a school',
    description: 'Platform admin only.',
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
    description: 'A reviewer of the school or the admin. The slug is the public address /p/<slug>; the invite code lets parents register.',
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
    method: 'POST',
    url: '/committees/:committeeId/members',
    operationId: 'addCommitteeMember',
    summary: 'Give a user a committee role (chair, treasurer, auditor, member)',
    description: 'The chair, a reviewer of the school, or the admin.',
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
    description: 'Signed in: a parent with children in several classes joins each class committee with its code.',
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

import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Config } from '../../config.js'
import type { Db } from '../../db/index.js'
import { ctxOf, optionalCtxOf, tokenOf } from '../../http/auth.js'
import { defineRoutes, strangerRateLimit } from '../../http/route.js'
import { CreateUserBody, LoginBody, LoginOut, MeOut, UserOut } from './schemas.js'
import * as accounts from './service.js'

export async function accountRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db, config } = opts
  const route = defineRoutes(app, 'accounts')
  const loginLimit = strangerRateLimit(config)

  route({
    method: 'POST',
    url: '/auth/login',
    operationId: 'login',
    summary: 'Sign in with login and password; returns a bearer token',
    description: 'Anyone. Answers the same 401 for an unknown login and a wrong password. Rate-limited per client address.',
    public: true,
    rateLimit: loginLimit,
    body: LoginBody,
    reply: { schema: LoginOut },
    handler: (req) => accounts.login(db, req.body, config.sessionTtlMs, req.now),
  })
  route({
    method: 'POST',
    url: '/auth/logout',
    operationId: 'logout',
    summary: 'Revoke the token of this request',
    description: 'Signed in. The token stops working at once.',
    reply: { status: 204, schema: z.null() },
    handler: async (req) => {
      await accounts.logout(db, tokenOf(req))
      return null
    },
  })
  route({
    method: 'GET',
    url: '/me',
    operationId: 'getMe',
    summary: 'The signed-in user and every role they hold',
    description: 'Signed in: the platform, school and committee roles of the caller.',
    reply: { schema: MeOut },
    handler: (req) => accounts.getMe(db, ctxOf(req)),
  })
  route({
    method: 'POST',
    url: '/users',
    operationId: 'createUser',
    summary: 'Create an account (admin), or self-register as a parent with a committee invite code',
    description:
      'A platform admin creates any account. Anyone else registers as a parent of a committee by giving its invite code, without a token; that path is rate-limited per client address (an admin is not), and an unknown invite code gets the same answer whether the login is taken or not.',
    public: true,
    // The limit is for strangers: an admin creating accounts is signed in and answerable.
    rateLimit: { ...loginLimit, allowList: (req) => req.principal?.isAdmin === true },
    body: CreateUserBody,
    reply: { status: 201, schema: UserOut },
    errors: [403, 409, 422],
    handler: (req) => accounts.createUser(db, optionalCtxOf(req), req.body),
  })
}

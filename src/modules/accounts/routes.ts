import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Config } from '../../config.js'
import type { Db } from '../../db/index.js'
import { ctxOf, optionalCtxOf, tokenOf } from '../../http/auth.js'
import { bearer, problems } from '../../http/responses.js'
import { CreateUserBody, LoginBody, LoginOut, MeOut, UserOut } from './schemas.js'
import * as accounts from './service.js'

export async function accountRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const { db, config } = opts
  const loginLimit = { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' }

  r.post('/auth/login', {
    config: { public: true, rateLimit: loginLimit },
    schema: {
      operationId: 'login',
      tags: ['accounts'],
      summary: 'Sign in with login and password; returns a bearer token',
      body: LoginBody,
      response: { 200: LoginOut, ...problems(429) },
    },
    handler: (req) => accounts.login(db, req.body, config.sessionTtlMs),
  })

  r.post('/auth/logout', {
    schema: { operationId: 'logout', tags: ['accounts'], summary: 'Revoke the token of this request', security: bearer, response: { 204: z.null(), ...problems() } },
    handler: async (req, reply) => {
      await accounts.logout(db, tokenOf(req))
      return reply.code(204).send(null)
    },
  })

  r.get('/me', {
    schema: { operationId: 'getMe', tags: ['accounts'], summary: 'The signed-in user and every role they hold', security: bearer, response: { 200: MeOut, ...problems() } },
    handler: (req) => accounts.getMe(db, ctxOf(req)),
  })

  r.post('/users', {
    config: { public: true, rateLimit: loginLimit },
    schema: {
      operationId: 'createUser',
      tags: ['accounts'],
      summary: 'Create an account (admin), or self-register as a parent with a committee invite code',
      security: bearer,
      body: CreateUserBody,
      response: { 201: UserOut, ...problems(403, 409, 422, 429) },
    },
    handler: async (req, reply) => reply.code(201).send(await accounts.createUser(db, optionalCtxOf(req), req.body)),
  })
}

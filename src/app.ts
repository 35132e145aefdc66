import { randomUUID } from 'node:crypto'
import rateLimit from '@fastify/rate-limit'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { Redis } from 'ioredis'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import type { Config } from './config.js'
import type { Db } from './db/index.js'
import { AppError } from './errors.js'
import { authPlugin } from './http/auth.js'
import { healthRoutes } from './http/health.js'
import { idempotencyPlugin } from './http/idempotency.js'
import { problemPlugin } from './http/problem.js'
import { accountRoutes } from './modules/accounts/routes.js'
import { attendanceRoutes } from './modules/attendance/routes.js'
import { calendarRoutes } from './modules/calendar/routes.js'
import { resolveToken } from './modules/accounts/service.js'
import { enrollmentRoutes } from './modules/enrollment/routes.js'
import { planRoutes } from './modules/plans/routes.js'
import { publicRoutes } from './modules/public/routes.js'
import { schoolRoutes } from './modules/schools/routes.js'
import { staffRoutes } from './modules/staff/routes.js'

export interface AppDeps {
  config: Config
  db: Db
  logger?: FastifyServerOptions['logger']
}

/** Builds the whole app and never listens: server.ts listens, tests inject. */
export async function buildApp({ config, db, logger }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID()
    },
    bodyLimit: 1024 * 1024,
    trustProxy: config.trustProxy,
  })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })

  await app.register(problemPlugin)
  // Several instances behind a load balancer must share one count, or each allows its own.
  const redis = config.redisUrl ? new Redis(config.redisUrl, { connectTimeout: 500, maxRetriesPerRequest: 1, lazyConnect: false }) : undefined
  if (redis) app.addHook('onClose', async () => void (await redis.quit().catch(() => {})))
  await app.register(rateLimit, {
    global: false,
    ...(redis ? { redis, nameSpace: 'jiawei-rate-limit-', skipOnError: false } : {}),
    errorResponseBuilder: (_req, context) =>
      new AppError(429, 'rate-limited', 'Too Many Requests', `Too many attempts; try again in ${context.after}`),
  })
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Jiawei 家委 API', version: '1', description: 'After-school care run by a school parent committee. Errors are RFC 9457 problem+json.' },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
  await app.register(authPlugin, { resolveToken: (token) => resolveToken(db, token) })
  await app.register(idempotencyPlugin, { db })

  await app.register(healthRoutes, { db })
  await app.register(publicRoutes, { db, config })
  await app.register(
    async (api) => {
      await api.register(accountRoutes, { db, config })
      await api.register(schoolRoutes, { db })
      await api.register(calendarRoutes, { db })
      await api.register(staffRoutes, { db })
      await api.register(attendanceRoutes, { db })
      await api.register(planRoutes, { db })
      await api.register(enrollmentRoutes, { db })
    },
    { prefix: '/api/v1' },
  )
  return app
}

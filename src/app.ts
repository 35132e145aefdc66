import { randomUUID } from 'node:crypto'
import rateLimit from '@fastify/rate-limit'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import { Redis } from 'ioredis'
import type { Clock } from './china-time.js'
import type { Config } from './config.js'
import type { Db } from './db/index.js'
import { AppError } from './errors.js'
import { authPlugin } from './http/auth.js'
import { healthRoutes } from './http/health.js'
import { idempotencyPlugin } from './http/idempotency.js'
import { multipartPlugin } from './http/multipart.js'
import { transformOpenApi } from './http/openapi.js'
import { frameworkErrors, problemPlugin } from './http/problem.js'
import { requestTimePlugin } from './http/request-time.js'
import { docsContentSecurityPolicy, securityPlugin } from './http/security.js'
import { accountRoutes } from './modules/accounts/routes.js'
import { resolveToken } from './modules/accounts/service.js'
import { attendanceRoutes } from './modules/attendance/routes.js'
import { careHeldOn } from './modules/attendance/service.js'
import { calendarRoutes } from './modules/calendar/routes.js'
import { unconfirmedCalendarYears } from './modules/calendar/service.js'
import { enrollmentRoutes } from './modules/enrollment/routes.js'
import { admitFromWaitlist } from './modules/enrollment/service.js'
import { expenseRoutes } from './modules/expenses/routes.js'
import { feeRoutes } from './modules/fees/routes.js'
import { correctChargesAfterWithdrawal } from './modules/fees/service.js'
import { ledgerRoutes } from './modules/ledger/routes.js'
import { paymentRoutes } from './modules/payments/routes.js'
import { payrollRoutes } from './modules/payroll/routes.js'
import { planRoutes } from './modules/plans/routes.js'
import { PAGE_STYLE_SOURCE } from './modules/public/html.js'
import { publicRoutes } from './modules/public/routes.js'
import { reconciliationRoutes } from './modules/reconciliation/routes.js'
import { renewalRoutes } from './modules/renewal/routes.js'
import { schoolRoutes } from './modules/schools/routes.js'
import { settlementRoutes } from './modules/settlement/routes.js'
import { staffPublicRoutes, staffRoutes } from './modules/staff/routes.js'
import { publicStatementRoutes, statementRoutes } from './modules/statements/routes.js'
import { surveyPageRoutes, surveyRoutes } from './modules/surveys/routes.js'

export interface AppDeps {
  config: Config
  db: Db
  /** Every "now" of every request (production: systemClock; tests and the demo move their own). */
  clock: Clock
  logger?: FastifyServerOptions['logger']
}

const TAGS = [
  { name: 'accounts', description: 'Sign-in, sessions and accounts; parents register with their committee’s invite code' },
  { name: 'schools', description: 'Schools, their reviewers, parent committees with their officers, and terms' },
  { name: 'plans', description: 'Care plans: demand survey, versions the school reviews and approves, the fee standard and budget' },
  { name: 'enrollment', description: 'Applications, first review and approval, admission with a wait list, signed care agreements' },
  { name: 'calendar', description: 'Service days: national holidays with 调休, school closures, the plan’s weekdays' },
  { name: 'attendance', description: 'Daily roster, check-in and pickup handover, leave, staff on duty, session close and incidents' },
  { name: 'fees', description: 'Billing at the approved standard, waivers, leave credits, arrears and subsidy claims' },
  { name: 'payments', description: 'Payments with receipts, reversals, and each family’s account' },
  { name: 'expenses', description: 'Expenses on the approved budget lines, with receipts, under four eyes' },
  { name: 'statements', description: 'Monthly statements published to parents, hash-chained' },
  { name: 'settlement', description: 'Term settlement: arrears written off, the surplus refunded to every family exactly' },
  { name: 'reconciliation', description: 'WeChat Pay, Alipay and bank exports matched to families and confirmed into payments' },
  { name: 'ledger', description: 'The double-entry books of each fund (one plan’s term): journal and trial balance' },
  { name: 'staff', description: 'Care staff: vetting, hiring contracts signed by both parties, termination and renewal, pay from duty records' },
  { name: 'surveys', description: 'Satisfaction surveys of the staff: single-use invitations, anonymous answers, results that decide renewal' },
  { name: 'public', description: 'What anyone may read without signing in' },
  { name: 'ops', description: 'Liveness and readiness' },
]

/** A client's own x-request-id, if it is plain text: for correlating its logs with ours, nothing more. */
function clientRequestIdOf(request: { headers: Record<string, unknown> }): string | undefined {
  const given = request.headers['x-request-id']
  return typeof given === 'string' && /^[\w.:-]{1,100}$/.test(given) ? given : undefined
}

/** Builds the whole app and never listens: server.ts listens, tests inject. */
export async function buildApp({ config, db, clock, logger }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    // The server's own id, always: the audit trail trusts it. A client's x-request-id is only
    // echoed (x-client-request-id) and logged beside it (clientRequestIdOf).
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    trustProxy: config.trustProxy,
    routerOptions: { maxParamLength: 100 },
    frameworkErrors,
  })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.addHook('onRequest', async (request) => {
    const clientRequestId = clientRequestIdOf(request)
    if (clientRequestId) request.log = request.log.child({ clientRequestId })
  })
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id)
    const clientRequestId = clientRequestIdOf(request)
    if (clientRequestId) reply.header('x-client-request-id', clientRequestId)
  })

  await app.register(problemPlugin)
  await app.register(securityPlugin, { config, styleSources: [PAGE_STYLE_SOURCE] })
  await app.register(requestTimePlugin, { clock })
  // Several instances behind a load balancer must share one count, or each allows its own.
  const redis = config.redisUrl ? new Redis(config.redisUrl, { connectTimeout: 500, maxRetriesPerRequest: 1, lazyConnect: false }) : undefined
  if (redis) app.addHook('onClose', async () => void (await redis.quit().catch(() => {})))
  await app.register(rateLimit, {
    global: false,
    ...(redis ? { redis, nameSpace: 'jiawei-rate-limit-', skipOnError: false } : {}),
    errorResponseBuilder: (_req, context) => new AppError(429, 'rate-limited', 'Too Many Requests', `Too many attempts; try again in ${context.after}`),
  })
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Jiawei 家委 API',
        version: '1',
        description: 'After-school care run by a school parent committee. Errors are RFC 9457 problem+json; another school’s, committee’s or family’s data answers 404.',
        contact: { name: 'Jiawei', url: config.publicBaseUrl },
      },
      servers: [{ url: config.publicBaseUrl, description: 'This instance' }],
      tags: TAGS,
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
    transformObject: transformOpenApi,
  })
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: docsContentSecurityPolicy(config) })
  await app.register(authPlugin, { resolveToken: (token, now) => resolveToken(db, token, now) })
  await app.register(multipartPlugin)
  await app.register(idempotencyPlugin, { db })

  await app.register(healthRoutes, { db })
  await app.register(publicRoutes, { db, config })
  await app.register(publicStatementRoutes, { db, config })
  await app.register(staffPublicRoutes, { db, config })
  await app.register(surveyPageRoutes, { db, config })
  await app.register(
    async (api) => {
      await api.register(accountRoutes, { db, config })
      await api.register(schoolRoutes, { db, config })
      await api.register(calendarRoutes, { db, hooks: { careHeldOn } })
      await api.register(staffRoutes, { db })
      await api.register(attendanceRoutes, { db })
      await api.register(planRoutes, { db, hooks: { newVersionApproved: admitFromWaitlist, unconfirmedCalendarYears } })
      await api.register(enrollmentRoutes, { db, hooks: { withdrawn: correctChargesAfterWithdrawal } })
      await api.register(feeRoutes, { db })
      await api.register(paymentRoutes, { db })
      await api.register(ledgerRoutes, { db })
      await api.register(expenseRoutes, { db })
      await api.register(statementRoutes, { db })
      await api.register(settlementRoutes, { db })
      await api.register(reconciliationRoutes, { db })
      await api.register(surveyRoutes, { db, config })
      await api.register(renewalRoutes, { db })
      await api.register(payrollRoutes, { db })
    },
    { prefix: '/api/v1' },
  )
  return app
}

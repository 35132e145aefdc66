import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { z } from 'zod'
import type { Db } from '../db/index.js'
import { AppError } from '../errors.js'
import { defineRoutes } from './route.js'

const READY_TIMEOUT_MS = 2000

export async function healthRoutes(app: FastifyInstance, opts: { db: Db }) {
  const route = defineRoutes(app, 'ops')
  route({
    method: 'GET',
    url: '/health',
    operationId: 'health',
    summary: 'Liveness: the process answers',
    description: 'Anyone; for a load balancer or orchestrator. Answers before the database is open.',
    public: true,
    reply: { schema: z.object({ status: z.literal('ok') }) },
    handler: () => ({ status: 'ok' as const }),
  })
  route({
    method: 'GET',
    url: '/ready',
    operationId: 'ready',
    summary: 'Readiness: the database answers',
    description: 'Anyone; 503 while the database is unreachable, 200 again once it answers.',
    public: true,
    reply: { schema: z.object({ status: z.literal('ready') }) },
    errors: [503],
    handler: async () => {
      // A database behind a network partition takes the connection and never answers: the probe
      // says so within READY_TIMEOUT_MS rather than hanging until the orchestrator gives up.
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer in time')), READY_TIMEOUT_MS)
      })
      try {
        await Promise.race([sql`SELECT 1`.execute(opts.db), timeout])
      } catch {
        throw new AppError(503, 'database-unavailable', 'Service Unavailable', 'The database does not answer')
      } finally {
        clearTimeout(timer)
      }
      return { status: 'ready' as const }
    },
  })
}

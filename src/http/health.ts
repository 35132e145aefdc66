import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { z } from 'zod'
import type { Db } from '../db/index.js'
import { AppError } from '../errors.js'
import { defineRoutes } from './route.js'

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
      try {
        await sql`SELECT 1`.execute(opts.db)
      } catch {
        throw new AppError(503, 'database-unavailable', 'Service Unavailable', 'The database does not answer')
      }
      return { status: 'ready' as const }
    },
  })
}

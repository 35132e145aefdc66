import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { sql } from 'kysely'
import { z } from 'zod'
import type { Db } from '../db/index.js'
import { AppError } from '../errors.js'
import { ProblemSchema } from './responses.js'

export async function healthRoutes(app: FastifyInstance, opts: { db: Db }) {
  const r = app.withTypeProvider<ZodTypeProvider>()
  r.get('/health', {
    schema: { operationId: 'health', tags: ['ops'], summary: 'Liveness: the process answers', response: { 200: z.object({ status: z.literal('ok') }) } },
    handler: async () => ({ status: 'ok' as const }),
  })
  r.get('/ready', {
    schema: { operationId: 'ready', tags: ['ops'], summary: 'Readiness: the database answers', response: { 200: z.object({ status: z.literal('ready') }), 503: ProblemSchema } },
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

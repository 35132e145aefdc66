import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Clock } from '../china-time.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The instant the app's clock gave this request when it arrived; services read it as ctx.now. */
    now: Date
  }
}

/** One reading of the injected clock per request, so a request sees one "now" from start to end. */
export const requestTimePlugin = fp(async (app: FastifyInstance, opts: { clock: Clock }) => {
  app.decorateRequest('now', null as unknown as Date)
  app.addHook('onRequest', async (request) => {
    request.now = opts.clock.now()
  })
})

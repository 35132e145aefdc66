import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { AnonymousCtx, Ctx, Principal } from '../context.js'
import { Unauthorized } from '../errors.js'

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null
  }
  interface FastifyContextConfig {
    /** Reachable without a token (login, self-registration). Everything else under /api needs one. */
    public?: boolean
  }
}

export interface AuthOptions {
  resolveToken(token: string, now: Date): Promise<Principal | null>
}

/**
 * Default-deny: every /api route needs a valid bearer token unless it is marked public, so a
 * forgotten check fails closed. Pages outside /api (docs, /p/:slug, health) are public.
 */
export const authPlugin = fp(async (app: FastifyInstance, opts: AuthOptions) => {
  app.decorateRequest('principal', null)
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization
    const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1]
    if (token) request.principal = await opts.resolveToken(token, request.now)
    // The matched route, not the raw URL: /%61pi/v1/… routes to the same handler as /api/v1/….
    const route = request.routeOptions.url
    const needsAuth = route?.startsWith('/api/') && request.routeOptions.config?.public !== true
    if (needsAuth && !request.principal) {
      throw new Unauthorized(header ? 'The token is invalid or has expired: sign in again' : undefined)
    }
  })
})

function meta(request: FastifyRequest) {
  return { requestId: String(request.id), now: request.now, ip: request.ip, userAgent: request.headers['user-agent'] }
}

/** The bearer token of this request (authenticated routes only). */
export function tokenOf(request: FastifyRequest): string {
  const token = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1]
  if (!token || !request.principal) throw new Unauthorized()
  return token
}

/** The service context of an authenticated route. */
export function ctxOf(request: FastifyRequest): Ctx {
  if (!request.principal) throw new Unauthorized()
  return { actor: request.principal, ...meta(request) }
}

/** The service context of a public route: the actor if a token came, otherwise anonymous. */
export function optionalCtxOf(request: FastifyRequest): Ctx | AnonymousCtx {
  return request.principal ? { actor: request.principal, ...meta(request) } : { actor: null, ...meta(request) }
}

import cors from '@fastify/cors'
import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../config.js'

/** Headers a browser sends that the API reads, and those it may let the page read back. */
const ALLOWED_HEADERS = ['authorization', 'content-type', 'idempotency-key', 'x-request-id']
const EXPOSED_HEADERS = ['x-request-id', 'x-client-request-id', 'x-document-sha256', 'retry-after', 'idempotent-replayed', 'content-disposition']

/**
 * Swagger UI's own policy (it replaces the one below on /docs): its scripts and styles come from
 * this server, and it fetches the OpenAPI document and, for "Try it out", the API it describes.
 * Swagger UI sets style attributes as it renders, hence 'unsafe-inline' for styles there only.
 */
export function docsContentSecurityPolicy(config: Config): string {
  const api = new URL(config.publicBaseUrl).origin
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${api}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** What an HTML page may load: its style blocks by their hashes, and forms back to this server if it has any. */
export interface PagePolicy {
  styleSources: string[]
  forms?: boolean
}

/** The one Content-Security-Policy of Jiawei's own pages and answers (Swagger UI has its own, above). */
function policyDirectives(p: PagePolicy) {
  return {
    defaultSrc: ["'none'"],
    styleSrc: p.styleSources,
    imgSrc: ["'self'", 'data:'],
    baseUri: ["'none'"],
    formAction: [p.forms ? "'self'" : "'none'"],
    frameAncestors: ["'none'"],
  }
}

/** The policy as a header value, for a page that needs more than the default (its own styles, a form). */
export function contentSecurityPolicy(p: PagePolicy): string {
  return Object.entries(policyDirectives(p))
    .map(([name, sources]) => `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${sources.join(' ')}`)
    .join('; ')
}

/**
 * helmet's headers on every answer: nosniff, no referrer, never framed, and a Content-Security-
 * Policy that allows nothing but the public pages' style block (by its hash) — the JSON API
 * needs nothing at all. CORS stays closed unless CORS_ORIGINS lists browser origins.
 */
export const securityPlugin = fp(
  async (app: FastifyInstance, opts: { config: Config /** CSP sources of the HTML pages' inline styles (their hashes). */; styleSources: string[] }) => {
    await app.register(helmet, {
      contentSecurityPolicy: { useDefaults: false, directives: policyDirectives({ styleSources: opts.styleSources }) },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
    })
    await app.register(cors, {
      origin: opts.config.corsOrigins.length > 0 ? opts.config.corsOrigins : false,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ALLOWED_HEADERS,
      exposedHeaders: EXPOSED_HEADERS,
      credentials: false,
      maxAge: 600,
    })
  },
)

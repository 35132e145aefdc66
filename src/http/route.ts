import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { normalizeMultipart } from './multipart.js'
import { ProblemSchema } from './responses.js'

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
/** Media types a success answer may have besides JSON. */
export type Media = 'application/pdf' | 'text/csv' | 'text/html' | 'image/jpeg' | 'image/png'

const ERROR_WORDS: Record<number, string> = {
  400: 'Bad input: the problem names each field (errors[].path)',
  401: 'No valid bearer token',
  403: 'Known to the caller, but not theirs to do',
  404: 'Not found, or not the caller’s to see (another school’s, committee’s or family’s)',
  409: 'Conflicts with the record’s current state',
  413: 'The body is larger than the server accepts',
  415: 'Unsupported media type',
  422: 'A rule refused it: the problem’s code names the rule',
  429: 'Too many attempts: retry later (Retry-After)',
  503: 'The database is not reachable',
}

/** The Idempotency-Key header a money-moving POST honours (src/http/idempotency.ts), shown in the OpenAPI. */
const IdempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{8,200}$/, 'must be 8–200 visible ASCII characters (a UUID is ideal)')
    .optional()
    .describe('Retry-safe: the same key with the same body replays the first answer; with another body it is refused (422)'),
})

/**
 * The per-address limit on what a stranger can try in a minute (login, self-registration, invite
 * codes): LOGIN_RATE_LIMIT_PER_MINUTE, `times` over for pages a whole class opens from one address.
 */
export const strangerRateLimit = (config: { loginRateLimitPerMinute: number }, times = 1) => ({ max: config.loginRateLimitPerMinute * times, timeWindow: '1 minute' })

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType> {
  method: Method
  url: string
  operationId: string
  /** One line, for the list of operations. */
  summary: string
  /** Who may call it and what it does, for the reader of /docs. */
  description: string
  /** Reachable without a token. Everything else needs one: the auth plugin reads this same flag. */
  public?: boolean
  params?: P
  querystring?: Q
  body?: B
  /** The success answer; JSON unless `media` says otherwise (the handler then sends the bytes itself, as one of these types). */
  reply: { status?: 200 | 201 | 204; schema: R; media?: Media | Media[]; description?: string }
  /** Error statuses besides 400 (always) and 401 (every route that needs a token). */
  errors?: number[]
  /** Honours Idempotency-Key (money-moving POSTs). */
  idempotent?: boolean
  /** Per client address; `allowList` exempts requests that are no stranger's (e.g. an admin's). */
  rateLimit?: { max: number; timeWindow: string; allowList?: (req: FastifyRequest) => boolean }
  bodyLimit?: number
  /** Also takes multipart/form-data: a `json` field with the body's fields, and files (src/http/multipart.ts). */
  multipart?: boolean
  /** Media types the body may come as, besides JSON (the route's plugin registers their parsers). */
  consumes?: string[]
  handler: (
    req: FastifyRequest<{ Params: z.output<P>; Querystring: z.output<Q>; Body: z.output<B> }>,
    reply: FastifyReply,
  ) => Promise<z.input<R> | FastifyReply> | z.input<R> | FastifyReply
}

function problem(status: number) {
  return { description: ERROR_WORDS[status] ?? 'Problem', content: { 'application/problem+json': { schema: ProblemSchema } } }
}

/**
 * Declares a route once: documentation, authentication and replies come from the same fields, so
 * the OpenAPI document and the auth rule cannot disagree. Errors are always problem+json.
 */
export function defineRoutes(app: FastifyInstance, tag: string) {
  return function route<P extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined, B extends z.ZodType = z.ZodUndefined, R extends z.ZodType = z.ZodType>(
    spec: RouteSpec<P, Q, B, R>,
  ): void {
    const status = spec.reply.status ?? 200
    const media = spec.reply.media === undefined ? [] : [spec.reply.media].flat()
    const success = media.length
      ? { description: spec.reply.description ?? 'OK', content: Object.fromEntries(media.map((m) => [m, { schema: spec.reply.schema }])) }
      : spec.reply.schema
    const statuses = [400, ...(spec.public ? [] : [401]), ...(spec.errors ?? []), ...(spec.rateLimit ? [429] : [])]
    app.route({
      method: spec.method,
      url: spec.url,
      ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
      ...(spec.multipart ? { preValidation: normalizeMultipart } : {}),
      config: { public: spec.public === true, idempotent: spec.idempotent === true, ...(spec.rateLimit ? { rateLimit: spec.rateLimit } : {}) },
      schema: {
        operationId: spec.operationId,
        tags: [tag],
        summary: spec.summary,
        description: spec.description,
        ...(spec.public ? {} : { security: [{ bearerAuth: [] }] }),
        ...(spec.params ? { params: spec.params } : {}),
        ...(spec.querystring ? { querystring: spec.querystring } : {}),
        ...(spec.body ? { body: spec.body } : {}),
        ...(spec.multipart ? { consumes: ['application/json', 'multipart/form-data'] } : spec.consumes ? { consumes: spec.consumes } : {}),
        ...(spec.idempotent ? { headers: IdempotencyHeaders } : {}),
        response: { [status]: success, ...Object.fromEntries([...new Set(statuses)].map((s) => [s, problem(s)])) },
      },
      handler: async (req, reply) => {
        const out = await spec.handler(req as never, reply)
        // A reply is thenable: awaiting a handler that returned it yields its settlement, not the reply.
        if (out === reply || reply.sent) return reply
        return reply.code(status).send(status === 204 ? null : out)
      },
    })
  }
}

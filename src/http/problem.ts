import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod'
import { AppError } from '../errors.js'
import { isUnreadableMultipart } from './multipart.js'

export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  code: string
  instance?: string
  errors?: { path: string; message: string }[]
}

const TYPE_BASE = 'https://jiawei.app/problems/'

export function sendProblem(reply: FastifyReply, p: Omit<Problem, 'type'> & { type?: string }) {
  const body: Problem = { type: p.type ?? TYPE_BASE + p.code, ...p }
  return reply.code(p.status).type('application/problem+json; charset=utf-8').send(body)
}

/** "/student/name" or "student.name" from ajv/zod paths; the body's own root reads "body". */
function pointer(context: string, instancePath: string): string {
  const rest = instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.')
  return rest ? `${context}.${rest}` : context
}

const pgCodes: Record<string, { status: number; code: string; detail: string }> = {
  '23505': { status: 409, code: 'already-exists', detail: 'A record with the same unique value already exists' },
  '23503': { status: 422, code: 'reference-missing', detail: 'A referenced record does not exist' },
  '23514': { status: 422, code: 'constraint-violated', detail: 'The data breaks a database constraint' },
  '22P02': { status: 400, code: 'validation-failed', detail: 'A value has the wrong format' },
  // Values the schemas let through but PostgreSQL refuses: still the client's input, never a 500.
  '22007': { status: 400, code: 'validation-failed', detail: 'A date or time value is not valid' },
  '22008': { status: 400, code: 'validation-failed', detail: 'A date or time value is out of range' },
  '22021': { status: 400, code: 'validation-failed', detail: 'Text contains a character that cannot be stored (e.g. NUL)' },
  '22P05': { status: 400, code: 'validation-failed', detail: 'Text contains a character that cannot be stored (e.g. NUL)' },
  '22003': { status: 400, code: 'validation-failed', detail: 'A number is out of range' },
}

/** PostgreSQL's SQLSTATEs for a connection that is gone or refused: class 08, the server shutting down, or full. */
const UNAVAILABLE_SQLSTATE = /^(08|57P0[123]$|53300$)/
/** The socket's own errors, on connecting or mid-query. */
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])
/** pg's own words for a connection lost or never made (it gives these no code). */
const UNAVAILABLE_MESSAGE = /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|timeout exceeded when trying to connect)/

/**
 * The database cannot be reached, or the connection was lost mid-request: the client's retry may
 * well succeed, so it is a 503 with Retry-After, never a 500. Whatever the transaction did was
 * rolled back — or, when the answer to COMMIT itself was lost, committed whole; either way a
 * retry with the same Idempotency-Key finds what it did.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false
  const e = error as { code?: unknown; message?: unknown; errors?: unknown }
  if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATE.test(e.code) || UNAVAILABLE_ERRNO.has(e.code))) return true
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true
  // A connect to a name with several addresses fails with an AggregateError of each attempt.
  return Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every(isDatabaseUnavailable)
}

function toProblem(error: FastifyError & { code?: string }, request: FastifyRequest): Omit<Problem, 'type'> {
  if (error instanceof AppError) {
    return { status: error.status, code: error.code, title: error.title, detail: error.message, errors: error.errors }
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = error.validationContext ?? 'body'
    const errors = error.validation.map((v) => ({ path: pointer(context, v.instancePath), message: v.message ?? 'invalid' }))
    return {
      status: 400,
      code: 'validation-failed',
      title: 'Bad Request',
      detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '),
      errors,
    }
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error, cause: error.cause }, 'response did not match its schema')
    return { status: 500, code: 'internal', title: 'Internal Server Error', detail: 'The server failed to answer; the error is logged' }
  }
  if (isUnreadableMultipart(error)) {
    return { status: 400, code: 'malformed-multipart', title: 'Bad Request', detail: 'The multipart/form-data body cannot be read' }
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'malformed-json', title: 'Bad Request', detail: `The body is not valid JSON: ${error.message}` }
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'body-too-large', title: 'Content Too Large', detail: 'The request body is larger than the server accepts' }
    case 'FST_REQ_FILE_TOO_LARGE':
      return { status: 413, code: 'file-too-large', title: 'Content Too Large', detail: 'A file is larger than 5 MB' }
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return { status: 413, code: 'too-many-parts', title: 'Content Too Large', detail: 'Too many files or fields: at most five files of 5 MB each' }
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
    case 'FST_PROTO_VIOLATION':
      return { status: 400, code: 'malformed-multipart', title: 'Bad Request', detail: 'The multipart/form-data body cannot be read' }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        code: 'unsupported-media-type',
        title: 'Unsupported Media Type',
        detail: 'Send the body as application/json (or multipart/form-data where a route takes files)',
      }
  }
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: error }, 'database unavailable')
    return {
      status: 503,
      code: 'database-unavailable',
      title: 'Service Unavailable',
      detail: 'The database cannot be reached at the moment; nothing was recorded partially. Retry shortly (with the same Idempotency-Key)',
    }
  }
  const pg = error.code ? pgCodes[error.code] : undefined
  if (pg) {
    request.log.warn({ err: error }, 'database constraint')
    return { ...pg, title: pg.status === 409 ? 'Conflict' : pg.status === 400 ? 'Bad Request' : 'Rule violation' }
  }
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
  if (status === 500) {
    request.log.error({ err: error }, 'unhandled error')
    return { status, code: 'internal', title: 'Internal Server Error', detail: 'The server failed to answer; the error is logged' }
  }
  return { status, code: status === 429 ? 'rate-limited' : 'bad-request', title: status === 429 ? 'Too Many Requests' : 'Bad Request', detail: error.message }
}

/**
 * Fastify's `frameworkErrors`: what it answers before any route or hook runs (a path parameter
 * over maxParamLength, a path that is not valid percent-encoding) leaves as a problem too. No
 * hook has run, so the headers every other answer gets are set here.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  reply.header('x-request-id', request.id).header('x-content-type-options', 'nosniff').header('content-security-policy', "default-src 'none'; frame-ancestors 'none'")
  const path = request.url.split('?')[0]
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return sendProblem(reply, {
      status: 414,
      code: 'uri-too-long',
      title: 'URI Too Long',
      detail: 'A part of the path is longer than any identifier this API uses',
      instance: path,
    })
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    return sendProblem(reply, { status: 400, code: 'bad-url', title: 'Bad Request', detail: 'The path is not valid percent-encoding (e.g. %ZZ)' })
  }
  request.log.error({ err: error }, 'framework error')
  return sendProblem(reply, { status: 500, code: 'internal', title: 'Internal Server Error', detail: 'The server failed to answer; the error is logged' })
}

/** Every error leaves as application/problem+json, and no stack trace ever does. */
export const problemPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = toProblem(error, request)
    if (problem.status === 429 && !reply.hasHeader('retry-after')) reply.header('retry-after', '60')
    if (problem.status === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', '2')
    return sendProblem(reply, { ...problem, instance: request.url })
  })
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, {
      status: 404,
      code: 'route-not-found',
      title: 'Not Found',
      detail: `No route ${request.method} ${request.url.split('?')[0]}`,
      instance: request.url,
    }),
  )
})

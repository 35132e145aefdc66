import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { z } from 'zod'

/** A file as a route's body receives it: its bytes, its name and the type the sender claimed (never trusted). */
export interface UploadedPart {
  fileName: string
  claimedType: string
  bytes: Buffer
}

/** The zod shape of one uploaded file part, for a route's body schema. */
export const UploadPart = z.object({ fileName: z.string(), claimedType: z.string(), bytes: z.instanceof(Buffer) })

export const UPLOAD_LIMITS = { fileSize: 5 * 1024 * 1024, files: 5, fields: 20, fieldSize: 64 * 1024, parts: 30 }

/**
 * multipart/form-data for the routes that take files (expense receipts, bank and WeChat exports):
 * at most five files of 5 MB each, read into memory (they are stored in PostgreSQL or parsed and
 * dropped, so instances stay stateless).
 */
export const multipartPlugin = fp(async (app: FastifyInstance) => {
  await app.register(multipart, {
    attachFieldsToBody: true,
    limits: UPLOAD_LIMITS,
    onFile: async (part) => {
      ;(part as unknown as { value: UploadedPart }).value = { fileName: part.filename, claimedType: part.mimetype, bytes: await part.toBuffer() }
    },
  })
})

/**
 * A body the multipart parser cannot read: busboy's own errors (no boundary, the body cut off, a
 * part ended early) are plain Errors with no code or status, and a `json` part declared as JSON
 * that is not arrives as @fastify/multipart's FST_INVALID_JSON_FIELD_ERROR (a 406 there). Each is
 * the client's malformed body, answered 400 (src/http/problem.ts).
 */
const UNREADABLE = /^(Multipart: Boundary not found|Unexpected end of multipart data|\w+ terminated early due to unexpected end of multipart data|Malformed part header)$/

export function isUnreadableMultipart(error: { code?: string; statusCode?: number; message?: string }): boolean {
  if (error.code === 'FST_INVALID_JSON_FIELD_ERROR' || error.code === 'FST_MP_PREMATURE_CLOSE') return true
  return error.code === undefined && error.statusCode === undefined && UNREADABLE.test(error.message ?? '')
}

type Part = { type: 'field' | 'file'; fieldname: string; value: unknown }
const isPart = (v: unknown): v is Part => typeof v === 'object' && v !== null && 'type' in v && 'fieldname' in v

/**
 * Turns a multipart body into the shape of the route's JSON body before it is validated: the
 * field named `json` holds the JSON fields, every file part becomes an entry of `files`. So one
 * zod schema validates both, and errors name the same paths.
 */
export async function normalizeMultipart(request: FastifyRequest) {
  if (!request.isMultipart()) return
  const parts = Object.values(request.body ?? {})
    .flatMap((v) => (Array.isArray(v) ? v : [v]))
    .filter(isPart)
  const json = parts.find((p) => p.type === 'field' && p.fieldname === 'json')
  let fields: unknown = {}
  // A part sent as application/json arrives parsed; one sent as plain text is parsed here.
  if (json && typeof json.value === 'object') fields = json.value
  else if (json) {
    try {
      fields = JSON.parse(String(json.value))
    } catch {
      fields = { json: 'not JSON' }
    }
  }
  const files = parts.filter((p) => p.type === 'file').map((p) => p.value as UploadedPart)
  request.body = typeof fields === 'object' && fields !== null && !Array.isArray(fields) ? { ...fields, files } : { files }
}

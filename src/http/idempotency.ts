import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Db } from '../db/index.js'
import { AppError, BadInput, Conflict } from '../errors.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Honour an Idempotency-Key header: replay the stored response of the first request. */
    idempotent?: boolean
  }
  interface FastifyRequest {
    idempotencyKey: { userId: string; key: string } | null
  }
}

const IN_PROGRESS_WAIT_MS = 5000
const ABANDONED_AFTER_MS = 60_000

function stable(value: unknown): string {
  // An uploaded file counts by its content's hash, not by its bytes spelled out.
  if (value instanceof Uint8Array) return JSON.stringify(`sha256:${createHash('sha256').update(value).digest('hex')}`)
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/**
 * Keys are per user and stored in PostgreSQL (no process state, so any instance can replay).
 * The first request claims the key; its response is stored on send. A 5xx frees the key so the
 * client's retry really runs again; any other answer, refusal included, is replayed.
 */
export const idempotencyPlugin = fp(async (app: FastifyInstance, opts: { db: Db }) => {
  const { db } = opts
  app.decorateRequest('idempotencyKey', null)
  const readKey = (userId: string, key: string) => db.selectFrom('idempotency_keys').selectAll().where('user_id', '=', userId).where('key', '=', key).executeTakeFirst()

  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key']
    if (!request.routeOptions.config?.idempotent || key === undefined || !request.principal) return
    if (typeof key !== 'string' || !/^[\x21-\x7e]{8,200}$/.test(key)) {
      throw new BadInput('headers.idempotency-key', 'must be 8–200 visible ASCII characters (a UUID is ideal)')
    }
    const userId = request.principal.userId
    const hash = createHash('sha256')
      .update(`${request.method} ${request.url}\n${stable(request.body ?? null)}`)
      .digest('hex')
    const claimed = await db
      .insertInto('idempotency_keys')
      .values({ user_id: userId, key, request_hash: hash, created_at: request.now })
      .onConflict((oc) => oc.doNothing())
      .returning('key')
      .executeTakeFirst()
    if (claimed) {
      request.idempotencyKey = { userId, key }
      return
    }
    // The first request with this key may still be running (a phone's double tap, a retry after
    // a timeout): wait a little for its answer, and replay it.
    const abandoned = (claim: { status_code: number | null; created_at: Date }) =>
      claim.status_code === null && request.now.getTime() - claim.created_at.getTime() > ABANDONED_AFTER_MS
    let stored = await readKey(userId, key)
    for (let waited = 0; stored?.status_code === null && stored.request_hash === hash && !abandoned(stored) && waited < IN_PROGRESS_WAIT_MS; waited += 25) {
      await new Promise((resolve) => setTimeout(resolve, 25))
      stored = await readKey(userId, key)
    }
    if (!stored) throw new Conflict('idempotency-in-progress', 'A request with this Idempotency-Key failed a moment ago; retry')
    if (stored.request_hash !== hash) {
      throw new AppError(422, 'idempotency-key-reused', 'Unprocessable Content', 'This Idempotency-Key was already used for a different request; use a new key for a new request')
    }
    if (stored.status_code === null) {
      // A claim whose request never answered (the process died after or before its commit) is
      // taken over: the service finds what that request did by the same key, if it did anything.
      if (abandoned(stored)) {
        request.idempotencyKey = { userId, key }
        return
      }
      throw new Conflict('idempotency-in-progress', 'A request with this Idempotency-Key is still being processed; retry shortly')
    }
    reply.header('idempotent-replayed', 'true')
    if (stored.content_type) reply.type(stored.content_type)
    return reply.code(stored.status_code).send(stored.response_body ?? '')
  })

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotencyKey
    if (!claim) return payload
    const where = db.updateTable('idempotency_keys').where('user_id', '=', claim.userId).where('key', '=', claim.key)
    try {
      if (reply.statusCode >= 500) {
        await db.deleteFrom('idempotency_keys').where('user_id', '=', claim.userId).where('key', '=', claim.key).execute()
      } else {
        await where
          .set({
            status_code: reply.statusCode,
            response_body: typeof payload === 'string' ? payload : payload == null ? '' : String(payload),
            content_type: String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8'),
          })
          .execute()
      }
    } catch (err) {
      // The database went away between the answer and its storing (a 503 that could not free the
      // key, or a success that could not be stored): the client still gets the answer. The claim
      // stays unanswered, so a retry hears "in progress" until it counts as abandoned and is taken
      // over; the service then finds by the key what the first request did.
      request.log.warn({ err }, 'the idempotency key could not be stored')
    }
    return payload
  })
})

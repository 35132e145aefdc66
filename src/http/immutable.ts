import type { FastifyReply, FastifyRequest } from 'fastify'

/**
 * A published document never changes (rule 6): a strong ETag, a year of public caching marked
 * immutable, and 304 when the client already has it, so a CDN or reverse proxy can carry the load.
 */
export function sendImmutable(request: FastifyRequest, reply: FastifyReply, doc: { etag: string; type: string; body: string | Buffer; fileName?: string }) {
  const etag = `"${doc.etag}"`
  reply.header('etag', etag).header('cache-control', 'public, max-age=31536000, immutable')
  if (doc.fileName) reply.header('content-disposition', `inline; filename="${doc.fileName}"`)
  const asked = request.headers['if-none-match']
  if (asked?.split(',').some((t) => t.trim() === etag || t.trim() === '*')) return reply.code(304).send()
  return reply.type(doc.type).send(doc.body)
}

/** A small in-process cache of immutable documents: what is cached can never be stale. */
export class ImmutableCache<T> {
  private readonly entries = new Map<string, T>()
  constructor(private readonly max = 500) {}

  async get(key: string, make: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key)
    if (hit !== undefined) {
      this.entries.delete(key)
      this.entries.set(key, hit)
      return hit
    }
    const value = await make()
    this.entries.set(key, value)
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string)
    return value
  }
}

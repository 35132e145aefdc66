import { gzipSync } from 'node:zlib'
import type { FastifyReply, FastifyRequest } from 'fastify'

/**
 * A published document never changes (rule 6): a strong ETag, a year of public caching marked
 * immutable, and 304 when the client already has it, so a CDN or reverse proxy can carry the load.
 */
export function sendImmutable(request: FastifyRequest, reply: FastifyReply, doc: { etag: string; type: string; body: string | Buffer; fileName?: string }) {
  const gzip = acceptsGzip(request.headers['accept-encoding']) ? gzipped(doc) : null
  // A strong ETag names one representation: the gzip one has its own.
  const etag = gzip ? `"${doc.etag}.gz"` : `"${doc.etag}"`
  reply.header('etag', etag).header('cache-control', 'public, max-age=31536000, immutable').header('vary', 'accept-encoding')
  if (doc.fileName) reply.header('content-disposition', `inline; filename="${doc.fileName}"`)
  const asked = request.headers['if-none-match']
  if (asked?.split(',').some((t) => t.trim() === etag || t.trim() === '*')) return reply.code(304).send()
  if (gzip) reply.header('content-encoding', 'gzip')
  return reply.type(doc.type).send(gzip ?? doc.body)
}

/** Documents worth compressing: text of some size (a PDF is compressed already). */
const COMPRESS_FROM_BYTES = 1024
const gzipCache = new WeakMap<Buffer, Buffer>()

function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';')
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    return (coding === 'gzip' || coding === 'x-gzip') && (!q || Number(q.slice(2)) > 0)
  })
}

/**
 * The document gzipped once, kept beside the cached bytes: a parent on a phone over mobile data
 * downloads a month's statement at an eighth of its size, and compressing costs nothing per
 * request after the first.
 */
function gzipped(doc: { type: string; body: string | Buffer }): Buffer | null {
  if (doc.type.startsWith('application/pdf') || Buffer.byteLength(doc.body) < COMPRESS_FROM_BYTES) return null
  if (typeof doc.body === 'string') return gzipSync(doc.body)
  let z = gzipCache.get(doc.body)
  if (!z) {
    z = gzipSync(doc.body)
    gzipCache.set(doc.body, z)
  }
  return z
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

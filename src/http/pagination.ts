import { type SelectQueryBuilder, sql } from 'kysely'
import { z } from 'zod'
import { BadInput } from '../errors.js'

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Items per page (1–200)'),
  cursor: z.string().max(500).optional().describe('nextCursor of the previous page'),
})
export type PageQuery = z.infer<typeof PageQuery>

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() })
}

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

function encode(ts: string, id: string): string {
  return Buffer.from(JSON.stringify([ts, id])).toString('base64url')
}

function decode(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    // Only cursors this API made: PostgreSQL's timestamptz text and a UUID, nothing else reaches SQL.
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === 'string' &&
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/.test(v[0]) &&
      /^[0-9a-f-]{36}$/.test(v[1])
    )
      return [v[0], v[1]]
  } catch {}
  throw new BadInput('querystring.cursor', 'is not a cursor this API gave out')
}

/**
 * Keyset pagination on (created_at, id), oldest first. The cursor carries the timestamp as
 * PostgreSQL's own text so microseconds survive the round trip (a JS Date would drop them and
 * skip rows created in the same millisecond).
 */
export async function paginate<DB, TB extends keyof DB, O extends { id: string }>(
  query: SelectQueryBuilder<DB, TB, O>,
  page: PageQuery,
  columns: { createdAt: string; id: string },
): Promise<Page<O>> {
  let q = query as unknown as SelectQueryBuilder<DB, TB, O & { __cursor_ts: string }>
  q = q.select(sql<string>`${sql.ref(columns.createdAt)}::text`.as('__cursor_ts') as never) as never
  if (page.cursor) {
    const [ts, id] = decode(page.cursor)
    q = q.where(sql<boolean>`(${sql.ref(columns.createdAt)}, ${sql.ref(columns.id)}) > (${ts}::timestamptz, ${id}::uuid)`) as never
  }
  const rows = (await q
    .orderBy(sql.ref(columns.createdAt) as never)
    .orderBy(sql.ref(columns.id) as never)
    .limit(page.limit + 1)
    .execute()) as (O & { __cursor_ts: string })[]
  const more = rows.length > page.limit
  const items = rows.slice(0, page.limit)
  const last = items[items.length - 1]
  return {
    items: items.map(({ __cursor_ts: _, ...rest }) => rest as unknown as O),
    nextCursor: more && last ? encode(last.__cursor_ts, last.id) : null,
  }
}

// The SQL of the append-only audit trail.
import type { Insertable } from 'kysely'
import type { Trx } from '../../db/index.js'
import type { AuditEventsTable } from '../../db/schema.js'

export const insertAuditEvent = (trx: Trx, event: Insertable<AuditEventsTable>) => trx.insertInto('audit_events').values(event).execute()

export async function insertAuditEvents(trx: Trx, events: Insertable<AuditEventsTable>[]) {
  for (let i = 0; i < events.length; i += 1000)
    await trx
      .insertInto('audit_events')
      .values(events.slice(i, i + 1000))
      .execute()
}

// The SQL of the append-only audit trail.
import type { Insertable } from 'kysely'
import type { Trx } from '../../db/index.js'
import type { AuditEventsTable } from '../../db/schema.js'

export const insertAuditEvent = (trx: Trx, event: Insertable<AuditEventsTable>) => trx.insertInto('audit_events').values(event).execute()

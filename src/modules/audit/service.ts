import type { AnonymousCtx, Ctx } from '../../context.js'
import type { Trx } from '../../db/index.js'
import { insertAuditEvent, insertAuditEvents } from './repository.js'

export interface AuditEntry {
  action: string
  entityType: string
  entityId: string
  data?: Record<string, unknown>
}

/** Written inside the transaction of the change it records, so neither exists without the other. */
export async function recordAudit(trx: Trx, ctx: Ctx | AnonymousCtx, entry: AuditEntry, actorUserId?: string): Promise<void> {
  await insertAuditEvent(trx, {
    at: ctx.now,
    actor_user_id: ctx.actor?.userId ?? actorUserId ?? null,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    request_id: ctx.requestId,
    data: JSON.stringify(entry.data ?? {}),
  })
}

/** Many events of one request at once (a billing run books thousands of entries). */
export async function recordAuditMany(trx: Trx, ctx: Ctx | AnonymousCtx, entries: AuditEntry[]): Promise<void> {
  await insertAuditEvents(
    trx,
    entries.map((entry) => ({
      at: ctx.now,
      actor_user_id: ctx.actor?.userId ?? null,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      request_id: ctx.requestId,
      data: JSON.stringify(entry.data ?? {}),
    })),
  )
}

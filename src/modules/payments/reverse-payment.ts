import { chinaToday } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import { transact } from '../../db/transaction.js'
import { Conflict, NotFound } from '../../errors.js'
import { recordAudit } from '../audit/service.js'
import { lockFund, reverseEntry } from '../ledger/service.js'
import { authorizeCommitteeRecord } from '../schools/service.js'
import * as repo from './repository.js'
import { paymentView } from './views.js'

/**
 * A payment recorded in error is reversed, never deleted: a reversal entry naming the payment's
 * entry and the reason; the receipt is void and its number is never given again. What the
 * payment had paid is owed again.
 */
export async function reversePayment(db: Db, ctx: Ctx, paymentId: string, reason: string) {
  const notFound = () => new NotFound('payment', `Payment ${paymentId} not found`)
  const found = await repo.paymentById(db, paymentId)
  if (!found) throw notFound()
  await authorizeCommitteeRecord(db, ctx, found.committee_id, { allowed: [found.received_as], action: 'reverse a payment (its collector)' }, notFound)
  return transact(db, async (trx) => {
    const lock = await lockFund(trx, found.committee_id, found.plan_id, ctx.now)
    if ((await repo.reversalsOf(trx, [paymentId])).length > 0) throw new Conflict('already-reversed', `Receipt ${found.receipt_no} is already void`)
    const entry = await reverseEntry(trx, ctx, lock, found.entry_id, {
      sourceType: 'payment_reversal',
      sourceId: paymentId,
      description: `冲销收据 ${found.receipt_no}`,
      reason,
      entryDate: chinaToday(ctx),
    })
    await repo.insertReversal(trx, { paymentId, reason, entryId: entry.id, reversedBy: ctx.actor.userId }, ctx.now)
    await recordAudit(trx, ctx, { action: 'payment.reversed', entityType: 'payment', entityId: paymentId, data: { receiptNo: found.receipt_no, reason, entryId: entry.id } })
    return paymentView(trx, found)
  })
}

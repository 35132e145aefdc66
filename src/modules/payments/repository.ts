// The SQL of payments, their receipt numbers, allocations and reversals.
import { sql } from 'kysely'
import type { Db, Trx } from '../../db/index.js'
import type { PaymentMethod } from '../../db/schema.js'

/**
 * The next receipt number of a committee's year. The counter row stays locked until commit, so
 * concurrent payments take consecutive numbers one after another, and a payment that rolls back
 * takes its number back with it: no gaps, no duplicates.
 */
export async function nextReceiptSeq(trx: Trx, committeeId: string, year: number): Promise<number> {
  const row = await trx
    .insertInto('receipt_counters')
    .values({ committee_id: committeeId, year, last_seq: 1 })
    .onConflict((oc) => oc.columns(['committee_id', 'year']).doUpdateSet({ last_seq: sql`receipt_counters.last_seq + 1` }))
    .returning('last_seq')
    .executeTakeFirstOrThrow()
  return row.last_seq
}

export const paymentById = (db: Db | Trx, id: string) => db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst()

export const paymentByKey = (db: Db | Trx, userId: string, key: string) =>
  db.selectFrom('payments').selectAll().where('received_by', '=', userId).where('idempotency_key', '=', key).executeTakeFirst()

/** Payments that look like the same money twice: same family, amount and channel within a day, or the channel's transaction number again. */
export const lookalikes = (db: Db | Trx, p: { committeeId: string; enrollmentId: string; amountFen: number; method: PaymentMethod; paidAt: Date; reference: string | null }) =>
  db
    .selectFrom('payments as p')
    .leftJoin('payment_reversals as r', 'r.payment_id', 'p.id')
    .select(['p.id', 'p.receipt_no', 'p.paid_at', 'p.reference', 'p.amount_fen'])
    .where('r.payment_id', 'is', null)
    .where('p.committee_id', '=', p.committeeId)
    .where('p.method', '=', p.method)
    .where((eb) => {
      const sameDay = eb.and([
        eb('p.enrollment_id', '=', p.enrollmentId),
        eb('p.amount_fen', '=', p.amountFen),
        eb('p.paid_at', '>', new Date(p.paidAt.getTime() - 86_400_000)),
        eb('p.paid_at', '<', new Date(p.paidAt.getTime() + 86_400_000)),
      ])
      return p.reference ? eb.or([sameDay, eb('p.reference', '=', p.reference)]) : sameDay
    })
    .execute()

export const insertPayment = (
  trx: Trx,
  p: {
    committeeId: string
    planId: string
    enrollmentId: string
    amountFen: number
    method: PaymentMethod
    paidAt: Date
    reference: string | null
    receiptYear: number
    receiptSeq: number
    receiptNo: string
    receivedBy: string
    receivedAs: 'treasurer' | 'school-finance'
    confirmedDuplicate: boolean
    idempotencyKey: string | null
    entryId: string
  },
  now: Date,
) =>
  trx
    .insertInto('payments')
    .values({
      committee_id: p.committeeId,
      plan_id: p.planId,
      enrollment_id: p.enrollmentId,
      amount_fen: p.amountFen,
      method: p.method,
      paid_at: p.paidAt,
      reference: p.reference,
      receipt_year: p.receiptYear,
      receipt_seq: p.receiptSeq,
      receipt_no: p.receiptNo,
      received_by: p.receivedBy,
      received_as: p.receivedAs,
      confirmed_duplicate: p.confirmedDuplicate,
      idempotency_key: p.idempotencyKey,
      entry_id: p.entryId,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()

export async function insertAllocations(trx: Trx, rows: { payment_id: string; charge_id: string; amount_fen: number }[]) {
  if (rows.length > 0) await trx.insertInto('payment_allocations').values(rows).execute()
}

export const allocationsOf = (db: Db | Trx, paymentIds: string[]) =>
  paymentIds.length === 0
    ? Promise.resolve([])
    : db.selectFrom('payment_allocations').select(['payment_id', 'charge_id', 'amount_fen']).where('payment_id', 'in', paymentIds).execute()

export const insertReversal = (trx: Trx, r: { paymentId: string; reason: string; entryId: string; reversedBy: string }, now: Date) =>
  trx
    .insertInto('payment_reversals')
    .values({ payment_id: r.paymentId, reason: r.reason, entry_id: r.entryId, reversed_by: r.reversedBy, created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow()

export const reversalsOf = (db: Db | Trx, paymentIds: string[]) =>
  paymentIds.length === 0 ? Promise.resolve([]) : db.selectFrom('payment_reversals').selectAll().where('payment_id', 'in', paymentIds).execute()

export const paymentsOfEnrollment = (db: Db | Trx, enrollmentId: string) =>
  db.selectFrom('payments').selectAll().where('enrollment_id', '=', enrollmentId).orderBy('paid_at').orderBy('receipt_seq').execute()

export const paymentsOfPlan = (db: Db | Trx, planId: string) =>
  db.selectFrom('payments').selectAll().where('plan_id', '=', planId).orderBy('receipt_year').orderBy('receipt_seq').execute()

/** What each family of a plan paid, reversed payments excluded. */
export const netPaidOfPlan = (db: Db | Trx, planId: string) =>
  db
    .selectFrom('payments as p')
    .leftJoin('payment_reversals as r', 'r.payment_id', 'p.id')
    .select(['p.enrollment_id', sql<number>`sum(p.amount_fen)::bigint`.as('paid'), sql<number>`count(*)::int`.as('payments')])
    .where('p.plan_id', '=', planId)
    .where('r.payment_id', 'is', null)
    .groupBy('p.enrollment_id')
    .execute()

/** A committee's payments by a channel with its transaction number (reversed ones too: that money was seen). */
export const referencedPayments = (db: Db | Trx, committeeId: string, methods: PaymentMethod[]) =>
  db.selectFrom('payments').select(['method', 'reference']).where('committee_id', '=', committeeId).where('method', 'in', methods).where('reference', 'is not', null).execute()

/** A committee's standing payments by a channel made between two instants. */
export const paymentsBetween = (db: Db | Trx, committeeId: string, methods: PaymentMethod[], from: Date, to: Date) =>
  db
    .selectFrom('payments as p')
    .leftJoin('payment_reversals as r', 'r.payment_id', 'p.id')
    .select(['p.enrollment_id', 'p.amount_fen', 'p.method', 'p.paid_at', 'p.receipt_no', 'p.reference'])
    .where('r.payment_id', 'is', null)
    .where('p.committee_id', '=', committeeId)
    .where('p.method', 'in', methods)
    .where('p.paid_at', '>=', from)
    .where('p.paid_at', '<=', to)
    .execute()

export const receiptNosOf = (db: Db | Trx, paymentIds: string[]) =>
  paymentIds.length === 0 ? Promise.resolve([]) : db.selectFrom('payments').select(['id', 'receipt_no']).where('id', 'in', paymentIds).execute()

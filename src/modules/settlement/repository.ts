// The SQL of settlements, their proposals, write-offs, refunds and the refunds' payment.
import type { Db, Trx } from '../../db/index.js'
import type { PaymentMethod } from '../../db/schema.js'

export const settlementOf = (db: Db | Trx, planId: string) => db.selectFrom('settlements').selectAll().where('plan_id', '=', planId).executeTakeFirst()

export const latestProposal = (db: Db | Trx, planId: string) =>
  db.selectFrom('settlement_proposals').selectAll().where('plan_id', '=', planId).orderBy('created_at', 'desc').limit(1).executeTakeFirst()

export const proposalById = (db: Db | Trx, id: string) => db.selectFrom('settlement_proposals').selectAll().where('id', '=', id).executeTakeFirst()

export const insertProposal = (trx: Trx, p: { planId: string; figures: unknown; sha256: string; proposedBy: string }, now: Date) =>
  trx
    .insertInto('settlement_proposals')
    .values({ plan_id: p.planId, figures: JSON.stringify(p.figures), figures_sha256: p.sha256, proposed_by: p.proposedBy, created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow()

export const insertSettlement = (trx: Trx, s: { planId: string; proposalId: string; confirmedBy: string; statementSeq: number }, now: Date) =>
  trx.insertInto('settlements').values({ plan_id: s.planId, proposal_id: s.proposalId, confirmed_by: s.confirmedBy, statement_seq: s.statementSeq, created_at: now }).execute()

export async function insertRefunds(
  trx: Trx,
  rows: { plan_id: string; enrollment_id: string; refund_no: string; share_fen: number; held_fen: number; paid_basis_fen: number; entry_id: string; created_at: Date }[],
) {
  for (let i = 0; i < rows.length; i += 1000)
    await trx
      .insertInto('refunds')
      .values(rows.slice(i, i + 1000))
      .execute()
}

export const refundsOfPlan = (db: Db | Trx, planId: string) =>
  db
    .selectFrom('refunds as r')
    .leftJoin('refund_payments as p', 'p.refund_id', 'r.id')
    .selectAll('r')
    .select(['p.method', 'p.paid_at', 'p.reference', 'p.paid_by', 'p.entry_id as payment_entry_id'])
    .where('r.plan_id', '=', planId)
    .orderBy('r.refund_no')
    .execute()

export const refundById = (db: Db | Trx, id: string) =>
  db
    .selectFrom('refunds as r')
    .leftJoin('refund_payments as p', 'p.refund_id', 'r.id')
    .selectAll('r')
    .select(['p.method', 'p.paid_at', 'p.reference', 'p.paid_by', 'p.entry_id as payment_entry_id'])
    .where('r.id', '=', id)
    .executeTakeFirst()

export const refundsOfEnrollment = (db: Db | Trx, enrollmentId: string) =>
  db
    .selectFrom('refunds as r')
    .leftJoin('refund_payments as p', 'p.refund_id', 'r.id')
    .selectAll('r')
    .select(['p.method', 'p.paid_at', 'p.reference', 'p.paid_by', 'p.entry_id as payment_entry_id'])
    .where('r.enrollment_id', '=', enrollmentId)
    .execute()

export const insertRefundPayment = (trx: Trx, p: { refundId: string; method: PaymentMethod; paidAt: Date; reference: string | null; paidBy: string; entryId: string }, now: Date) =>
  trx
    .insertInto('refund_payments')
    .values({ refund_id: p.refundId, method: p.method, paid_at: p.paidAt, reference: p.reference, paid_by: p.paidBy, entry_id: p.entryId, created_at: now })
    .execute()

export const insertWriteOff = (trx: Trx, w: { planId: string; enrollmentId: string; amountFen: number; reason: string; decidedBy: string; entryId: string }, now: Date) =>
  trx
    .insertInto('write_offs')
    .values({ plan_id: w.planId, enrollment_id: w.enrollmentId, amount_fen: w.amountFen, reason: w.reason, decided_by: w.decidedBy, entry_id: w.entryId, created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow()

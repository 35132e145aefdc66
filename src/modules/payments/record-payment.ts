import { chinaDateOf } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import type { PaymentMethod } from '../../db/schema.js'
import { transact } from '../../db/transaction.js'
import { AppError, Forbidden, NotFound, RuleViolation } from '../../errors.js'
import { formatYuan } from '../../money.js'
import { recordAudit } from '../audit/service.js'
import { type FamilyForMoney, familyOfEnrollment } from '../enrollment/service.js'
import { chargesOfFamily, loadFundTerms, openCharges, prepayableFen } from '../fees/service.js'
import { cashAccount, familyPositions, lockFund, postEntries } from '../ledger/service.js'
import { getPlanForService, type PlanForService } from '../plans/service.js'
import { loadCommittee } from '../schools/service.js'
import * as repo from './repository.js'
import { paymentView } from './views.js'

export interface PaymentInput {
  enrollmentId: string
  amountFen: number
  method: PaymentMethod
  paidAt: Date
  reference?: string | undefined
  /** The treasurer has checked it is not the same money twice. */
  confirmDuplicate?: boolean | undefined
}

// A phone's clock runs a little ahead; a few minutes is not "in the future".
const CLOCK_SKEW_MS = 5 * 60_000

/** The family of a committee's plan, or 404 in the family's own words. */
export async function familyOfCommittee(
  db: Db | Trx,
  committeeId: string,
  enrollmentId: string,
  path = 'body.enrollmentId',
): Promise<{ family: FamilyForMoney; plan: PlanForService }> {
  const family = await familyOfEnrollment(db, enrollmentId)
  const plan = family ? await getPlanForService(db, family.planId) : null
  if (!family || !plan || plan.committeeId !== committeeId) throw new NotFound('enrollment', `Enrollment ${enrollmentId} not found in this committee (${path})`)
  return { family, plan }
}

/**
 * The collector records a family's payment (rule 7): the committee's treasurer, or the school's
 * finance office where the school collects. It pays the family's oldest open charges; the rest is
 * the family's credit, which pays its next charges as they are billed, but never more than the
 * rest of the term would cost (no prepaying beyond the term). Each payment takes the next receipt
 * number of the committee's year. A retry with the same Idempotency-Key finds the payment it made.
 */
export async function recordPayment(db: Db, ctx: Ctx, committeeId: string, input: PaymentInput, idempotencyKey?: string) {
  return transact(db, async (trx) => {
    if (idempotencyKey) {
      const earlier = await repo.paymentByKey(trx, ctx.actor.userId, idempotencyKey)
      if (earlier) return paymentView(trx, earlier)
    }
    return recordPaymentIn(trx, ctx, committeeId, input, { idempotencyKey })
  })
}

/**
 * recordPayment inside the caller's transaction, for a service that books many payments at once
 * (a confirmed statement import): the same rules, receipts and allocation, all or nothing.
 * `path` prefixes the field paths of its problems (e.g. `body.rows.3`).
 */
export async function recordPaymentIn(trx: Trx, ctx: Ctx, committeeId: string, input: PaymentInput, opts: { idempotencyKey?: string | undefined; path?: string } = {}) {
  const at = (field: string) => `${opts.path ?? 'body'}.${field}`
  const { hats } = await loadCommittee(trx, ctx, committeeId, { allowed: ['treasurer', 'school-finance'], action: 'record a payment' })
  const { family, plan } = await familyOfCommittee(trx, committeeId, input.enrollmentId, at('enrollmentId'))
  const fc = await loadFundTerms(trx, plan)
  const receivedAs = fc.approved.collector === 'school' ? 'school-finance' : 'treasurer'
  if (!hats.has(receivedAs)) {
    throw new Forbidden(`This plan's fees are collected by the ${receivedAs === 'treasurer' ? "committee's treasurer" : "school's finance office"}; it records the payments`)
  }
  if (input.paidAt.getTime() > ctx.now.getTime() + CLOCK_SKEW_MS) {
    throw new RuleViolation('paid-in-future', `A payment is recorded once it was made; ${input.paidAt.toISOString()} has not happened yet`, [
      { path: at('paidAt'), message: 'in the future' },
    ])
  }
  const reference = input.reference?.trim() || null
  const lock = await lockFund(trx, committeeId, family.planId, ctx.now)
  if (!input.confirmDuplicate) {
    const same = await repo.lookalikes(trx, { committeeId, enrollmentId: family.enrollmentId, amountFen: input.amountFen, method: input.method, paidAt: input.paidAt, reference })
    if (same.length > 0) {
      const first = same[0]!
      throw new AppError(
        409,
        'possible-duplicate',
        'Conflict',
        first.reference && first.reference === reference
          ? `Transaction ${reference} on this channel is already recorded as receipt ${first.receipt_no}; if it really is another payment, send it again with confirmDuplicate: true`
          : `${formatYuan(input.amountFen)} yuan from this family by the same channel is already recorded within a day (receipt ${first.receipt_no}, ${first.paid_at.toISOString()}); if it really is a second payment, send it again with confirmDuplicate: true`,
        [{ path: at('confirmDuplicate'), message: `looks like receipt ${first.receipt_no}` }],
      )
    }
  }
  const position = (await familyPositions(trx, family.planId, [family.enrollmentId])).get(family.enrollmentId) ?? { receivableFen: 0, heldFen: 0 }
  const charges = await chargesOfFamily(trx, family.enrollmentId)
  const most = Math.max(0, position.receivableFen + (await prepayableFen(trx, fc, family, new Set(charges.map((c) => c.period)))) - position.heldFen)
  if (input.amountFen > most) {
    throw new RuleViolation(
      'payment-exceeds-term',
      `The family owes ${formatYuan(position.receivableFen)} yuan and the rest of the term would cost at most ${formatYuan(most - position.receivableFen + position.heldFen)} more (it holds ${formatYuan(position.heldFen)}): a payment can be at most ${formatYuan(most)} yuan; nothing is collected beyond the term`,
      [{ path: at('amountFen'), message: `at most ${most}` }],
    )
  }
  const year = Number(chinaDateOf(ctx.now).slice(0, 4))
  const seq = await repo.nextReceiptSeq(trx, committeeId, year)
  const receiptNo = `${year}-${String(seq).padStart(6, '0')}`
  const [entry] = await postEntries(trx, ctx, lock, [
    {
      entryDate: chinaDateOf(input.paidAt),
      sourceType: 'payment',
      description: `收到托管费（收据 ${receiptNo}）`,
      lines: [
        { account: cashAccount(input.method), amountFen: input.amountFen },
        { account: 'receivable', amountFen: -input.amountFen, enrollmentId: family.enrollmentId },
      ],
    },
  ])
  const payment = await repo.insertPayment(
    trx,
    {
      committeeId,
      planId: family.planId,
      enrollmentId: family.enrollmentId,
      amountFen: input.amountFen,
      method: input.method,
      paidAt: input.paidAt,
      reference,
      receiptYear: year,
      receiptSeq: seq,
      receiptNo,
      receivedBy: ctx.actor.userId,
      receivedAs,
      confirmedDuplicate: input.confirmDuplicate === true,
      idempotencyKey: opts.idempotencyKey ?? null,
      entryId: entry!.id,
    },
    ctx.now,
  )
  // What the payment paid, oldest charge first: the months its receipt names.
  let left = input.amountFen
  const allocations = []
  for (const open of openCharges(charges, position.receivableFen)) {
    if (left <= 0) break
    const amount = Math.min(open.openFen, left)
    allocations.push({ payment_id: payment.id, charge_id: open.charge.id, amount_fen: amount })
    left -= amount
  }
  await repo.insertAllocations(trx, allocations)
  await recordAudit(trx, ctx, {
    action: 'payment.recorded',
    entityType: 'payment',
    entityId: payment.id,
    data: { enrollmentId: family.enrollmentId, amountFen: input.amountFen, method: input.method, receiptNo, confirmedDuplicate: input.confirmDuplicate === true },
  })
  return paymentView(trx, payment)
}

import { chinaDateOf } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import type { PaymentMethod } from '../../db/schema.js'
import { transact } from '../../db/transaction.js'
import { Conflict, Forbidden, NotFound, RuleViolation } from '../../errors.js'
import { renderRefundReceipt } from '../../pdf/refund-receipt.js'
import { requireUser } from '../accounts/service.js'
import { recordAudit } from '../audit/service.js'
import { FAMILY_RECORD_READERS, familyOfEnrollment, loadEnrollment } from '../enrollment/service.js'
import { BOOK_READERS, cashAccount, lockFund, postEntries } from '../ledger/service.js'
import { getPlanForService, loadPlan, planVersionTitle } from '../plans/service.js'
import { getSchoolRef } from '../schools/service.js'
import * as repo from './repository.js'

type RefundRow = NonNullable<Awaited<ReturnType<typeof repo.refundById>>>

export function refundOut(r: RefundRow) {
  return {
    id: r.id,
    planId: r.plan_id,
    enrollmentId: r.enrollment_id,
    refundNo: r.refund_no,
    shareFen: r.share_fen,
    heldFen: r.held_fen,
    amountFen: r.share_fen + r.held_fen,
    status: r.paid_at ? ('paid' as const) : ('unpaid' as const),
    payment: r.paid_at ? { method: r.method!, paidAt: r.paid_at, reference: r.reference, paidBy: r.paid_by! } : null,
    createdAt: r.created_at,
  }
}

async function loadRefund(db: Db | Trx, ctx: Ctx, refundId: string, allowed: readonly string[], action: string) {
  const notFound = () => new NotFound('refund', `Refund ${refundId} not found`)
  const refund = await repo.refundById(db, refundId)
  if (!refund) throw notFound()
  const { plan } = await loadEnrollment(db, ctx, refund.enrollment_id, action, allowed as never, notFound)
  return { refund, plan }
}

/** The collector pays a family its refund (channel, date, transaction number): out of the settled fund's cash. */
export async function markRefundPaid(db: Db, ctx: Ctx, refundId: string, input: { method: PaymentMethod; paidAt: Date; reference?: string | undefined }) {
  const notFound = () => new NotFound('refund', `Refund ${refundId} not found`)
  const found = await repo.refundById(db, refundId)
  if (!found) throw notFound()
  const { plan, hats } = await loadEnrollment(db, ctx, found.enrollment_id, 'pay a refund', ['treasurer', 'school-finance'], notFound)
  const collector = plan.approvedVersion?.collector === 'school' ? 'school-finance' : 'treasurer'
  if (!hats.has(collector)) throw new Forbidden(`This plan's money is handled by the ${collector === 'treasurer' ? "committee's treasurer" : "school's finance office"}`)
  if (input.paidAt.getTime() > ctx.now.getTime() + 5 * 60_000)
    throw new RuleViolation('paid-in-future', 'A refund is recorded once it was paid', [{ path: 'body.paidAt', message: 'in the future' }])
  return transact(db, async (trx) => {
    const lock = await lockFund(trx, plan.committeeId, plan.id, ctx.now, { allowClosed: true })
    const current = (await repo.refundById(trx, refundId))!
    if (current.paid_at) throw new Conflict('refund-already-paid', `Refund ${current.refund_no} was paid on ${chinaDateOf(current.paid_at)}`)
    const amount = current.share_fen + current.held_fen
    const [entry] = await postEntries(trx, ctx, lock, [
      {
        entryDate: chinaDateOf(input.paidAt),
        sourceType: 'refund_payment',
        sourceId: refundId,
        description: `退还结余（${current.refund_no}）`,
        lines: [
          { account: 'refunds_payable', amountFen: amount, enrollmentId: current.enrollment_id },
          { account: cashAccount(input.method), amountFen: -amount },
        ],
      },
    ])
    await repo.insertRefundPayment(
      trx,
      { refundId, method: input.method, paidAt: input.paidAt, reference: input.reference ?? null, paidBy: ctx.actor.userId, entryId: entry!.id },
      ctx.now,
    )
    await recordAudit(trx, ctx, { action: 'refund.paid', entityType: 'refund', entityId: refundId, data: { amountFen: amount, method: input.method, entryId: entry!.id } })
    return refundOut((await repo.refundById(trx, refundId))!)
  })
}

export async function listRefunds(db: Db, ctx: Ctx, planId: string) {
  await loadPlan(db, ctx, planId, { allowed: BOOK_READERS, action: 'see the refunds', seenBy: BOOK_READERS })
  const rows = await repo.refundsOfPlan(db, planId)
  const families = new Map<string, Awaited<ReturnType<typeof familyOfEnrollment>>>()
  for (const r of rows) families.set(r.enrollment_id, await familyOfEnrollment(db, r.enrollment_id))
  const items = rows.map((r) => ({
    ...refundOut(r),
    student: { name: families.get(r.enrollment_id)!.student.name, className: families.get(r.enrollment_id)!.student.className },
    guardian: families.get(r.enrollment_id)!.guardian,
  }))
  return { planId, unpaid: items.filter((i) => i.status === 'unpaid').length, unpaidFen: items.filter((i) => i.status === 'unpaid').reduce((s, i) => s + i.amountFen, 0), items }
}

/** A family sees its own refund and whether it was paid; the committee and the school too. */
export async function listFamilyRefunds(db: Db, ctx: Ctx, enrollmentId: string) {
  await loadEnrollment(db, ctx, enrollmentId, 'see the refunds', [...FAMILY_RECORD_READERS, 'school-finance'])
  return { items: (await repo.refundsOfEnrollment(db, enrollmentId)).map(refundOut) }
}

export async function getRefund(db: Db, ctx: Ctx, refundId: string) {
  return refundOut((await loadRefund(db, ctx, refundId, [...FAMILY_RECORD_READERS, 'school-finance'], 'see the refund')).refund)
}

/** The refund's receipt (退费凭证), once it is paid. */
export async function getRefundReceiptPdf(db: Db, ctx: Ctx, refundId: string) {
  const { refund } = await loadRefund(db, ctx, refundId, [...FAMILY_RECORD_READERS, 'school-finance'], 'see the refund')
  if (!refund.paid_at) throw new Conflict('refund-unpaid', 'The refund is not paid yet: its receipt is made when it is')
  const family = (await familyOfEnrollment(db, refund.enrollment_id))!
  const plan = (await getPlanForService(db, refund.plan_id))!
  const all = await repo.refundsOfPlan(db, refund.plan_id)
  const payer = await requireUser(db, refund.paid_by!)
  const basisTotal = all.reduce((s, r) => s + Math.max(0, r.paid_basis_fen - r.held_fen), 0)
  const refundable = all.reduce((s, r) => s + r.share_fen, 0)
  return renderRefundReceipt(
    {
      refundNo: refund.refund_no,
      school: { name: (await getSchoolRef(db, plan.schoolId)).name },
      committee: { name: plan.committeeName },
      plan: { title: await planVersionTitle(db, plan.id, family.planVersion) },
      term: { name: plan.termName },
      payee: { name: family.guardian.name },
      student: family.student,
      shareFen: refund.share_fen,
      heldCreditFen: refund.held_fen,
      basis: { paidFen: Math.max(0, refund.paid_basis_fen - refund.held_fen), totalPaidFen: basisTotal, refundableFen: refundable },
      channel: refund.method!,
      transactionNo: refund.reference,
      paidAt: refund.paid_at.toISOString(),
      paidBy: { kind: plan.approvedVersion?.collector === 'school' ? 'school-finance' : 'treasurer', name: payer.name },
    },
    { creationDate: refund.paid_at },
  )
}

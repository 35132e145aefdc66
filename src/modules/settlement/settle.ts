import { createHash } from 'node:crypto'
import { canonicalize } from 'json-canonicalize'
import { chinaToday } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import { transact } from '../../db/transaction.js'
import { Conflict, Forbidden, RuleViolation } from '../../errors.js'
import { recordAudit } from '../audit/service.js'
import { BOOK_READERS, closeFund, type EntryLine, lockBooksForPublishing, lockFund, postEntries } from '../ledger/service.js'
import { getPlanForService, loadPlan, type PlanForService, planVersionTitle } from '../plans/service.js'
import { getCommitteeRef, getSchoolRef } from '../schools/service.js'
import { appendStatement } from '../statements/service.js'
import { blockers, computeSettlement, type Settlement, type SettlementOptions } from './figures.js'
import * as repo from './repository.js'

const SETTLEMENT_READERS = BOOK_READERS

async function planOf(db: Db, ctx: Ctx, planId: string, allowed: readonly string[], action: string): Promise<PlanForService> {
  await loadPlan(db, ctx, planId, { allowed: allowed as never, action, seenBy: SETTLEMENT_READERS })
  return (await getPlanForService(db, planId))!
}

/** What the settlement would be now, and what stands in the way of committing it. Available at any time of the term. */
export async function previewSettlement(db: Db, ctx: Ctx, planId: string, opts: SettlementOptions) {
  const plan = await planOf(db, ctx, planId, SETTLEMENT_READERS, 'preview the settlement')
  const s = await computeSettlement(db, ctx, plan, opts)
  const settled = await repo.settlementOf(db, planId)
  const open = blockers(s)
  return { ...s, settled: settled !== undefined, ready: open.length === 0 && !settled, blockers: open }
}

/** The figures a confirmation is checked against: what the families get and why, without the live blockers. */
function fingerprint(s: Settlement) {
  const { open: _, ...figures } = s
  const text = canonicalize(figures)
  return { figures, sha256: createHash('sha256').update(text).digest('hex') }
}

/**
 * The treasurer proposes the settlement from the term's last day, once every month of it is
 * published, no expense awaits approval and no family owes anything (collected or written off).
 * A deficit is proposed too, saying how it was covered. A chair or auditor who did not propose
 * it confirms it (confirmSettlement) — four eyes, as for expenses.
 */
export async function commitSettlement(db: Db, ctx: Ctx, planId: string, input: SettlementOptions & { deficitCoveredBy?: string | undefined }) {
  const plan = await planOf(db, ctx, planId, ['treasurer'], 'settle the term')
  return transact(db, async (trx) => {
    await lockFund(trx, plan.committeeId, planId, ctx.now, { allowClosed: true })
    if (await repo.settlementOf(trx, planId)) throw new Conflict('already-settled', 'This term is already settled')
    const s = await computeSettlement(trx, ctx, plan, input)
    const open = blockers(s)
    if (open.length > 0) throw new RuleViolation('settlement-blocked', `The term cannot be settled yet: ${open.join('; ')}`, [{ path: 'plan', message: open.join('; ') }])
    if (s.deficitFen > 0 && !input.deficitCoveredBy?.trim()) {
      throw new RuleViolation('deficit-uncovered', `The term closes with a deficit of ${s.deficitFen} fen: say how it was covered (deficitCoveredBy)`, [
        { path: 'body.deficitCoveredBy', message: 'required for a deficit' },
      ])
    }
    const { figures, sha256 } = fingerprint(s)
    const proposal = await repo.insertProposal(trx, { planId, figures: { ...figures, options: input }, sha256, proposedBy: ctx.actor.userId }, ctx.now)
    await recordAudit(trx, ctx, {
      action: 'settlement.proposed',
      entityType: 'plan',
      entityId: planId,
      data: { proposalId: proposal.id, sha256, surplusFen: s.surplusFen, refunds: s.refunds.length },
    })
    return { proposalId: proposal.id, status: 'awaiting-confirmation' as const, sha256, ...figures }
  })
}

/**
 * A chair or auditor confirms the proposed settlement. In one transaction: each family's refund
 * is posted (its share of the surplus and its held credit, payable to it), the fund is closed (no
 * more charges, payments or expenses in it; only its refunds are paid), and the settlement
 * statement is published in the committee's hash chain, without names. The figures must be
 * what was proposed; anything changed since is refused.
 */
export async function confirmSettlement(db: Db, ctx: Ctx, planId: string) {
  const plan = await planOf(db, ctx, planId, ['chair', 'auditor'], 'confirm the settlement')
  const committeeSchool = await getSchoolRef(db, plan.schoolId)
  const committeeSlug = (await getCommitteeRef(db, plan.committeeId))!.slug
  return transact(db, async (trx) => {
    // The chain takes the books exclusively: one statement at a time per committee.
    await lockBooksForPublishing(trx, plan.committeeId, ctx.now)
    const lock = await lockFund(trx, plan.committeeId, planId, ctx.now, { allowClosed: true })
    if (await repo.settlementOf(trx, planId)) throw new Conflict('already-settled', 'This term is already settled')
    const proposal = await repo.latestProposal(trx, planId)
    if (!proposal) throw new Conflict('no-proposal', 'The treasurer proposes the settlement first (POST /api/v1/plans/:planId/settlement)')
    if (proposal.proposed_by === ctx.actor.userId) throw new Forbidden('You proposed this settlement: another chair or auditor confirms it (four eyes)')
    const options = (proposal.figures as { options: SettlementOptions & { deficitCoveredBy?: string } }).options
    const s = await computeSettlement(trx, ctx, plan, options)
    const open = blockers(s)
    if (open.length > 0) throw new RuleViolation('settlement-blocked', `The term cannot be settled yet: ${open.join('; ')}`)
    if (fingerprint(s).sha256 !== proposal.figures_sha256)
      throw new Conflict('settlement-changed', 'The books changed since the settlement was proposed: the treasurer proposes it again')
    const today = chinaToday(ctx)
    const entries = s.refunds.map((r) => {
      const lines: EntryLine[] = [{ account: 'refunds_payable', amountFen: -(r.shareFen + r.heldFen), enrollmentId: r.enrollmentId }]
      if (r.shareFen > 0) lines.push({ account: 'surplus_refunds', amountFen: r.shareFen })
      if (r.heldFen > 0) lines.push({ account: 'family_credit', amountFen: r.heldFen, enrollmentId: r.enrollmentId })
      return { entryDate: today, sourceType: 'refund' as const, description: `学期结算退费（结余分摊 ${r.shareFen} 分，余额 ${r.heldFen} 分）`, lines }
    })
    const posted = await postEntries(trx, ctx, lock, entries)
    const statement = await appendStatement(trx, ctx, plan.committeeId, 'settlement', `settlement-${planId}`, planId, {
      format: 'jiawei-settlement/1',
      kind: 'settlement',
      school: { name: committeeSchool.name },
      committee: { name: plan.committeeName, slug: committeeSlug },
      plan: { title: await planVersionTitle(trx, planId, plan.approvedVersion!.version) },
      term: s.term,
      settledOn: today,
      totals: s.totals,
      budget: s.budget,
      surplusFen: s.surplusFen,
      carryOver: s.carryOver,
      refunds: { families: s.refunds.length, sharedFen: s.refunds.reduce((a, r) => a + r.shareFen, 0), heldCreditFen: s.refunds.reduce((a, r) => a + r.heldFen, 0) },
      deficit: s.deficitFen > 0 ? { amountFen: s.deficitFen, coveredBy: options.deficitCoveredBy ?? '' } : null,
      enrolledFamilies: s.enrolledFamilies,
    })
    await repo.insertSettlement(trx, { planId, proposalId: proposal.id, confirmedBy: ctx.actor.userId, statementSeq: statement.seq }, ctx.now)
    const year = today.slice(0, 4)
    await repo.insertRefunds(
      trx,
      s.refunds.map((r, i) => ({
        plan_id: planId,
        enrollment_id: r.enrollmentId,
        refund_no: `TF-${year}-${String(i + 1).padStart(4, '0')}`,
        share_fen: r.shareFen,
        held_fen: r.heldFen,
        paid_basis_fen: r.paidFen,
        entry_id: posted[i]!.id,
        created_at: ctx.now,
      })),
    )
    await closeFund(trx, lock, ctx.now)
    await recordAudit(trx, ctx, {
      action: 'settlement.confirmed',
      entityType: 'plan',
      entityId: planId,
      data: { proposalId: proposal.id, statementSeq: statement.seq, refunds: s.refunds.length },
    })
    return {
      planId,
      status: 'settled' as const,
      statementSeq: statement.seq,
      hash: statement.hash,
      surplusFen: s.surplusFen,
      deficitFen: s.deficitFen,
      refunds: s.refunds.length,
      refundedFen: s.refunds.reduce((a, r) => a + r.amountFen, 0),
    }
  })
}
